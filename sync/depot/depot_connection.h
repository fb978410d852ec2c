#pragma once
// DepotHttpServer: cpp-httplib's request handling behind the depot's own connection loop (request
// head deadline and size cap, slow-body floor, per-address cap on heads in progress, TLS).
// IncomingConnection: what the request hooks may know and say about the connection being served.
// DepotConnectionSettings: the numbers and the TLS context the loop works with.
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "sync/depot/depot_connection_stream.h"
#include "sync/depot/depot_head_seats.h"
#include "sync/depot/depot_tls_stream.h"

namespace fc {

struct DepotConnectionSettings {
    ConnectionLimits limits;
    std::chrono::milliseconds keep_alive_timeout{5000};
    std::size_t keep_alive_max_count = 100;
    std::size_t max_heads_per_address = 32;
    std::vector<std::string> uncapped_addresses;  // trusted reverse proxies: counted, never capped
    httplib::Headers answer_headers;  // also on the raw 503 "busy", so the tablet knows it is the depot
    std::shared_ptr<TlsContext> tls;  // null: plain HTTP
};

class IncomingConnection {
public:
    IncomingConnection(DepotStream& stream, HeadSeat& seat) : stream_(stream), seat_(seat) {}

    // The connection this thread is serving a request on; nullptr outside one.
    static IncomingConnection* current();

    // The request head has been read (called by the pre-routing hook, which runs before any body
    // byte is read): the body's rules apply from now and the head seat is free for others.
    void head_read();
    // Reading this request's head was cut off (deadline or size cap).
    bool head_cut() const;
    // Why the stream stopped reading, if it did (a head cut, the depot stopping, the peer gone).
    DepotStream::Cut cut() const;
    // The answer tells the client the connection ends; it ends once the answer is written.
    void close_after_answer() { close_after_answer_ = true; }
    bool closing() const { return close_after_answer_; }

private:
    DepotStream& stream_;
    HeadSeat& seat_;
    bool close_after_answer_ = false;
};

// Why a subclass: cpp-httplib 0.11 gives each request a fresh socket stream whose timeouts are per
// recv(). Its connection loop is a private virtual, its request handler protected, so the depot
// runs its own loop over its own stream and keeps cpp-httplib's parsing, routing and answers.
class DepotHttpServer final : public httplib::Server {
public:
    explicit DepotHttpServer(DepotConnectionSettings settings);
    ~DepotHttpServer() override;
    DepotHttpServer(const DepotHttpServer&) = delete;
    DepotHttpServer& operator=(const DepotHttpServer&) = delete;

    // Ends every wait for a request head at once, then stops accepting (a request being handled
    // finishes first). Thread-safe.
    void stop_serving();

private:
    bool process_and_close_socket(socket_t sock) override;
    void answer_busy_(DepotStream& stream);
    void answer_raw_(DepotStream& stream, const Error& error, const std::string& extra_headers);

    DepotConnectionSettings settings_;
    HeadSeats seats_;
    int stop_pipe_[2] = {-1, -1};  // written once on stop; its read end wakes every poll waiting on it
};

}  // namespace fc
