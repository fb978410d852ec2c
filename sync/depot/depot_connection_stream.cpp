#include "depot_connection_stream.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace fc {
namespace {

// Numeric host and port of a socket address; an IPv4 peer reached over an IPv6 socket is shown as
// IPv4, so one tablet has one key whichever way the depot listens.
void numeric_address(const sockaddr_storage& addr, socklen_t len, std::string& ip, int& port) {
    if (addr.ss_family == AF_INET6) {
        const auto& a6 = reinterpret_cast<const sockaddr_in6&>(addr);
        port = ntohs(a6.sin6_port);
        if (IN6_IS_ADDR_V4MAPPED(&a6.sin6_addr)) {
            char text[INET_ADDRSTRLEN] = {};
            if (inet_ntop(AF_INET, &a6.sin6_addr.s6_addr[12], text, sizeof text)) ip = text;
            return;
        }
    } else if (addr.ss_family == AF_INET) {
        port = ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
    } else {
        return;
    }
    char host[NI_MAXHOST] = {};
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof host, nullptr, 0, NI_NUMERICHOST) == 0) ip = host;
}

}  // namespace

DepotStream::DepotStream(socket_t fd, const ConnectionLimits& limits, int stop_fd)
    : fd_(fd), limits_(limits), stop_fd_(stop_fd) {
    const int flags = ::fcntl(fd_, F_GETFL, 0);
    if (flags >= 0) ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) numeric_address(addr, len, peer_ip_, peer_port_);
    begin_head();
}

void DepotStream::begin_head() {
    in_head_ = true;
    head_bytes_ = 0;
    head_deadline_ = Clock::now() + limits_.head_timeout;
}

void DepotStream::end_head() {
    in_head_ = false;
    body_started_ = Clock::now();
    body_bytes_ = 0;
    body_line_bytes_ = 0;
}

DepotStream::Wait DepotStream::wait_(Want want, Clock::time_point until, bool stoppable) const {
    pollfd fds[2] = {{fd_, static_cast<short>(want == Want::Write ? POLLOUT : POLLIN), 0}, {stop_fd_, POLLIN, 0}};
    const nfds_t count = stoppable && stop_fd_ >= 0 ? 2 : 1;
    for (;;) {
        const auto now = Clock::now();
        if (now >= until) return Wait::Timeout;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - now).count();
        const int ready = ::poll(fds, count, static_cast<int>(std::min<long long>(left, INT_MAX)));
        if (ready < 0) {
            if (errno == EINTR) continue;
            return Wait::Broken;
        }
        if (ready == 0) continue;  // the clock decides, not poll's rounding
        if (count == 2 && fds[1].revents != 0) return Wait::Stopping;
        return Wait::Ready;  // POLLHUP and POLLERR too: the next transport step tells which
    }
}

DepotStream::Cut DepotStream::wait_in_phase(Want want) const {
    if (in_head_) {
        switch (wait_(want, head_deadline_, true)) {
            case Wait::Ready: return Cut::None;
            case Wait::Timeout: return Cut::HeadTimeout;
            case Wait::Stopping: return Cut::Stopping;
            case Wait::Broken: return Cut::Broken;
        }
        return Cut::Broken;
    }
    // The body: each wait is bounded by the read timeout, and the whole by the minimum average rate
    // (after the grace period): the moment the bytes so far stop covering the time taken, it ends.
    const auto now = Clock::now();
    auto too_slow_at = Clock::time_point::max();
    if (limits_.min_body_bytes_per_s > 0) {
        const auto covered = std::chrono::milliseconds(static_cast<long long>(body_bytes_ * 1000 / limits_.min_body_bytes_per_s));
        too_slow_at = body_started_ + std::max<std::chrono::milliseconds>(limits_.slow_body_grace, covered);
        if (now >= too_slow_at) return Cut::BodyTooSlow;
    }
    const auto timeout_at = now + limits_.read_timeout;
    switch (wait_(want, std::min(timeout_at, too_slow_at), false)) {
        case Wait::Ready: return Cut::None;
        case Wait::Timeout: return too_slow_at < timeout_at ? Cut::BodyTooSlow : Cut::BodyTimeout;
        case Wait::Stopping: return Cut::Stopping;
        case Wait::Broken: return Cut::Broken;
    }
    return Cut::Broken;
}

bool DepotStream::wait_for_request(std::chrono::milliseconds idle) {
    if (cut_ != Cut::None) return false;
    if (buffer_at_ < buffer_end_ || has_pending_input()) return true;  // a pipelined request
    switch (wait_(Want::Read, std::min(Clock::now() + idle, head_deadline_), true)) {
        case Wait::Ready: return true;
        case Wait::Stopping: cut_ = Cut::Stopping; return false;
        case Wait::Broken: cut_ = Cut::Broken; return false;
        case Wait::Timeout: return false;  // an idle keep-alive connection: closed, nothing cut
    }
    return false;
}

bool DepotStream::is_readable() const {
    if (cut_ != Cut::None) return false;
    return buffer_at_ < buffer_end_ || has_pending_input() || wait_in_phase(Want::Read) == Cut::None;
}

bool DepotStream::is_writable() const {
    return !write_failed_ && wait_(Want::Write, Clock::now() + limits_.write_timeout, false) == Wait::Ready;
}

ssize_t DepotStream::hand_over_(char* ptr, size_t size) {
    const size_t n = std::min(size, buffer_end_ - buffer_at_);
    std::memcpy(ptr, buffer_ + buffer_at_, n);
    buffer_at_ += n;
    (in_head_ ? head_bytes_ : body_bytes_) += n;
    return static_cast<ssize_t>(n);
}

ssize_t DepotStream::read(char* ptr, size_t size) {
    const ssize_t n = read_(ptr, size);
    if (!in_head_ && n > 0) {
        if (size > 1) {
            body_line_bytes_ = 0;
        } else if (*ptr == '\n') {
            body_line_bytes_ = 0;
        } else if (++body_line_bytes_ > kMaxBodyLineBytes) {
            cut_ = Cut::BodyLineTooLong;
            return -1;
        }
    }
    return n;
}

ssize_t DepotStream::read_(char* ptr, size_t size) {
    if (cut_ != Cut::None) return -1;
    if (size == 0) return 0;
    if (in_head_) {
        // Past the budget the read fails: cpp-httplib answers 400 and the connection closes.
        if (head_bytes_ >= limits_.max_head_bytes) {
            cut_ = Cut::HeadTooLarge;
            return -1;
        }
        size = std::min(size, limits_.max_head_bytes - head_bytes_);
    }
    if (buffer_at_ < buffer_end_) return hand_over_(ptr, size);
    const bool direct = size >= kBufferSize;  // body reads come in 4 KiB pieces: no copy for them
    for (;;) {
        const Io io = receive(direct ? ptr : buffer_, direct ? size : kBufferSize);
        if (io.n > 0) {
            if (direct) {
                (in_head_ ? head_bytes_ : body_bytes_) += static_cast<size_t>(io.n);
                return io.n;
            }
            buffer_at_ = 0;
            buffer_end_ = static_cast<size_t>(io.n);
            return hand_over_(ptr, size);
        }
        if (io.want == Want::Nothing) {
            cut_ = io.n == 0 ? Cut::PeerClosed : Cut::Broken;
            return io.n == 0 ? 0 : -1;
        }
        if (const Cut why = wait_in_phase(io.want); why != Cut::None) {
            cut_ = why;
            return -1;
        }
    }
}

ssize_t DepotStream::write(const char* ptr, size_t size) {
    if (write_failed_) return -1;
    size_t done = 0;
    while (done < size) {
        const Io io = send(ptr + done, size - done);
        if (io.n > 0) {
            done += static_cast<size_t>(io.n);
            continue;
        }
        if (io.want == Want::Nothing || wait_(io.want, Clock::now() + limits_.write_timeout, false) != Wait::Ready) {
            write_failed_ = true;
            return -1;
        }
    }
    return static_cast<ssize_t>(size);
}

DepotStream::Io DepotStream::receive(char* into, size_t size) {
    for (;;) {
        const ssize_t n = ::recv(fd_, into, size, 0);
        if (n >= 0) return {n, Want::Nothing};
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return {-1, Want::Read};
        return {-1, Want::Nothing};
    }
}

DepotStream::Io DepotStream::send(const char* from, size_t size) {
    for (;;) {
        const ssize_t n = ::send(fd_, from, size, MSG_NOSIGNAL);
        if (n > 0) return {n, Want::Nothing};
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return {-1, Want::Write};
        return {-1, Want::Nothing};
    }
}

void DepotStream::get_remote_ip_and_port(std::string& ip, int& port) const {
    ip = peer_ip_;
    port = peer_port_;
}

void DepotStream::get_local_ip_and_port(std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) numeric_address(addr, len, ip, port);
}

}  // namespace fc
