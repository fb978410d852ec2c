#pragma once
// Clock: where events get their times; tests substitute a manual clock.
#include <cstdint>

namespace fc {

struct Instant {
    std::int64_t wall_ms = 0;  // UTC ms since the epoch
    std::int64_t mono_ms = 0;  // CLOCK_BOOTTIME ms
};

class Clock {
public:
    virtual ~Clock() = default;
    virtual Instant now() = 0;
};

class SystemClock final : public Clock {
public:
    Instant now() override;
};

// ManualClock: a clock tests move by hand.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Instant start = {1'700'000'000'000, 1'000}) : t_(start) {}
    Instant now() override { return t_; }
    void advance_ms(std::int64_t ms) { t_.wall_ms += ms; t_.mono_ms += ms; }
    void set_wall_ms(std::int64_t ms) { t_.wall_ms = ms; }

private:
    Instant t_;
};

}  // namespace fc
