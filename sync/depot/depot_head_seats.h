#pragma once
// HeadSeats: how many connections from each peer address are waiting for or sending a request head.
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fc {

// Why only the head phase is counted: a tablet spends milliseconds there and the rest of its time
// being served, while a slow-loris client stays in it; capping it per address keeps one address
// from holding every worker thread without limiting how many requests a busy tablet gets served.
// A trusted reverse proxy is counted but never capped: every tablet behind it shares its address,
// and the proxy keeps limits of its own.
class HeadSeats {
public:
    explicit HeadSeats(std::size_t per_address, std::vector<std::string> uncapped = {})
        : per_address_(per_address), uncapped_(std::move(uncapped)) {}

    // Takes a seat for `address`; false when it already holds `per_address` of them and is not
    // one of the uncapped addresses (any spelling of one: is_trusted_proxy).
    bool take(const std::string& address);
    void give_back(const std::string& address);
    std::size_t taken(const std::string& address) const;

private:
    const std::size_t per_address_;
    const std::vector<std::string> uncapped_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::size_t> taken_;  // only addresses holding a seat
};

// HeadSeat: one connection's seat, given back when the head has been read or the connection ends.
class HeadSeat {
public:
    HeadSeat(HeadSeats& seats, std::string address) : seats_(seats), address_(std::move(address)) {}
    ~HeadSeat() { give_back(); }
    HeadSeat(const HeadSeat&) = delete;
    HeadSeat& operator=(const HeadSeat&) = delete;

    bool take() {
        if (!held_) held_ = seats_.take(address_);
        return held_;
    }
    void give_back() {
        if (held_) seats_.give_back(address_);
        held_ = false;
    }
    bool held() const { return held_; }

private:
    HeadSeats& seats_;
    const std::string address_;
    bool held_ = false;
};

}  // namespace fc
