#pragma once
// DepotStream: one depot connection as cpp-httplib reads and writes it (plain TCP; TLS in
// depot_tls_stream.h), held to the request-head deadline and size cap and the body's read timeout
// and minimum rate. ConnectionLimits: those numbers.
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace fc {

struct ConnectionLimits {
    std::chrono::milliseconds head_timeout{10'000};     // a whole request head, from the moment one is awaited
    std::size_t max_head_bytes = 64 * 1024;              // request line and headers together
    std::chrono::milliseconds read_timeout{20'000};     // one wait for body bytes
    std::chrono::milliseconds write_timeout{20'000};    // one wait for room to write
    std::chrono::milliseconds slow_body_grace{30'000};  // a body may start slowly for this long...
    std::size_t min_body_bytes_per_s = 512;              // ...then must average at least this (0: no floor)
};

// Why our own stream instead of cpp-httplib's: its read timeout is per recv(), so a client sending
// one byte a second never times out, and its line reader grows a header line without bound. Here a
// request head has one deadline and one byte budget for all its reads, whatever their size.
// The socket is non-blocking; every wait is a poll() with the time left.
class DepotStream : public httplib::Stream {
public:
    using Clock = std::chrono::steady_clock;
    // Why the connection can be read no further; None while it can.
    enum class Cut { None, PeerClosed, Broken, HeadTimeout, HeadTooLarge, BodyTimeout, BodyTooSlow, BodyLineTooLong, Stopping };

    // `stop_fd` becomes readable when the depot stops: waits for a request head then end at once.
    DepotStream(socket_t fd, const ConnectionLimits& limits, int stop_fd);
    ~DepotStream() override = default;
    DepotStream(const DepotStream&) = delete;
    DepotStream& operator=(const DepotStream&) = delete;

    // httplib::Stream
    bool is_readable() const override;
    bool is_writable() const override;
    ssize_t read(char* ptr, size_t size) override;
    ssize_t write(const char* ptr, size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    socket_t socket() const override { return fd_; }

    // Sets the connection up (TLS: the handshake) within the current head deadline.
    virtual bool start() { return true; }
    // Says goodbye at the protocol level (TLS: close_notify), if the connection is fit for it.
    virtual void finish() {}

    // A request head is awaited from now: its deadline starts and its byte budget is full again.
    void begin_head();
    // The head has been read; the body's timeout and rate apply from now.
    void end_head();
    bool in_head() const { return in_head_; }
    // Waits up to `idle` (never past the head deadline) for the first byte of the next request.
    bool wait_for_request(std::chrono::milliseconds idle);

    Cut cut() const { return cut_; }
    bool write_failed() const { return write_failed_; }
    // The peer's numeric address (IPv4-mapped IPv6 shown as IPv4), the key for per-address limits.
    const std::string& peer_address() const { return peer_ip_; }

protected:
    enum class Want { Nothing, Read, Write };
    // One transport step: n > 0 bytes moved; n == 0 the peer closed; n < 0 with `want` set: try
    // again once the socket is ready for it; n < 0 without: the connection is broken.
    struct Io {
        ssize_t n = 0;
        Want want = Want::Nothing;
    };
    virtual Io receive(char* into, size_t size);
    virtual Io send(const char* from, size_t size);
    // Bytes the transport already holds for us (TLS: a decrypted record's rest).
    virtual bool has_pending_input() const { return false; }

    // Waits for `want` under the current phase's deadline; None when the transport may go on.
    Cut wait_in_phase(Want want) const;
    void cut_off(Cut why) { cut_ = why; }

private:
    enum class Wait { Ready, Timeout, Stopping, Broken };
    Wait wait_(Want want, Clock::time_point until, bool stoppable) const;
    ssize_t read_(char* ptr, size_t size);
    ssize_t hand_over_(char* ptr, size_t size);

    static constexpr size_t kBufferSize = 4096;  // cpp-httplib's line reader asks for one byte at a time
    // In a body cpp-httplib reads chunk-size and trailer lines that way too, and keeps a line whole
    // in memory until its '\n': a line longer than this (a real one is a few hex digits) is cut.
    static constexpr size_t kMaxBodyLineBytes = 4096;

    socket_t fd_;
    ConnectionLimits limits_;
    int stop_fd_;
    std::string peer_ip_;
    int peer_port_ = 0;

    char buffer_[kBufferSize];
    size_t buffer_at_ = 0;
    size_t buffer_end_ = 0;

    bool in_head_ = true;
    Clock::time_point head_deadline_;
    size_t head_bytes_ = 0;
    Clock::time_point body_started_;
    size_t body_bytes_ = 0;
    size_t body_line_bytes_ = 0;  // bytes handed over one at a time since the last '\n'

    Cut cut_ = Cut::None;
    bool write_failed_ = false;
};

}  // namespace fc
