#include "bad_token_throttle.h"

#include <algorithm>

namespace fc {

BadTokenThrottle::BadTokenThrottle(Settings settings, ThrottleBuckets* shared) : settings_(settings), shared_(shared) {}

// The same bucket arithmetic on a row the instances share. Two instances failing the same key at
// the same instant may each spend the same try: a guesser gains one try per instance at most.
std::int64_t BadTokenThrottle::shared_wait_ms_(const std::string& key, std::int64_t now_ms) {
    const auto row = shared_->bucket(key);
    if (!row) return 0;
    Bucket b{row->tries, row->refilled_ms};
    if (!refill_(b, now_ms)) {
        shared_->forget_bucket(key);
        return 0;
    }
    if (b.tries > 0) return 0;
    return std::max<std::int64_t>(1, b.refilled_ms + settings_.refill_ms - now_ms);
}

void BadTokenThrottle::shared_failure_(const std::string& key, std::int64_t now_ms) {
    const auto row = shared_->bucket(key);
    Bucket b = row ? Bucket{row->tries, row->refilled_ms} : Bucket{settings_.burst, now_ms};
    if (!refill_(b, now_ms)) b.refilled_ms = now_ms;
    if (b.tries > 0) --b.tries;
    shared_->put_bucket(key, {b.tries, b.refilled_ms});
}

bool BadTokenThrottle::refill_(Bucket& b, std::int64_t now_ms) const {
    if (settings_.refill_ms <= 0) {
        b.tries = settings_.burst;
        return false;
    }
    if (now_ms > b.refilled_ms) {
        const std::int64_t earned = (now_ms - b.refilled_ms) / settings_.refill_ms;
        if (earned > 0) {
            b.tries = static_cast<int>(std::min<std::int64_t>(settings_.burst, b.tries + earned));
            b.refilled_ms += earned * settings_.refill_ms;
        }
    }
    return b.tries < settings_.burst;
}

std::int64_t BadTokenThrottle::wait_ms(const std::string& address, std::int64_t now_ms) {
    if (settings_.burst <= 0) return 0;
    if (shared_) return shared_wait_ms_(address, now_ms);
    std::lock_guard lock(mutex_);
    const auto found = buckets_.find(address);
    if (found == buckets_.end()) return 0;
    if (!refill_(found->second, now_ms)) {
        buckets_.erase(found);
        return 0;
    }
    if (found->second.tries > 0) return 0;
    return std::max<std::int64_t>(1, found->second.refilled_ms + settings_.refill_ms - now_ms);
}

void BadTokenThrottle::record_failure(const std::string& address, std::int64_t now_ms) {
    if (settings_.burst <= 0) return;
    if (shared_) return shared_failure_(address, now_ms);
    std::lock_guard lock(mutex_);
    auto found = buckets_.find(address);
    if (found == buckets_.end()) {
        if (buckets_.size() >= settings_.max_addresses) make_room_(now_ms);
        found = buckets_.emplace(address, Bucket{settings_.burst, now_ms}).first;
    }
    Bucket& b = found->second;
    // The refill clock starts with the first try spent from a full bucket.
    if (!refill_(b, now_ms)) b.refilled_ms = now_ms;
    if (b.tries > 0) --b.tries;
}

std::size_t BadTokenThrottle::tracked() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

// Forgets every address whose bucket has filled up again; if that is not enough, the one closest to
// full (it has waited longest), so an attacker flooding the table frees its own entries first.
void BadTokenThrottle::make_room_(std::int64_t now_ms) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        it = refill_(it->second, now_ms) ? std::next(it) : buckets_.erase(it);
    }
    if (buckets_.size() < settings_.max_addresses || buckets_.empty()) return;
    auto fullest = std::max_element(buckets_.begin(), buckets_.end(), [](const auto& a, const auto& b) {
        if (a.second.tries != b.second.tries) return a.second.tries < b.second.tries;
        return a.second.refilled_ms > b.second.refilled_ms;
    });
    buckets_.erase(fullest);
}

}  // namespace fc
