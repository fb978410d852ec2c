#include "depot_connection.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "sync/depot/depot_ingest.h"
#include "sync/depot/http_status.h"

namespace fc {
namespace {

// Why a thread_local is safe here: cpp-httplib hands each accepted connection to one pool thread,
// which runs process_and_close_socket from accept to close; the request hooks run inside
// process_request on that same thread. The pointer a thread sees is the connection it serves, set
// only around process_request and cleared after it.
thread_local IncomingConnection* t_current = nullptr;

struct Serving {
    explicit Serving(IncomingConnection& c) { t_current = &c; }
    ~Serving() { t_current = nullptr; }
    Serving(const Serving&) = delete;
    Serving& operator=(const Serving&) = delete;
};

constexpr auto kDrainTime = std::chrono::milliseconds(100);
constexpr auto kDrainSilence = std::chrono::milliseconds(20);
constexpr std::size_t kDrainBytes = 64 * 1024;

// With `drain`: sends FIN, then reads (and drops) what the client already sent, bounded in time
// and bytes. Closing with unread bytes, or while bytes still arrive, makes the kernel send an RST,
// which can destroy the answer just written before the client reads it.
// Why not the depot's Clock: this deadline only bounds poll() waits, which run on the kernel's
// monotonic clock; a test's ManualClock standing still would turn the 100 ms into "never".
void close_socket(socket_t fd, bool drain) {
    if (drain) {
        ::shutdown(fd, SHUT_WR);
        const auto until = std::chrono::steady_clock::now() + kDrainTime;
        std::size_t drained = 0;
        char buf[4096];
        while (drained < kDrainBytes) {
            const auto now = std::chrono::steady_clock::now();
            if (now >= until) break;
            const auto left = std::min<std::chrono::milliseconds>(kDrainSilence, std::chrono::ceil<std::chrono::milliseconds>(until - now));
            pollfd p{fd, POLLIN, 0};
            const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
            if (ready < 0 && errno == EINTR) continue;
            if (ready <= 0) break;  // silent for a while: it has sent all it was going to
            const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
            if (n <= 0) break;
            drained += static_cast<std::size_t>(n);
        }
    }
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
}

}  // namespace

IncomingConnection* IncomingConnection::current() { return t_current; }

void IncomingConnection::head_read() {
    stream_.end_head();
    seat_.give_back();
}

bool IncomingConnection::head_cut() const {
    return stream_.cut() == DepotStream::Cut::HeadTimeout || stream_.cut() == DepotStream::Cut::HeadTooLarge ||
           stream_.cut() == DepotStream::Cut::Stopping;
}

DepotStream::Cut IncomingConnection::cut() const { return stream_.cut(); }

DepotHttpServer::DepotHttpServer(DepotConnectionSettings settings)
    : settings_(std::move(settings)), seats_(std::max<std::size_t>(1, settings_.max_heads_per_address), settings_.uncapped_addresses) {
    if (::pipe2(stop_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) stop_pipe_[0] = stop_pipe_[1] = -1;
}

DepotHttpServer::~DepotHttpServer() {
    for (int fd : stop_pipe_) {
        if (fd >= 0) ::close(fd);
    }
}

void DepotHttpServer::stop_serving() {
    if (stop_pipe_[1] >= 0) {
        const char wake = 1;
        [[maybe_unused]] const ssize_t n = ::write(stop_pipe_[1], &wake, 1);  // full pipe: already woken
    }
    stop();
}

// An answer written by the loop itself, when cpp-httplib has no request to answer; the connection
// closes after it.
void DepotHttpServer::answer_raw_(DepotStream& stream, const Error& error, const std::string& extra_headers) {
    const DepotReply reply = depot_error_reply(error);
    std::string answer = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason_phrase(reply.status) + "\r\n";
    for (const auto& [name, value] : settings_.answer_headers) answer += name + ": " + value + "\r\n";
    answer += "Content-Type: application/json\r\nContent-Length: " + std::to_string(reply.body.size()) + "\r\n" +
              extra_headers + "Connection: close\r\n\r\n" + reply.body;
    stream.write(answer.data(), answer.size());
}

void DepotHttpServer::answer_busy_(DepotStream& stream) {
    answer_raw_(stream,
                make_error(ErrorCode::busy,
                           "too many connections from this address are still sending their request; try again in a few seconds"),
                "Retry-After: 5\r\n");
}

// Mirrors cpp-httplib 0.11's loop (wait up to the keep-alive timeout for each request's first byte,
// at most keep_alive_max_count requests, the last one told the connection closes) with one stream
// for the whole connection, so bytes read ahead of one request stay for the next.
bool DepotHttpServer::process_and_close_socket(socket_t sock) {
    std::unique_ptr<DepotStream> stream;
    if (settings_.tls) stream = std::make_unique<TlsDepotStream>(sock, settings_.limits, stop_pipe_[0], *settings_.tls);
    else stream = std::make_unique<DepotStream>(sock, settings_.limits, stop_pipe_[0]);

    HeadSeat seat(seats_, stream->peer_address());
    if (!seat.take()) {
        // Over TLS a plain-text answer would be noise to the client, and a handshake is work an
        // address already over its share does not get: it is simply closed.
        if (!settings_.tls) answer_busy_(*stream);
        stream.reset();
        close_socket(sock, !settings_.tls);
        return false;
    }

    IncomingConnection connection(*stream, seat);
    bool ok = false;
    bool idle = false;  // ended between requests, nothing unread: no drain needed
    if (stream->start()) {
        for (std::size_t left = std::max<std::size_t>(1, settings_.keep_alive_max_count); left > 0; --left) {
            if (svr_sock_ == INVALID_SOCKET) break;  // stopping
            // The seat is held while a kept-alive connection waits too, or one address could park
            // every worker in idle waits. An address over its share: a next request the client has
            // already sent gets 503 busy (the handshake is done, so over TLS too), else the
            // connection just ends, as an idle one would.
            if (!seat.take()) {
                if (stream->wait_for_request(std::chrono::milliseconds(0))) answer_busy_(*stream);
                break;
            }
            if (!stream->wait_for_request(settings_.keep_alive_timeout)) {
                idle = stream->cut() == DepotStream::Cut::None;
                break;
            }
            bool closed = false;
            {
                Serving serving(connection);
                ok = process_request(*stream, left == 1, closed, nullptr);
            }
            if (!ok && stream->cut() == DepotStream::Cut::HeadTooLarge) {
                // The request line alone filled the head's budget: cpp-httplib gives up without an answer.
                answer_raw_(*stream,
                            make_error(ErrorCode::uri_too_long, "the request line is longer than the depot reads (" +
                                                                    std::to_string(settings_.limits.max_head_bytes) +
                                                                    " bytes for the whole head)"),
                            "");
            }
            if (!ok || closed || connection.closing() || stream->cut() != DepotStream::Cut::None || stream->write_failed()) break;
            stream->begin_head();
        }
    }
    stream->finish();
    const DepotStream::Cut cut = stream->cut();
    const bool peer_gone = cut == DepotStream::Cut::PeerClosed || cut == DepotStream::Cut::Broken || stream->write_failed();
    stream.reset();
    close_socket(sock, !idle && !peer_gone);
    return ok;
}

}  // namespace fc
