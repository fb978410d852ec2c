#include "tests/sync/client/fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <stdexcept>

namespace fc::test {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr const char* kPortalPage =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\nContent-Length: 118\r\n\r\n"
    "<!DOCTYPE html><html><head><title>Welkom bij CafeWifi</title></head><body>Accept the terms to go online</body></html>";

bool send_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

int connect_loopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    return fd;
}

}  // namespace

const char* to_string(Fault f) {
    switch (f) {
        case Fault::None: return "none";
        case Fault::CutRequest: return "cut request";
        case Fault::CutResponse: return "cut response";
        case Fault::DropResponse: return "drop response after commit";
        case Fault::Stall: return "stall";
        case Fault::CaptivePortal: return "captive portal";
    }
    return "?";
}

struct FaultProxy::Connection {
    std::thread thread;
    std::atomic<bool> done{false};
};

FaultProxy::FaultProxy(int depot_port, std::uint64_t seed, int stall_ms)
    : depot_port_(depot_port), stall_ms_(stall_ms), random_(seed) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw std::runtime_error("proxy: socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t length = sizeof addr;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
        ::close(listen_fd_);
        throw std::runtime_error("proxy: cannot listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop_(); });
}

FaultProxy::~FaultProxy() {
    stopping_ = true;
    acceptor_.join();
    ::close(listen_fd_);
    for (auto& c : connections_) c->thread.join();
}

void FaultProxy::set_fault_share(double share) {
    std::lock_guard lock(mutex_);
    fault_share_ = share;
}

std::map<Fault, std::uint64_t> FaultProxy::faults_dealt() const {
    std::lock_guard lock(mutex_);
    return dealt_;
}

std::map<std::string, std::uint64_t> FaultProxy::visit_uploads() const {
    std::lock_guard lock(mutex_);
    return uploads_;
}

std::size_t FaultProxy::connections_accepted() const {
    std::lock_guard lock(mutex_);
    return accepted_;
}

void FaultProxy::accept_loop_() {
    while (!stopping_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        int yes = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        Fault fault = Fault::None;
        bool at_visit_upload = false;
        std::size_t cut_at = 0;
        {
            std::lock_guard lock(mutex_);
            if (std::uniform_real_distribution<double>(0, 1)(random_) < fault_share_) {
                fault = static_cast<Fault>(1 + random_() % 5);
                at_visit_upload = random_() % 2 == 0;
                const bool on_requests = fault == Fault::CutRequest || fault == Fault::Stall;
                if (at_visit_upload) {
                    // Within the visit's headers and record (a few KB), or just after it; the
                    // answer is dropped from its first byte or cut inside its ~250 bytes.
                    cut_at = on_requests ? random_() % 8'000 : fault == Fault::CutResponse ? random_() % 300 : 0;
                } else {
                    // A pass sends about 60 KB per visit (health check, photo, signature, record) and
                    // gets a few hundred bytes back per request.
                    cut_at = on_requests ? random_() % 64'000 : random_() % 1'500;
                }
            }
            ++dealt_[fault];
            ++accepted_;
            // Finished connections are joined here, so a long run keeps few threads around.
            std::erase_if(connections_, [](const std::unique_ptr<Connection>& c) {
                if (!c->done) return false;
                c->thread.join();
                return true;
            });
        }
        auto connection = std::make_unique<Connection>();
        Connection* raw = connection.get();
        connection->thread = std::thread([this, client, fault, at_visit_upload, cut_at, raw] {
            serve_(client, fault, at_visit_upload, cut_at);
            raw->done = true;
        });
        std::lock_guard lock(mutex_);
        connections_.push_back(std::move(connection));
    }
}

bool FaultProxy::note_request_bytes_(std::string& tail, const char* data, std::size_t size) {
    static constexpr std::string_view kUpload = "PUT /api/v1/visits/";
    tail.append(data, size);
    bool found = false;
    std::size_t from = 0;
    for (std::size_t at; (at = tail.find(kUpload, from)) != std::string::npos;) {
        const std::size_t id_start = at + kUpload.size();
        const std::size_t id_end = tail.find(' ', id_start);
        if (id_end == std::string::npos) {
            from = at;  // the id is not complete yet: keep it for the next bytes
            break;
        }
        found = true;
        std::lock_guard lock(mutex_);
        ++uploads_[tail.substr(id_start, id_end - id_start)];
        from = id_end;
    }
    // Keep only what could still be the start of an upload line.
    const std::size_t keep = std::max<std::size_t>(from, tail.size() > 200 ? tail.size() - 200 : 0);
    tail.erase(0, std::min(keep, tail.size()));
    return found;
}

void FaultProxy::serve_(int client, Fault fault, bool at_visit_upload, std::size_t cut_at) {
    char buf[16384];
    if (fault == Fault::CaptivePortal && !at_visit_upload) {
        const auto give_up_at = SteadyClock::now() + std::chrono::milliseconds(stall_ms_);
        std::string request;
        while (!stopping_ && SteadyClock::now() < give_up_at) {
            if (request.find("\r\n\r\n") != std::string::npos) {
                send_all(client, kPortalPage, std::char_traits<char>::length(kPortalPage));
                break;
            }
            pollfd p{client, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            const ssize_t n = ::recv(client, buf, sizeof buf, 0);
            if (n <= 0) break;
            request.append(buf, static_cast<std::size_t>(n));
        }
        ::close(client);
        return;
    }

    const int depot = connect_loopback(depot_port_);
    if (depot < 0) {
        ::close(client);
        return;
    }
    constexpr std::size_t kNotYet = static_cast<std::size_t>(-1);
    // Where the fault strikes: in request bytes for CutRequest and Stall, in answer bytes for the
    // others. Aimed at the visit upload, it is fixed when that upload is seen.
    const bool on_requests = fault == Fault::CutRequest || fault == Fault::Stall;
    std::size_t strike = fault == Fault::None || at_visit_upload ? kNotYet : cut_at;
    std::size_t up = 0;
    std::size_t down = 0;
    std::string tail;
    bool open = true;
    bool stalled = false;
    while (open && !stopping_) {
        pollfd p[2] = {{client, POLLIN, 0}, {depot, POLLIN, 0}};
        if (::poll(p, 2, 20) <= 0) continue;
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::recv(client, buf, sizeof buf, 0);
            if (n <= 0) break;
            auto size = static_cast<std::size_t>(n);
            if (note_request_bytes_(tail, buf, size) && at_visit_upload && fault != Fault::None && strike == kNotYet) {
                if (fault == Fault::CaptivePortal) {
                    // A portal that takes over mid-session: the visit never reaches the depot, and
                    // the tablet gets a login page with 200 OK instead of a receipt.
                    send_all(client, kPortalPage, std::char_traits<char>::length(kPortalPage));
                    break;
                }
                strike = (on_requests ? up : down) + cut_at;
            }
            if (on_requests && strike != kNotYet && up + size >= strike) {
                size = strike - up;
                if (fault == Fault::CutRequest) open = false;
                else stalled = true;
            }
            if (!send_all(depot, buf, size)) break;
            up += size;
        }
        if (stalled) break;
        if (open && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
            const ssize_t n = ::recv(depot, buf, sizeof buf, 0);
            if (n <= 0) break;
            auto size = static_cast<std::size_t>(n);
            if (!on_requests && strike != kNotYet && down + size >= strike) {
                // DropResponse: this answer began, so the depot has committed; the tablet hears none of it.
                size = fault == Fault::CutResponse ? strike - down : 0;
                open = false;
            }
            if (!send_all(client, buf, size)) break;
            down += size;
        }
    }
    ::close(depot);
    if (stalled) {
        // Nothing more goes either way; the tablet's read timeout must end the wait.
        const auto give_up_at = SteadyClock::now() + std::chrono::milliseconds(stall_ms_);
        while (!stopping_ && SteadyClock::now() < give_up_at) {
            pollfd p{client, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            if (::recv(client, buf, sizeof buf, 0) <= 0) break;
        }
    }
    ::close(client);
}

}  // namespace fc::test
