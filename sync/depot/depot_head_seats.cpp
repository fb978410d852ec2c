#include "depot_head_seats.h"

#include "sync/depot/client_address.h"

namespace fc {

bool HeadSeats::take(const std::string& address) {
    const bool capped = !is_trusted_proxy(uncapped_, address);
    std::lock_guard lock(mutex_);
    std::size_t& n = taken_[address];
    if (capped && n >= per_address_) {
        if (n == 0) taken_.erase(address);
        return false;
    }
    ++n;
    return true;
}

void HeadSeats::give_back(const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto found = taken_.find(address);
    if (found == taken_.end()) return;
    if (--found->second == 0) taken_.erase(found);
}

std::size_t HeadSeats::taken(const std::string& address) const {
    std::lock_guard lock(mutex_);
    const auto found = taken_.find(address);
    return found == taken_.end() ? 0 : found->second;
}

}  // namespace fc
