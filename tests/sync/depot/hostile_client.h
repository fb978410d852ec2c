#pragma once
// Raw-socket HTTP/1.1 exchanges with a live depot from a chosen loopback address, for requests no
// client library would send (endless lines, gigabyte bodies, one byte a second), recording what the
// depot did with each: its answer, when it hung up, how much it let in first. Outgoing: the bytes
// to send; Exchange: what happened on one connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fc::test {

// Outgoing: one request's bytes, made piece by piece so that a 2 GB body never sits in memory.
struct Outgoing {
    std::function<bool(std::string& piece)> next;  // fills the next piece; false: nothing more to send
    int pause_ms = 0;            // wait after each piece (a slow client)
    bool hang_up_after = false;  // close our end once everything went out (an upload broken off)
    bool answer_has_body = true; // false for HEAD: the answer ends with its head
};

// Exchange: what happened on one connection, from connect to the end.
struct Exchange {
    int status = 0;                     // the depot's answer; 0: none came
    std::string head;                   // the answer's status line and headers
    std::uint64_t bytes_sent = 0;       // taken by our kernel (socket buffers included) before the end
    std::uint64_t bytes_at_answer = 0;  // the same when the answer's head arrived
    bool all_sent = false;              // the whole request went out
    bool answered = false;              // a whole answer arrived
    bool closed_by_depot = false;       // EOF or reset from the depot
    bool says_close = false;            // the answer said "Connection: close"
    bool hung_up = false;               // we closed first (Outgoing::hang_up_after)
    bool timed_out = false;             // the deadline ended it: the depot neither answered nor closed
    double answer_s = -1;               // seconds from connect to the answer's head
    double seconds = 0;                 // seconds from connect to the end
    std::string failure;                // no connection could be made

    // The value of answer header `name` (case-insensitive), "" when absent.
    std::string header(const std::string& name) const {
        std::size_t at = head.find("\r\n");
        while (at != std::string::npos && at + 2 < head.size()) {
            const std::size_t end = head.find("\r\n", at + 2);
            const std::string line = head.substr(at + 2, end == std::string::npos ? std::string::npos : end - at - 2);
            const auto colon = line.find(':');
            if (colon == name.size() && std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
                    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
                })) {
                std::string value = line.substr(colon + 1);
                while (!value.empty() && value.front() == ' ') value.erase(0, 1);
                return value;
            }
            at = end;
        }
        return {};
    }
};

// Outgoing for a request held whole in memory.
inline Outgoing whole(std::string bytes) {
    auto left = std::make_shared<std::string>(std::move(bytes));
    Outgoing o;
    o.next = [left](std::string& piece) {
        if (left->empty()) return false;
        piece = std::move(*left);
        left->clear();
        return true;
    };
    return o;
}

// Outgoing for `head`, then `body_bytes` bytes of `fill` in pieces of 64 KiB.
inline Outgoing head_and_filler(std::string head, std::uint64_t body_bytes, char fill) {
    struct State {
        std::string head;
        std::uint64_t left;
        std::string block;
    };
    auto s = std::make_shared<State>(State{std::move(head), body_bytes, std::string(64 * 1024, fill)});
    Outgoing o;
    o.next = [s](std::string& piece) {
        if (!s->head.empty()) {
            piece = std::move(s->head);
            s->head.clear();
            return true;
        }
        if (s->left == 0) return false;
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(s->left, s->block.size()));
        piece.assign(s->block, 0, n);
        s->left -= n;
        return true;
    };
    return o;
}

// Outgoing for `head` and a chunked body of `body_bytes` bytes in well-formed 64 KiB chunks.
inline Outgoing head_and_chunks(std::string head, std::uint64_t body_bytes) {
    struct State {
        std::string head;
        std::uint64_t left;
        bool ended = false;
    };
    auto s = std::make_shared<State>(State{std::move(head), body_bytes});
    Outgoing o;
    o.next = [s](std::string& piece) {
        if (!s->head.empty()) {
            piece = std::move(s->head);
            s->head.clear();
            return true;
        }
        if (s->left == 0) {
            if (s->ended) return false;
            s->ended = true;
            piece = "0\r\n\r\n";
            return true;
        }
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(s->left, 64 * 1024));
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", n);
        piece = size;
        piece.append(n, 'c');
        piece += "\r\n";
        s->left -= n;
        return true;
    };
    return o;
}

// Outgoing that sends `bytes` one byte per `pause_ms`.
inline Outgoing drip(std::string bytes, int pause_ms) {
    auto s = std::make_shared<std::pair<std::string, std::size_t>>(std::move(bytes), 0);
    Outgoing o;
    o.pause_ms = pause_ms;
    o.next = [s](std::string& piece) {
        if (s->second >= s->first.size()) return false;
        piece.assign(1, s->first[s->second++]);
        return true;
    };
    return o;
}

// A non-blocking TCP connection from `from` (any 127.x address on Linux) to 127.0.0.1:`port`;
// -1 with `failure` set when it cannot be made within 5 s.
inline int connect_from(const std::string& from, int port, std::string& failure) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        failure = std::string("socket: ") + std::strerror(errno);
        return -1;
    }
    // A small send buffer keeps "bytes taken by our kernel" close to "bytes the depot let in".
    const int sndbuf = 64 * 1024;
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, from.c_str(), &local.sin_addr);
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
        failure = "bind " + from + ": " + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    if (::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0 && errno != EINPROGRESS) {
        failure = std::string("connect: ") + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    pollfd p{fd, POLLOUT, 0};
    int error = 0;
    socklen_t len = sizeof error;
    if (::poll(&p, 1, 5000) != 1 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0) {
        failure = std::string("connect: ") + (error ? std::strerror(error) : "timed out");
        ::close(fd);
        return -1;
    }
    return fd;
}

namespace hostile_detail {

inline double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Reads what is there; false once the depot closed (EOF or reset).
inline bool read_available(int fd, std::string& in) {
    char buf[16384];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n > 0) {
            // An answer is a few hundred bytes; keep at most 1 MiB of whatever comes.
            if (in.size() < (1u << 20)) in.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n == 0) return false;
        if (errno == EINTR) continue;
        return errno == EAGAIN || errno == EWOULDBLOCK ? true : false;
    }
}

// Notes the answer's head once it is all there; true once the whole answer is.
inline bool take_answer(const std::string& in, bool has_body, Exchange& x, std::chrono::steady_clock::time_point start) {
    if (x.head.empty()) {
        const auto end = in.find("\r\n\r\n");
        if (end == std::string::npos) return false;
        x.head = in.substr(0, end + 2);
        x.bytes_at_answer = x.bytes_sent;
        x.answer_s = seconds_since(start);
        if (x.head.rfind("HTTP/1.", 0) == 0 && x.head.size() > 12) x.status = std::atoi(x.head.c_str() + 9);
    }
    if (!has_body) return true;
    const std::string length = x.header("Content-Length");
    const std::size_t body = length.empty() ? 0 : static_cast<std::size_t>(std::strtoull(length.c_str(), nullptr, 10));
    return in.size() >= x.head.size() + 2 + body;
}

}  // namespace hostile_detail

// How long after an answer with "Connection: close" the depot has to actually close.
inline constexpr double kCloseWaitS = 2.0;

// Sends `out` from `from` to the depot at 127.0.0.1:`port` while reading whatever it answers, until
// the whole request went out and a whole answer came back (and, if the answer says
// "Connection: close", the depot closed), or the depot hung up, or `deadline_s` passed. Sending
// goes on after an early answer: how much the depot takes before it hangs up is part of what is
// measured.
inline Exchange exchange(const std::string& from, int port, const Outgoing& out, double deadline_s) {
    using namespace hostile_detail;
    Exchange x;
    const auto start = std::chrono::steady_clock::now();
    const int fd = connect_from(from, port, x.failure);
    if (fd < 0) return x;
    std::string piece;
    std::size_t offset = 0;
    bool source_done = false;
    auto next_piece_at = start;
    std::string in;
    for (;;) {
        const double elapsed = seconds_since(start);
        if (elapsed >= deadline_s) {
            x.timed_out = !x.answered;
            break;
        }
        if (!source_done && offset == piece.size() && std::chrono::steady_clock::now() >= next_piece_at) {
            piece.clear();
            offset = 0;
            if (!out.next(piece)) {
                source_done = true;
                x.all_sent = true;
                if (out.hang_up_after) {
                    x.hung_up = true;
                    break;
                }
            } else if (out.pause_ms > 0) {
                next_piece_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(out.pause_ms);
            }
        }
        if (x.answered && source_done) {
            // An answer that says the connection ends must be followed by the end: wait for it.
            if (x.header("Connection") != "close" || seconds_since(start) - x.answer_s > kCloseWaitS) break;
        }
        const bool want_write = offset < piece.size();
        pollfd p{fd, static_cast<short>(POLLIN | (want_write ? POLLOUT : 0)), 0};
        int wait_ms = static_cast<int>(std::min(100.0, (deadline_s - elapsed) * 1000.0)) + 1;
        if (!want_write && !source_done) {
            const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(next_piece_at - std::chrono::steady_clock::now()).count();
            wait_ms = std::max(0, std::min<int>(wait_ms, static_cast<int>(until)));
        }
        if (::poll(&p, 1, wait_ms) < 0 && errno != EINTR) break;
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            const bool open = read_available(fd, in);
            if (!x.answered && take_answer(in, out.answer_has_body, x, start)) x.answered = true;
            if (!open) {
                x.closed_by_depot = true;
                break;
            }
        }
        if (want_write && (p.revents & POLLOUT)) {
            const ssize_t n = ::send(fd, piece.data() + offset, piece.size() - offset, MSG_NOSIGNAL);
            if (n > 0) {
                offset += static_cast<std::size_t>(n);
                x.bytes_sent += static_cast<std::uint64_t>(n);
            } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                // The depot closed; an answer it sent first may still be waiting to be read.
                read_available(fd, in);
                if (!x.answered && take_answer(in, out.answer_has_body, x, start)) x.answered = true;
                x.closed_by_depot = true;
                break;
            }
        }
    }
    x.seconds = seconds_since(start);
    x.says_close = x.header("Connection") == "close";
    ::close(fd);
    return x;
}

// Opens `count` connections from `from` that never send a byte, then waits up to `deadline_s`
// for the depot to answer or close each one.
inline std::vector<Exchange> idle_connections(const std::string& from, int port, int count, double deadline_s) {
    using namespace hostile_detail;
    std::vector<Exchange> xs(static_cast<std::size_t>(count));
    std::vector<int> fds(xs.size(), -1);
    std::vector<std::string> ins(xs.size());
    std::vector<std::chrono::steady_clock::time_point> starts(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        starts[i] = std::chrono::steady_clock::now();
        fds[i] = connect_from(from, port, xs[i].failure);
    }
    const auto begin = std::chrono::steady_clock::now();
    for (;;) {
        std::vector<pollfd> ps;
        std::vector<std::size_t> which;
        for (std::size_t i = 0; i < xs.size(); ++i) {
            if (fds[i] >= 0) {
                ps.push_back({fds[i], POLLIN, 0});
                which.push_back(i);
            }
        }
        if (ps.empty() || seconds_since(begin) >= deadline_s) break;
        if (::poll(ps.data(), ps.size(), 100) < 0 && errno != EINTR) break;
        for (std::size_t k = 0; k < ps.size(); ++k) {
            if (!(ps[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const std::size_t i = which[k];
            const bool open = read_available(fds[i], ins[i]);
            if (!xs[i].answered && take_answer(ins[i], true, xs[i], starts[i])) xs[i].answered = true;
            if (!open) {
                xs[i].closed_by_depot = true;
                xs[i].seconds = seconds_since(starts[i]);
                ::close(fds[i]);
                fds[i] = -1;
            }
        }
    }
    for (std::size_t i = 0; i < xs.size(); ++i) {
        xs[i].says_close = xs[i].header("Connection") == "close";
        if (fds[i] < 0) continue;
        xs[i].timed_out = !xs[i].answered;
        xs[i].seconds = seconds_since(starts[i]);
        ::close(fds[i]);
    }
    return xs;
}

}  // namespace fc::test
