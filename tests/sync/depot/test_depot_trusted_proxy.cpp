// The depot behind a reverse proxy (issue 16, `serve --trusted-proxy`), on a real depot on
// 127.0.0.1 that plays nginx's side too: from a trusted proxy every throttle (bad tokens, bad
// signatures, wrong enrollment codes) counts the client in the last hop of X-Forwarded-For, so one
// bad tablet does not lock out the fleet behind it, and the proxy's connections are not capped per
// address; from anyone else the header is ignored, so it cannot buy a guesser a fresh bucket.
// Any 127.x source address reaches 127.0.0.1 on Linux: an untrusted "other machine" is 127.0.0.2.
#include <doctest/doctest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sync/depot/client_address.h"
#include "sync/depot/depot_head_seats.h"
#include "sync/wire/wire_enrollment.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/hostile_client.h"
#include "tests/sync/depot/signed_tablet.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr const char* kTabletA = "10.0.0.1";
constexpr const char* kTabletB = "10.0.0.2";

DepotServerOptions trusting(std::vector<std::string> proxies) {
    DepotServerOptions o;
    o.trusted_proxies = std::move(proxies);
    o.request_head_timeout_s = 2;
    o.keep_alive_timeout_s = 2;
    return o;
}

// A depot with one technician, a token and a registered device key, on a clock the test moves (so
// no throttle try is refilled while a test runs on a slow machine).
struct ProxiedDepot {
    ManualClock clock;
    RunningDepot depot;
    std::string token;
    DeviceSigner signer;

    explicit ProxiedDepot(DepotServerOptions o)
        : depot(std::move(o), {}, &clock), token(depot.token_for("tech-a")), signer(register_signer(*depot.store, "tech-a")) {
        depot.add_template(*repo_template(kTemplateName));
    }
    std::int64_t now_s() { return clock.now().wall_ms / 1000; }

    // GET `path` from `source` on a connection of its own, X-Forwarded-For `forwarded` (nullopt: none).
    int get(const std::string& path, httplib::Headers headers, const std::optional<std::string>& forwarded,
            const char* source = "127.0.0.1") {
        if (forwarded) headers.emplace("X-Forwarded-For", *forwarded);
        auto c = depot.client();
        c->set_interface(source);
        auto r = c->Get(path, headers);
        return r ? r->status : 0;
    }
    int with_token(const std::string& t, const std::optional<std::string>& forwarded, const char* source = "127.0.0.1") {
        return get("/api/v1/templates", {{"Authorization", "Bearer " + t}}, forwarded, source);
    }
    int signed_for(const std::string& signed_path, const std::optional<std::string>& forwarded) {
        return get("/api/v1/templates", signed_headers(signer, "GET", signed_path, "", now_s()), forwarded);
    }
    int enroll(const std::string& code, const std::string& forwarded) {
        auto c = depot.client();
        auto r = c->Post("/api/v1/enroll", {{"X-Forwarded-For", forwarded}},
                         encode_enroll_request({code, SigningKey::generate().public_key()}), "application/json");
        return r ? r->status : 0;
    }
};

std::string wrong_token(int i) { return sha256_hex("guess " + std::to_string(i)); }

// A connection from `source` that never sends a byte: it holds one of its address's head seats
// until the head deadline. busy(): the depot answered it 503 at once instead.
class IdleConnection {
public:
    IdleConnection(const char* source, int port) {
        std::string failure;
        fd_ = connect_from(source, port, failure);
        REQUIRE_MESSAGE(fd_ >= 0, failure);
    }
    ~IdleConnection() { ::close(fd_); }
    IdleConnection(const IdleConnection&) = delete;
    IdleConnection& operator=(const IdleConnection&) = delete;

    // Whether the depot said "503" on this connection within `ms`.
    bool busy(int ms) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, ms) <= 0) return false;
        char buf[64] = {};
        const ssize_t n = ::recv(fd_, buf, sizeof buf - 1, MSG_DONTWAIT);
        return n > 12 && std::string(buf, 12) == "HTTP/1.1 503";
    }

private:
    int fd_ = -1;
};

}  // namespace

TEST_CASE("trusted proxy: client_address is the last forwarded hop, and the proxy itself for anything malformed") {
    const std::vector<std::string> proxies{"127.0.0.1", "::1"};
    const auto from = [&](const std::string& peer, const std::vector<std::string>& forwarded) {
        httplib::Request req;
        req.remote_addr = peer;
        for (const std::string& f : forwarded) req.headers.emplace("X-Forwarded-For", f);
        return client_address(proxies, req);
    };
    CHECK(from("127.0.0.1", {}) == "127.0.0.1");
    CHECK(from("127.0.0.1", {"10.0.0.1"}) == "10.0.0.1");
    CHECK(from("127.0.0.1", {"203.0.113.7, 10.0.0.1"}) == "10.0.0.1");  // what the client wrote comes first
    CHECK(from("127.0.0.1", {"203.0.113.7", "10.0.0.1"}) == "10.0.0.1");  // a proxy's header of its own is the last
    CHECK(from("127.0.0.1", {" \t10.0.0.1\t "}) == "10.0.0.1");
    CHECK(from("::1", {"2001:DB8:0:0::1"}) == "2001:db8::1");  // one address, one spelling, one bucket
    CHECK(from("::1", {"::ffff:10.0.0.1"}) == "10.0.0.1");
    for (const std::string& bad : std::vector<std::string>{"", " ", ",", "10.0.0.1,", "garbage", "10.0.0.300", "10.0.0.1:8080", "[::1]",
                                  "fe80::1%eth0", "unknown", std::string(100'000, '1'), std::string("10.0.0.1\0x", 10)}) {
        CAPTURE(bad.size());
        CHECK(from("127.0.0.1", {bad}) == "127.0.0.1");
    }
    // Not a trusted proxy: the header is the client's own words, whatever it says.
    CHECK(from("127.0.0.2", {"10.0.0.1"}) == "127.0.0.2");
    CHECK(client_address({}, [] {
              httplib::Request r;
              r.remote_addr = "127.0.0.1";
              r.headers.emplace("X-Forwarded-For", "10.0.0.1");
              return r;
          }()) == "127.0.0.1");
    // A proxy named in another spelling is the same proxy.
    CHECK(is_trusted_proxy({"::ffff:127.0.0.1"}, "127.0.0.1"));
    CHECK(is_trusted_proxy({"0:0:0:0:0:0:0:1"}, "::1"));
    CHECK_FALSE(is_trusted_proxy({"127.0.0.1"}, "127.0.0.2"));
    CHECK_FALSE(is_trusted_proxy({"127.0.0.1"}, ""));
}

TEST_CASE("trusted proxy: bad tokens throttle the tablet behind it, not the proxy, and another tablet is served") {
    ProxiedDepot d(trusting({"127.0.0.1"}));
    for (int i = 0; i < 10; ++i) CHECK(d.with_token(wrong_token(i), kTabletA) == 401);
    CHECK(d.with_token(d.token, kTabletA) == 429);
    CHECK(d.with_token(d.token, kTabletB) == 200);  // the fleet behind the same proxy is not locked out
    CHECK(d.with_token(d.token, std::nullopt) == 200);  // nor is the proxy's own address
    // Tablet A cannot escape by writing an address of its own before the hop the proxy adds.
    CHECK(d.with_token(d.token, std::string("10.0.0.99, ") + kTabletA) == 429);
    d.clock.advance_ms(6000);  // one try refilled
    CHECK(d.with_token(d.token, kTabletA) == 200);
}

TEST_CASE("trusted proxy: bad signatures throttle the tablet behind it, and another tablet is served") {
    ProxiedDepot d(trusting({"127.0.0.1"}));
    for (int i = 0; i < 10; ++i) CHECK(d.signed_for("/api/v1/assignments", kTabletA) == 401);  // signed for another path
    CHECK(d.signed_for("/api/v1/templates", kTabletA) == 429);
    CHECK(d.signed_for("/api/v1/templates", kTabletB) == 200);
}

TEST_CASE("trusted proxy: wrong enrollment codes throttle the tablet behind it, and another tablet enrolls") {
    DepotServerOptions o = trusting({"127.0.0.1"});
    o.bad_token_burst = 3;
    ProxiedDepot d(o);
    const std::string code = d.depot.store->create_enrollment_code("tech-a", "tablet 7", 3'600'000, d.clock.now().wall_ms).value().code;
    for (int i = 0; i < 3; ++i) CHECK(d.enroll("1111 2222 3333 000" + std::to_string(i), kTabletA) == 401);
    CHECK(d.enroll(code, kTabletA) == 429);
    CHECK(d.enroll(code, kTabletB) == 201);
}

TEST_CASE("trusted proxy: a malformed X-Forwarded-For counts against the proxy's own address, and is answered") {
    ProxiedDepot d(trusting({"127.0.0.1"}));
    const std::vector<std::string> malformed{"", "garbage", "10.0.0.1, ", "10.0.0.300", "10.0.0.1:8080", "[10.0.0.1]",
                                             "unknown", std::string(8000, 'a'), "10.0.0.1, " + std::string(8000, '9'),
                                             "2001:db8::1::1"};
    REQUIRE(malformed.size() == 10);  // the burst: each one a bad token
    for (const std::string& forwarded : malformed) {
        CAPTURE(forwarded.substr(0, 20));
        CHECK(d.with_token(wrong_token(static_cast<int>(forwarded.size())), forwarded) == 401);
    }
    CHECK(d.with_token(d.token, std::nullopt) == 429);  // all ten were the proxy's
    CHECK(d.with_token(d.token, "garbage again") == 429);
    CHECK(d.with_token(d.token, kTabletB) == 200);  // a well-formed hop still has its own bucket
}

TEST_CASE("trusted proxy: without the option X-Forwarded-For splits no one, and a guesser cannot invent a way out") {
    // Not trusted at all, or trusting a proxy at another address: the peer's address is the key.
    for (const std::vector<std::string>& proxies : {std::vector<std::string>{}, std::vector<std::string>{"127.0.0.2"}}) {
        CAPTURE(proxies.size());
        ProxiedDepot d(trusting(proxies));
        for (int i = 0; i < 10; ++i) CHECK(d.with_token(wrong_token(i), kTabletA) == 401);
        CHECK(d.with_token(d.token, kTabletB) == 429);  // both are 127.0.0.1 to this depot
        CHECK(d.with_token(d.token, "10.0.0.99") == 429);  // an invented address buys nothing
        CHECK(d.with_token(d.token, std::nullopt) == 429);
        CHECK(d.signed_for("/api/v1/templates", kTabletB) == 429);  // a good signature waits too
    }
}

TEST_CASE("trusted proxy: its many connections are not capped per address, another address's are") {
    DepotServerOptions o = trusting({"127.0.0.1"});
    o.max_connections_per_address = 4;
    ProxiedDepot d(o);
    std::vector<std::unique_ptr<IdleConnection>> proxy_heads;
    for (int i = 0; i < 12; ++i) proxy_heads.push_back(std::make_unique<IdleConnection>("127.0.0.1", d.depot.port()));
    std::vector<std::unique_ptr<IdleConnection>> other_heads;
    for (int i = 0; i < 4; ++i) other_heads.push_back(std::make_unique<IdleConnection>("127.0.0.2", d.depot.port()));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // all of them accepted and waiting
    for (const auto& c : proxy_heads) CHECK_FALSE(c->busy(0));
    for (const auto& c : other_heads) CHECK_FALSE(c->busy(0));
    // Three times the cap from the proxy, and its next request is still served.
    CHECK(d.get("/healthz", {}, kTabletA) == 200);
    // The fifth from 127.0.0.2 is over its share.
    IdleConnection over("127.0.0.2", d.depot.port());
    CHECK(over.busy(2000));
    CHECK(d.get("/healthz", {}, std::nullopt, "127.0.0.2") == 503);
}

TEST_CASE("trusted proxy: head seats count an uncapped address without holding it back") {
    HeadSeats seats(2, {"::ffff:10.0.0.9"});  // named in another spelling than the peer's
    std::vector<std::unique_ptr<HeadSeat>> held;
    for (int i = 0; i < 5; ++i) {
        held.push_back(std::make_unique<HeadSeat>(seats, "10.0.0.9"));
        CHECK(held.back()->take());
    }
    CHECK(seats.taken("10.0.0.9") == 5);
    HeadSeat a(seats, "10.0.0.1");
    HeadSeat b(seats, "10.0.0.1");
    HeadSeat c(seats, "10.0.0.1");
    CHECK(a.take());
    CHECK(b.take());
    CHECK_FALSE(c.take());
    held.clear();
    CHECK(seats.taken("10.0.0.9") == 0);
}
