#include "sync/depot/seen_nonces.h"

namespace fc {

void SeenNonces::forget_older_than_(std::int64_t cutoff_ms) {
    while (!order_.empty() && order_.front().at_ms < cutoff_ms) {
        keys_.erase(order_.front().key);
        order_.pop_front();
    }
}

SeenNonces::Outcome SeenNonces::remember(const std::string& key_id, const std::string& nonce, std::int64_t now_ms) {
    // Why the key id in the entry: two tablets that happen to pick the same nonce are not replays.
    std::string key = key_id + '\n' + nonce;
    std::lock_guard lock(mutex_);
    forget_older_than_(now_ms - kRememberMs);
    if (keys_.count(key) != 0) return Outcome::Replayed;
    if (keys_.size() >= capacity_) return Outcome::Full;
    keys_.insert(key);
    order_.push_back({std::move(key), now_ms});
    return Outcome::Fresh;
}

}  // namespace fc
