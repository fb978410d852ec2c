#pragma once
// BadTokenThrottle: slows down token guessing from one network address (a token bucket per address).
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "checklists/clock.h"

namespace fc {

// ThrottleBuckets: where a throttle keeps its buckets when several depot instances must share them
// (the PostgreSQL depot's database, DepotStore); without one, a throttle keeps them in memory.
class ThrottleBuckets {
public:
    struct Row {
        int tries = 0;
        std::int64_t refilled_ms = 0;
    };
    virtual ~ThrottleBuckets() = default;
    // nullopt: no bucket (a full one); an error leaves the throttle as if there were none.
    virtual std::optional<Row> bucket(const std::string& key) = 0;
    virtual void put_bucket(const std::string& key, const Row& row) = 0;
    virtual void forget_bucket(const std::string& key) = 0;
};

// Why a bucket and not a ban: a tablet with a revoked token, or a technician who mistypes, fails a
// few times and must not be locked out for long; a guesser is held to one try per refill interval.
// An address may fail `burst` times in a row; each `refill_ms` gives one more try back. While its
// bucket is empty the depot answers 429 without looking the token up, so guessing learns nothing.
class BadTokenThrottle {
public:
    struct Settings {
        int burst = 10;
        std::int64_t refill_ms = 6000;
        std::size_t max_addresses = 10000;  // memory bound: an attacker with many addresses evicts old entries
    };

    explicit BadTokenThrottle(Settings settings, ThrottleBuckets* shared = nullptr);
    // Whether the buckets are shared: then `now_ms` must be wall-clock time, which every instance shares.
    bool shared() const { return shared_ != nullptr; }
    // The time to give wait_ms and record_failure: the wall clock when shared; else the monotonic
    // clock, which does not jump when someone sets the depot's date.
    std::int64_t now_ms(Clock& clock) const {
        const Instant t = clock.now();
        return shared() ? t.wall_ms : t.mono_ms;
    }

    // Milliseconds until `address` may present a token again; 0 when it may now.
    std::int64_t wait_ms(const std::string& address, std::int64_t now_ms);
    // A request from `address` failed authentication (a wrong, revoked or missing token).
    void record_failure(const std::string& address, std::int64_t now_ms);
    // Addresses with an unfull bucket (full ones are forgotten: they are the default).
    std::size_t tracked() const;

private:
    struct Bucket {
        int tries = 0;                 // left before the address must wait
        std::int64_t refilled_ms = 0;  // when the last try was given back (or the first was spent)
    };

    // Gives back the tries earned since the bucket's last refill; false when it is full again.
    bool refill_(Bucket& b, std::int64_t now_ms) const;
    void make_room_(std::int64_t now_ms);

    std::int64_t shared_wait_ms_(const std::string& key, std::int64_t now_ms);
    void shared_failure_(const std::string& key, std::int64_t now_ms);

    Settings settings_;
    ThrottleBuckets* shared_ = nullptr;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace fc
