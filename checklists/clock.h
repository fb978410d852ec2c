#pragma once
// Clock: where every reader of time in fieldcheck gets it; each program's main makes one
// SystemClock and hands it down, tests hand down a ManualClock instead.
#include <cstdint>
#include <mutex>

namespace fc {

// Instant: one reading of a clock, on the wall calendar and on a counter that never goes back.
struct Instant {
    std::int64_t wall_ms = 0;  // UTC ms since the epoch; may jump (NTP, a date put right)
    std::int64_t mono_ms = 0;  // CLOCK_BOOTTIME ms; for timeouts and paces, never for dates
};

// Why an interface: the device store, the sync loop and the depot stamp times and pace retries;
// a test that could not set the time would have to wait for it. now() may be called from any thread.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Instant now() = 0;
};

// SystemClock: the machine's clocks.
class SystemClock final : public Clock {
public:
    Instant now() override;
};

// ManualClock: a clock tests move by hand. Thread-safe: a depot's workers or a tablet's sync thread
// read it while the test moves it. A copy starts where the original stands and moves on its own.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Instant start = {1'700'000'000'000, 1'000}) : t_(start) {}
    ManualClock(const ManualClock& other) : t_(other.read_()) {}
    ManualClock& operator=(const ManualClock& other) {
        const Instant t = other.read_();
        std::lock_guard lock(mutex_);
        t_ = t;
        return *this;
    }
    Instant now() override { return read_(); }
    void advance_ms(std::int64_t ms) {
        std::lock_guard lock(mutex_);
        t_.wall_ms += ms;
        t_.mono_ms += ms;
    }
    // Only the wall calendar moves (a date put right); the counter does not.
    void set_wall_ms(std::int64_t ms) {
        std::lock_guard lock(mutex_);
        t_.wall_ms = ms;
    }

private:
    Instant read_() const {
        std::lock_guard lock(mutex_);
        return t_;
    }

    mutable std::mutex mutex_;
    Instant t_;
};

}  // namespace fc
