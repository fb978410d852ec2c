#pragma once
// DepotServer: the depot's HTTP(S) API v1 on cpp-httplib: routes, bearer-token auth, body limits,
// connection deadlines and caps (depot_connection.h), slowed-down token guessing.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checklists/clock.h"
#include "checklists/expected.h"
#include "checklists/visit.h"
#include "sync/depot/bad_token_throttle.h"
#include "sync/depot/depot_store.h"
#include "sync/wire/signing_key.h"

namespace fc {

class DepotHttpServer;
class DeviceAuthorization;
class VisitCommitQueue;

inline constexpr std::size_t kMaxAttachmentBytes = 32u << 20;  // a photo straight off a tablet camera
// A body over its route's limit but under this is read and dropped before the 413, so a client that
// is still sending (cpp-httplib clients do not read before they finish writing) gets the answer
// instead of a broken connection; a longer one is cut off at once.
inline constexpr std::size_t kMaxDrainedBytes = 64u << 20;

struct DepotServerOptions {
    std::string host = "127.0.0.1";
    int port = 8470;  // 0: any free port (tests)
    std::string tls_cert;  // both set: HTTPS
    std::string tls_key;
    std::size_t max_visit_bytes = kMaxVisitRecordBytes;
    std::size_t max_attachment_bytes = kMaxAttachmentBytes;
    int threads = 64;
    // A whole request head (the TLS handshake included, for a connection's first) must arrive
    // within this from the moment it is awaited (accepted, or the previous answer written).
    int request_head_timeout_s = 10;
    std::size_t max_request_head_bytes = 64 * 1024;  // request line and headers; past it: 400, closed
    int read_timeout_s = 20;                        // one wait for body bytes
    int slow_body_grace_s = 30;                     // a body that has been arriving this long...
    std::size_t min_body_bytes_per_s = 512;          // ...must average this much, or it is cut off (0: no floor)
    int write_timeout_s = 20;
    int keep_alive_timeout_s = 5;
    int keep_alive_max_count = 100;
    // Connections from one address that are waiting for or sending a request head; one more gets
    // an immediate 503 "busy" (a TLS one is closed), so one address cannot hold every thread.
    int max_connections_per_address = 32;
    // Requests with a wrong or missing token from one address: this many in a row, then one more
    // each refill interval; meanwhile any token from there gets 429 unchecked. Burst 0: no throttle.
    int bad_token_burst = 10;
    int bad_token_refill_s = 6;
    // Failed back-office logins: this many from one client address, or for one account name, then
    // one more each refill interval (a guesser spread over many addresses still meets the name's).
    int login_burst = 10;
    int login_refill_s = 30;
    // What the tablet's QR code links to for the customer's own phone ("https://survey.example.nl");
    // "" = the phone survey is not offered (the survey-key answer says so).
    std::string public_url;
    // Reverse proxies (their addresses as the depot sees them) whose X-Forwarded-For and
    // X-Forwarded-Proto are believed (client_address.h): every per-client throttle (bad tokens and
    // signatures, enrollment codes, logins) counts the client behind them, their connections are
    // exempt from max_connections_per_address, and the back office's cookies are Secure when the
    // proxy says the browser used https. From any other address both headers are ignored.
    std::vector<std::string> trusted_proxies;
    std::FILE* log = stderr;               // one line per request, nothing personal; nullptr: silent
};

// Why the limits are checked by hand: cpp-httplib 0.11.4's payload limit is server-wide and does
// not count chunked bodies. Every route class has its own limit: routes without a body refuse one
// before reading it; the two upload routes count every byte as it arrives, declared or chunked, and
// keep nothing past their limit.
class DepotServer {
public:
    // Binds the listening socket (so port() is known and a busy port is an error here).
    // `clock` (the program's one clock) stamps receipts and the log (wall_ms) and paces the
    // per-client throttles (mono_ms: it must not jump when someone sets the depot's date; wall_ms on
    // PostgreSQL, where the instances share them and no other time is common to all).
    static Expected<std::unique_ptr<DepotServer>> bind(DepotStore& store, Clock& clock, DepotServerOptions options);
    ~DepotServer();
    DepotServer(const DepotServer&) = delete;
    DepotServer& operator=(const DepotServer&) = delete;

    int port() const { return port_; }
    bool tls() const;
    // Serves until stop(); returns false when the listening socket failed. Call once.
    bool run();
    // Thread-safe; returns once run() has returned (at once when run() was never called).
    void stop();

private:
    DepotServer(DepotStore& store, Clock& clock, DepotServerOptions options);
    void configure_http_();
    void install_routes_();

    DepotStore& store_;
    Clock& clock_;
    DepotServerOptions options_;
    std::unique_ptr<DepotHttpServer> http_;
    std::unique_ptr<DeviceAuthorization> authorization_;  // the routes' token check and its throttle
    std::unique_ptr<BadTokenThrottle> bad_codes_;         // enrollment-code guessing, slowed like token guessing
    std::unique_ptr<BadTokenThrottle> bad_logins_;        // back-office password guessing, per address and per name
    std::unique_ptr<VisitCommitQueue> commits_;           // group commit of received visits
    std::optional<SigningKey> depot_key_;                 // signs receipts (depot_key.h); set by bind
    int port_ = 0;
    int listen_fd_ = -1;  // owned by cpp-httplib once run; kept to raise its listen backlog
    std::atomic<bool> ran_{false};
    std::atomic<bool> stopping_{false};
    std::atomic<bool> finished_{false};
};

}  // namespace fc
