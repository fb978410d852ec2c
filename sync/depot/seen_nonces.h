#pragma once
// SeenNonces: the nonces of signed requests the depot accepted in the last ten minutes, so a
// captured request sent again is refused (`replayed`). Bounded in memory, safe under the worker pool.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_set>

namespace fc {

class SeenNonces {
public:
    enum class Outcome { Fresh, Replayed, Full };

    // Why ten minutes: a request is accepted only within ±5 min of the depot's clock, so a nonce
    // older than that window on both sides can never be presented with a valid `created` again.
    static constexpr std::int64_t kRememberMs = 10 * 60 * 1000;

    explicit SeenNonces(std::size_t capacity = 200000) : capacity_(capacity) {}

    // Records `key_id`'s nonce as seen at `now_ms` (monotonic); Replayed when it was seen within the
    // last ten minutes; Full when that many nonces arrived in ten minutes (the depot answers busy
    // rather than forget one early and let a replay through).
    Outcome remember(const std::string& key_id, const std::string& nonce, std::int64_t now_ms);

private:
    struct Seen {
        std::string key;
        std::int64_t at_ms;
    };
    void forget_older_than_(std::int64_t cutoff_ms);

    std::size_t capacity_;
    std::mutex mutex_;
    std::deque<Seen> order_;  // oldest first: monotonic time only grows
    std::unordered_set<std::string> keys_;
};

}  // namespace fc
