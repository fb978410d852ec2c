// The depot's connection loop against hostile clients, in-process on 127.0.0.1 with short limits:
// slow heads, endless and flooded headers, idle connections hoarding threads, trickling bodies,
// token guessing, and a TLS handshake that never comes. Raw sockets play the attackers; any
// 127.x source address reaches 127.0.0.1 on Linux, so a "second machine" is 127.0.0.2.
#include <doctest/doctest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/error_code_doctest.h"
#include "tests/sync/depot/depot_process.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/hostile_client.h"
#include "tests/sync/depot/test_ca.h"
#include "sync/depot/bad_token_throttle.h"
#include "sync/depot/depot_head_seats.h"
#include "sync/client/sync_client.h"
#include "sync/wire/wire_messages.h"
#include "tests/test_clock.h"

using namespace fc;
using namespace fc::test;

namespace {

using Steady = std::chrono::steady_clock;

double seconds_since(Steady::time_point t) { return std::chrono::duration<double>(Steady::now() - t).count(); }

// One answer as it came over the wire.
struct HeardAnswer {
    int status = 0;  // 0: none
    std::string head;
    std::string body;

    std::string header(const std::string& name) const {
        const auto at = head.find("\r\n" + name + ": ");
        if (at == std::string::npos) return {};
        const auto from = at + name.size() + 4;
        return head.substr(from, head.find("\r\n", from) - from);
    }
    // Nothing when the body is no JSON error at all.
    std::optional<ErrorCode> error_code() const {
        auto e = decode_wire_error(body);
        return e ? std::optional<ErrorCode>(e->code) : std::nullopt;
    }
};

// A raw TCP connection to the depot from a chosen loopback address, non-blocking, that reads the
// depot's answers while it sends (the depot may answer and close before a long request is out).
class RawConnection {
public:
    RawConnection(const char* source, int port) {
        std::string failure;
        fd_ = connect_from(source, port, failure);
        REQUIRE_MESSAGE(fd_ >= 0, failure);
    }
    ~RawConnection() { close(); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    // Sends `bytes` while reading whatever comes back, until all is sent, the depot stops taking
    // bytes (it answered and closed), or `timeout_s`. Returns the bytes the depot took.
    std::size_t send(std::string_view bytes, double timeout_s = 10) {
        std::size_t sent = 0;
        const auto until = Steady::now() + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(timeout_s));
        while (sent < bytes.size() && Steady::now() < until && !eof_ && !send_failed_) {
            pollfd p{fd_, POLLIN | POLLOUT, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            if (p.revents & POLLIN) read_some_();
            if (p.revents & (POLLOUT | POLLERR | POLLHUP)) {
                const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
                if (n > 0) sent += static_cast<std::size_t>(n);
                else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) send_failed_ = true;
            }
        }
        return sent;
    }

    // The next whole answer (head and Content-Length body); status 0 when none came in time.
    HeardAnswer next_answer(double timeout_s = 5) {
        const auto until = Steady::now() + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(timeout_s));
        for (;;) {
            const auto end = buffer_.find("\r\n\r\n");
            if (end != std::string::npos) {
                HeardAnswer a;
                a.head = buffer_.substr(0, end);
                const std::string length = a.header("Content-Length");
                const std::size_t body = length.empty() ? 0 : std::stoul(length);
                if (buffer_.size() >= end + 4 + body) {
                    a.status = a.head.size() > 12 ? std::atoi(a.head.c_str() + 9) : -1;
                    a.body = buffer_.substr(end + 4, body);
                    buffer_.erase(0, end + 4 + body);
                    return a;
                }
            }
            if (eof_ || !wait_and_read_(until)) return {};
        }
    }

    // Whether the depot has closed the connection (EOF or reset) within `timeout_s`; what it sent
    // before stays readable with next_answer.
    bool closed_within(double timeout_s) {
        const auto until = Steady::now() + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(timeout_s));
        while (!eof_ && wait_and_read_(until)) {
        }
        return eof_;
    }

private:
    void read_some_() {
        char buf[16384];
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n > 0) buffer_.append(buf, static_cast<std::size_t>(n));
        else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) eof_ = true;
    }
    bool wait_and_read_(Steady::time_point until) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Steady::now()).count();
        if (left <= 0) return false;
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
        read_some_();
        return true;
    }

    int fd_ = -1;
    std::string buffer_;
    bool eof_ = false;
    bool send_failed_ = false;
};

std::string get(const std::string& path, const std::string& extra_headers = {}) {
    return "GET " + path + " HTTP/1.1\r\nHost: depot\r\n" + extra_headers + "\r\n";
}

std::string bearer(const std::string& token) { return "Authorization: Bearer " + token + "\r\n"; }

std::string random_token(int i) {
    std::string t = sha256_hex("guess " + std::to_string(i));
    return t;
}

// A depot with short limits and one technician with a token; the log kept, to check what it says.
struct GuardedDepot {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> log_file{std::tmpfile(), &std::fclose};
    RunningDepot depot;
    std::string token;

    explicit GuardedDepot(DepotServerOptions o, Clock* clock = nullptr)
        : depot(with_log(std::move(o), log_file.get()), {}, clock) {
        depot.add_template(*repo_template(kTemplateName));
        token = depot.token_for("tech-a");
    }
    static DepotServerOptions with_log(DepotServerOptions o, std::FILE* log) {
        o.log = log;
        return o;
    }
    int port() const { return depot.port(); }
    std::string log_text() {
        std::fflush(log_file.get());
        std::rewind(log_file.get());
        std::string all;
        char buf[4096];
        std::size_t n = 0;
        while ((n = std::fread(buf, 1, sizeof buf, log_file.get())) > 0) all.append(buf, n);
        return all;
    }
};

// The throttle's clock, moved by hand: the test decides when a try is refilled, not the machine's load.
DepotServerOptions short_limits() {
    DepotServerOptions o;
    o.request_head_timeout_s = 2;
    o.keep_alive_timeout_s = 2;
    return o;
}

// `GET /healthz` from `source` on a fresh connection; the status (0: no answer within 2 s).
int healthz_from(const char* source, int port) {
    RawConnection c(source, port);
    c.send(get("/healthz", "Connection: close\r\n"));
    return c.next_answer(2).status;
}


}  // namespace

TEST_CASE("a head sent one byte a second is cut at the head deadline while another client is answered all along") {
    GuardedDepot d(short_limits());
    std::atomic<bool> done{false};
    int asked = 0;
    int answered = 0;
    double slowest = 0;
    std::thread normal([&] {
        auto client = d.depot.client();
        client->set_keep_alive(true);
        while (!done) {
            const auto t = Steady::now();
            auto r = client->Get("/healthz");
            ++asked;
            if (r && r->status == 200) ++answered;
            slowest = std::max(slowest, seconds_since(t));
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });

    RawConnection slow("127.0.0.1", d.port());
    const auto start = Steady::now();
    slow.send("GET /healthz HTTP/1.1\r\n");  // the request line at once, then the headers drip
    const std::string drip = "Host: depot\r\nX-Slow: " + std::string(100, 's') + "\r\n\r\n";
    bool closed = false;
    for (char c : drip) {
        slow.send(std::string_view(&c, 1), 1);
        if (slow.closed_within(1.0)) {
            closed = true;
            break;
        }
    }
    const double held = seconds_since(start);
    done = true;
    normal.join();

    CHECK(closed);
    CHECK(held >= 1.9);
    CHECK_MESSAGE(held <= 3.5, "the depot held a one-byte-a-second head for " << held << " s with a 2 s deadline");
    const HeardAnswer cut = slow.next_answer(0);
    if (cut.status != 0) {
        // Cut after the request line: 408, which a tablet retries (a 400 would set its visit aside).
        CHECK(cut.status == 408);
        CHECK(cut.header("Connection") == "close");
        CHECK(cut.error_code() == ErrorCode::head_timeout);
    }
    CHECK(asked >= 10);
    CHECK(answered == asked);
    CHECK_MESSAGE(slowest < 1.5, "a normal request took " << slowest << " s while the slow head was held");
}

TEST_CASE("a head that arrives slowly but within its deadline is served") {
    GuardedDepot d(short_limits());
    RawConnection c("127.0.0.1", d.port());
    for (char ch : get("/healthz")) {
        c.send(std::string_view(&ch, 1));
        std::this_thread::sleep_for(std::chrono::milliseconds(25));  // ~0.7 s for the whole head
    }
    CHECK(c.next_answer().status == 200);
}

TEST_CASE("a 1 MiB header line and 10,000 header lines each get a 431 and a close, at once") {
    GuardedDepot d(DepotServerOptions{});
    std::string flood;
    for (int i = 0; i < 10'000; ++i) flood += "X-Flood-" + std::to_string(i) + ": " + std::to_string(i) + "\r\n";
    const std::vector<std::pair<std::string, std::string>> heads = {
        {"one 1 MiB header line", get("/healthz", "X-Big: " + std::string(1u << 20, 'h') + "\r\n")},
        {"10,000 header lines", get("/healthz", flood)},
        {"a header line that never ends", "GET /healthz HTTP/1.1\r\nX-Endless: " + std::string(4u << 20, 'e')},
    };
    for (const auto& [what, request] : heads) {
        CAPTURE(what);
        RawConnection c("127.0.0.1", d.port());
        const auto start = Steady::now();
        c.send(request, 5);
        const HeardAnswer a = c.next_answer(2);
        CHECK(a.status == 431);
        CHECK(a.error_code() == ErrorCode::head_too_large);
        CHECK(a.header("Connection") == "close");
        CHECK(c.closed_within(2));
        CHECK(seconds_since(start) < 3.0);
    }
    CHECK(healthz_from("127.0.0.1", d.port()) == 200);
}

TEST_CASE("a body on a route that takes none is refused before a byte of it is read, however it is framed") {
    GuardedDepot d(short_limits());
    struct Case {
        const char* what;
        std::string head;
        int status;
        ErrorCode code;
    };
    const std::vector<Case> cases = {
        // cpp-httplib would read these until the client closes, with no limit at all.
        {"POST without any length", "POST /x HTTP/1.1\r\nHost: depot\r\n\r\n", 411, ErrorCode::length_required},
        {"DELETE without any length", "DELETE /api/v1/visits/v-1 HTTP/1.1\r\nHost: depot\r\n\r\n", 411, ErrorCode::length_required},
        {"PATCH without any length", "PATCH /healthz HTTP/1.1\r\nHost: depot\r\n\r\n", 411, ErrorCode::length_required},
        {"Content-Length 0 and chunked", "POST /x HTTP/1.1\r\nHost: depot\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
         ErrorCode::bad_length},
        {"chunked to a route without a body", "POST /x HTTP/1.1\r\nHost: depot\r\nTransfer-Encoding: chunked\r\n\r\n", 413, ErrorCode::too_large},
        {"both framings on an upload", "PUT /api/v1/visits/v-1 HTTP/1.1\r\nHost: depot\r\n" + bearer(d.token) +
                                           "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400, ErrorCode::bad_length},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        RawConnection conn("127.0.0.1", d.port());
        conn.send(c.head + std::string(256u << 10, 'b'), 5);  // a fast stream that never ends, as far as the depot knows
        const HeardAnswer a = conn.next_answer(2);
        CHECK(a.status == c.status);
        CHECK(a.error_code() == c.code);
        CHECK(a.header("Connection") == "close");
        CHECK(conn.closed_within(2));
    }
    CHECK(healthz_from("127.0.0.1", d.port()) == 200);
}

TEST_CASE("a request line longer than the head budget gets a 414 and a close") {
    GuardedDepot d(DepotServerOptions{});
    RawConnection c("127.0.0.1", d.port());
    c.send("GET /healthz?" + std::string(1u << 20, 'q') + " HTTP/1.1\r\n\r\n", 5);
    const HeardAnswer a = c.next_answer(2);
    CHECK(a.status == 414);
    CHECK(a.error_code() == ErrorCode::uri_too_long);
    CHECK(a.header("X-Fieldcheck-Depot") == "1");
    CHECK(c.closed_within(2));
}

TEST_CASE("the 33rd connection from one address still sending its head gets 503 busy, another address is served") {
    DepotServerOptions o = short_limits();
    o.request_head_timeout_s = 3;
    GuardedDepot d(o);
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 32; ++i) idle.push_back(std::make_unique<RawConnection>("127.0.0.1", d.port()));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // all of them accepted and waiting

    RawConnection over("127.0.0.1", d.port());
    const auto start = Steady::now();
    const HeardAnswer busy = over.next_answer(2);
    CHECK(busy.status == 503);
    CHECK(seconds_since(start) < 1.5);
    CHECK(busy.error_code() == ErrorCode::busy);
    CHECK(busy.header("Retry-After") == "5");
    CHECK(busy.header("Connection") == "close");
    CHECK(busy.header("X-Fieldcheck-Depot") == "1");  // the tablet knows it is its depot, busy
    CHECK(over.closed_within(1));
    for (const auto& c : idle) CHECK(c->next_answer(0).status == 0);  // none of the 32 refused

    CHECK(healthz_from("127.0.0.2", d.port()) == 200);  // another tablet is not held up
    auto other = d.depot.client(d.token);
    other->set_interface("127.0.0.2");
    auto templates = other->Get("/api/v1/templates");
    REQUIRE(templates);
    CHECK(templates->status == 200);

    // The 32 are cut at the head deadline; the address gets its share back.
    for (const auto& c : idle) CHECK(c->closed_within(3));
    CHECK(healthz_from("127.0.0.1", d.port()) == 200);
}

TEST_CASE("a connection being served does not count against its address: 32 idle heads and a busy upload") {
    GuardedDepot d(short_limits());
    // A keep-alive connection whose request is past its head (the depot waits for its body).
    RawConnection uploading("127.0.0.1", d.port());
    const std::string sha = sha256_hex("the real bytes");
    uploading.send("PUT /api/v1/attachments/" + sha + " HTTP/1.1\r\nHost: depot\r\n" + bearer(d.token) +
                   "Content-Length: 5\r\n\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 32; ++i) idle.push_back(std::make_unique<RawConnection>("127.0.0.1", d.port()));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    for (const auto& c : idle) CHECK(c->next_answer(0).status == 0);  // 32 seats: none refused

    // The upload ends; its next request, already sent on the kept-alive connection, finds no seat:
    // it gets 503 busy (a silent close would leave the client guessing), then the close.
    uploading.send("other" + get("/healthz"));
    const HeardAnswer a = uploading.next_answer(2);
    CHECK(a.status == 400);
    CHECK(a.error_code() == ErrorCode::hash_mismatch);
    const HeardAnswer busy = uploading.next_answer(2);
    CHECK(busy.status == 503);
    CHECK(busy.error_code() == ErrorCode::busy);
    CHECK(uploading.closed_within(1));
}

TEST_CASE("a keep-alive connection serves one request after another, pipelined ones too") {
    GuardedDepot d(short_limits());
    RawConnection c("127.0.0.1", d.port());
    for (int i = 0; i < 5; ++i) {
        c.send(get("/api/v1/templates", bearer(d.token)));
        const HeardAnswer a = c.next_answer();
        CHECK(a.status == 200);
        CHECK(a.header("Keep-Alive") == "timeout=2, max=100");
    }
    c.send(get("/healthz") + get("/api/v1/templates", bearer(d.token)) + get("/healthz"));
    CHECK(c.next_answer().status == 200);
    CHECK(c.next_answer().status == 200);
    CHECK(c.next_answer().status == 200);
    // Idle past the keep-alive timeout: closed, without an answer.
    const auto start = Steady::now();
    CHECK(c.closed_within(4));
    CHECK(seconds_since(start) >= 1.9);
    CHECK(c.next_answer(0).status == 0);
}

TEST_CASE("a body trickling in slower than the minimum rate is cut after the grace period, nothing stored") {
    DepotServerOptions o = short_limits();
    o.slow_body_grace_s = 1;
    o.min_body_bytes_per_s = 512;
    GuardedDepot d(o);
    RawConnection c("127.0.0.1", d.port());
    const std::size_t length = 100'000;
    c.send("PUT /api/v1/attachments/" + sha256_hex("slow") + " HTTP/1.1\r\nHost: depot\r\n" + bearer(d.token) +
           "Content-Length: " + std::to_string(length) + "\r\n\r\n");
    const auto start = Steady::now();
    bool closed = false;
    while (seconds_since(start) < 5 && !closed) {
        c.send(std::string(40, 'x'), 1);  // 400 bytes/s
        closed = c.closed_within(0.1);
    }
    const double held = seconds_since(start);
    CHECK(closed);
    CHECK(held >= 0.9);
    CHECK_MESSAGE(held < 2.5, "a 400 bytes/s body was held " << held << " s with a 1 s grace");
    const HeardAnswer a = c.next_answer(0);
    CHECK(a.status == 400);
    CHECK(a.error_code() == ErrorCode::incomplete_body);
    CHECK(d.depot.store->has_attachment(sha256_hex("slow")).value() == false);
}

TEST_CASE("a body that pauses less than the read timeout and keeps the minimum rate is received") {
    DepotServerOptions o = short_limits();
    o.slow_body_grace_s = 1;
    GuardedDepot d(o);
    const std::string bytes(4000, 'p');
    RawConnection c("127.0.0.1", d.port());
    c.send("PUT /api/v1/attachments/" + sha256_hex(bytes) + " HTTP/1.1\r\nHost: depot\r\n" + bearer(d.token) +
           "Content-Length: 4000\r\n\r\n");
    c.send(bytes.substr(0, 1000));
    std::this_thread::sleep_for(std::chrono::milliseconds(800));  // inside the grace period
    c.send(bytes.substr(1000));
    CHECK(c.next_answer().status == 201);
}

TEST_CASE("a chunk-size line that never ends is cut after a few KiB") {
    GuardedDepot d(DepotServerOptions{});
    RawConnection c("127.0.0.1", d.port());
    const std::size_t taken = c.send("PUT /api/v1/visits/v-1 HTTP/1.1\r\nHost: depot\r\n" + bearer(d.token) +
                                         "Transfer-Encoding: chunked\r\n\r\n" + std::string(16u << 20, '0'),
                                     5);
    const HeardAnswer a = c.next_answer(2);
    CHECK(a.status == 400);
    CHECK(a.error_code() == ErrorCode::incomplete_body);
    CHECK(c.closed_within(2));
    CHECK(taken < (16u << 20));  // far less than all: what socket buffers hold, not what the depot read
}

TEST_CASE("after 10 bad tokens an address gets 429 with Retry-After for any token, unchecked, until a try is refilled") {
    ManualClock throttle_clock;  // moves the bad-token throttle by hand
    DepotServerOptions o = short_limits();
    GuardedDepot d(o, &throttle_clock);
    // Each on a connection of its own: a refused token closes the connection (its body is unread).
    const auto ask = [&](const char* source, const std::string& headers) {
        RawConnection c(source, d.port());
        c.send(get("/api/v1/templates", headers));
        return c.next_answer();
    };
    for (int i = 0; i < 10; ++i) {
        const HeardAnswer a = ask("127.0.0.1", bearer(random_token(i)));
        CHECK(a.status == 401);
        CHECK(a.error_code() == ErrorCode::unauthorized);
    }
    const HeardAnswer throttled = ask("127.0.0.1", bearer(random_token(10)));
    CHECK(throttled.status == 429);
    CHECK(throttled.error_code() == ErrorCode::too_many_bad_tokens);
    CHECK(throttled.header("Retry-After") == "6");
    CHECK(throttled.header("Connection") == "close");
    // Not looked up: the right token gets the same 429, so a guess that hits is not told apart.
    CHECK(ask("127.0.0.1", bearer(d.token)).status == 429);
    // No token at all is still a plain 401 (and one more failure).
    CHECK(ask("127.0.0.1", "").status == 401);
    // Another address has its own bucket.
    CHECK(ask("127.0.0.2", bearer(d.token)).status == 200);
    CHECK(ask("127.0.0.2", bearer(random_token(11))).status == 401);
    CHECK(healthz_from("127.0.0.1", d.port()) == 200);  // healthz needs no token

    throttle_clock.advance_ms(4500);
    CHECK(ask("127.0.0.1", bearer(d.token)).header("Retry-After") == "2");  // counted down
    throttle_clock.advance_ms(1500);
    CHECK(ask("127.0.0.1", bearer(random_token(12))).status == 401);  // the refilled try, spent
    const HeardAnswer again = ask("127.0.0.1", bearer(d.token));
    CHECK(again.status == 429);
    CHECK(again.header("Retry-After") == "6");
    throttle_clock.advance_ms(6000);
    CHECK(ask("127.0.0.1", bearer(d.token)).status == 200);
    // The log says what was refused, never from where.
    const std::string log = d.log_text();
    CHECK(log.find("GET /api/v1/templates 429") != std::string::npos);
    CHECK(log.find("127.0.0") == std::string::npos);
}

TEST_CASE("a tablet whose address is throttled keeps its visit for a later pass, never sets it aside") {
    ManualClock throttle_clock;  // moves the bad-token throttle by hand
    DepotServerOptions o = short_limits();
    GuardedDepot d(o, &throttle_clock);
    auto t = repo_template(kTemplateName);
    d.depot.assign({make_assignment("v-1", "tech-a", *t)});
    TempDir tablet_dir;
    auto opened = DeviceStore::open(tablet_dir.path / "tablet", fc::test::still_clock());
    REQUIRE(opened.ok());
    std::unique_ptr<DeviceStore> tablet = std::move(opened).value();
    REQUIRE(enroll_with_depot(*tablet, d.depot.url(), d.token).ok());
    pin_depot_key_of(*tablet, d.depot.dir);
    SyncOptions so;
    so.ignore_backoff = true;
    REQUIRE(sync_with_depot(*tablet, so).ok());
    REQUIRE(walk_stored_visit(*tablet, "v-1").ok());

    // Someone on the tablet's address (a shared NAT, say) guesses tokens.
    for (int i = 0; i < 10; ++i) {
        RawConnection c("127.0.0.1", d.port());
        c.send(get("/api/v1/templates", bearer(random_token(i))));
        CHECK(c.next_answer().status == 401);
    }
    auto throttled = sync_with_depot(*tablet, so);
    REQUIRE(throttled.ok());
    CHECK(throttled->depot_reached);
    CHECK(throttled->sent == 0);
    CHECK(throttled->retry_later == 1);
    CHECK(throttled->set_aside == 0);

    throttle_clock.advance_ms(6000);  // one try back: the real token passes
    auto later = sync_with_depot(*tablet, so);
    REQUIRE(later.ok());
    CHECK(later->sent == 1);
    CHECK(every_sealed_visit_acknowledged(*tablet).value());
}

TEST_CASE("a valid token does not spend or refill the bucket: the count of failures goes on across successes") {
    ManualClock throttle_clock;  // moves the bad-token throttle by hand
    DepotServerOptions o = short_limits();
    GuardedDepot d(o, &throttle_clock);
    const auto ask = [&](const std::string& token) {
        RawConnection c("127.0.0.1", d.port());
        c.send(get("/api/v1/templates", bearer(token)));
        return c.next_answer().status;
    };
    for (int i = 0; i < 30; ++i) CHECK(ask(d.token) == 200);
    for (int i = 0; i < 9; ++i) {
        CHECK(ask(random_token(i)) == 401);
        CHECK(ask(d.token) == 200);  // no reset: interleaving a real token buys no extra guesses
    }
    CHECK(ask(random_token(9)) == 401);
    CHECK(ask(d.token) == 429);
}

TEST_CASE("the bad-token throttle holds at most its address limit and forgets the most forgiven first") {
    BadTokenThrottle::Settings s;
    s.burst = 3;
    s.refill_ms = 1000;
    s.max_addresses = 100;
    BadTokenThrottle t(s);
    for (int i = 0; i < 3; ++i) t.record_failure("persistent", 0);
    CHECK(t.wait_ms("persistent", 0) == 1000);
    CHECK(t.wait_ms("persistent", 400) == 600);
    for (int i = 0; i < 20'000; ++i) t.record_failure("flood-" + std::to_string(i), 500);
    CHECK(t.tracked() <= 100);
    CHECK(t.wait_ms("persistent", 500) == 500);  // the flood evicted its own, not the guesser
    CHECK(t.wait_ms("persistent", 1000) == 0);    // one try back after a refill interval
    t.record_failure("persistent", 1000);
    CHECK(t.wait_ms("persistent", 1000) == 1000);
    CHECK(t.wait_ms("persistent", 4000) == 0);
    CHECK(t.wait_ms("never-failed", 0) == 0);

    s.burst = 0;  // off
    BadTokenThrottle off(s);
    for (int i = 0; i < 10; ++i) off.record_failure("a", 0);
    CHECK(off.wait_ms("a", 0) == 0);
    CHECK(off.tracked() == 0);
}

TEST_CASE("head seats are counted per address and given back") {
    HeadSeats seats(2);
    {
        HeadSeat a(seats, "10.0.0.1");
        HeadSeat b(seats, "10.0.0.1");
        HeadSeat c(seats, "10.0.0.1");
        HeadSeat other(seats, "10.0.0.2");
        CHECK(a.take());
        CHECK(a.take());  // taking twice holds one seat
        CHECK(b.take());
        CHECK_FALSE(c.take());
        CHECK(other.take());
        a.give_back();
        CHECK(c.take());
        CHECK(seats.taken("10.0.0.1") == 2);
    }
    CHECK(seats.taken("10.0.0.1") == 0);
    CHECK(seats.taken("10.0.0.2") == 0);
}

TEST_CASE("over TLS a client that connects and never starts the handshake is cut at the head deadline") {
    TempDir keys;
    write_self_signed_certificate(keys.path / "depot.pem", keys.path / "depot.key");
    DepotServerOptions o = short_limits();
    o.tls_cert = (keys.path / "depot.pem").string();
    o.tls_key = (keys.path / "depot.key").string();
    GuardedDepot d(o);
    RawConnection silent("127.0.0.1", d.port());
    RawConnection half("127.0.0.1", d.port());
    half.send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));  // a ClientHello's first bytes
    const auto start = Steady::now();
    CHECK(silent.closed_within(4));
    const double held = seconds_since(start);
    CHECK(held >= 1.8);
    CHECK(held <= 3.5);
    CHECK(half.closed_within(1));
    CHECK(silent.next_answer(0).status == 0);
}

TEST_CASE("stop returns at once while connections sit in the head phase or idle between requests") {
    DepotServerOptions o;
    o.request_head_timeout_s = 60;
    o.keep_alive_timeout_s = 60;
    auto d = std::make_unique<GuardedDepot>(o);
    std::vector<std::unique_ptr<RawConnection>> waiting;
    for (int i = 0; i < 10; ++i) waiting.push_back(std::make_unique<RawConnection>("127.0.0.1", d->port()));
    RawConnection kept("127.0.0.2", d->port());
    kept.send(get("/healthz"));
    CHECK(kept.next_answer().status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto start = Steady::now();
    d.reset();
    CHECK(seconds_since(start) < 2.0);
    CHECK(kept.closed_within(1));
}

TEST_CASE("serve takes --threads, --request-head-timeout and --max-connections-per-address and explains them") {
    const CommandResult help = run_depot({"serve", "--help"});
    CHECK(help.exit_code == 0);
    for (const char* flag : {"--threads N", "--request-head-timeout S", "--max-connections-per-address N"}) {
        CHECK_MESSAGE(help.out.find(flag) != std::string::npos, flag);
    }
    TempDir data;
    for (const std::vector<std::string>& bad : {std::vector<std::string>{"--threads", "1"}, {"--threads", "many"},
                                               {"--request-head-timeout", "0"}, {"--max-connections-per-address", "-3"},
                                               // one address must never be able to hold every worker
                                               {"--max-connections-per-address", "64"}}) {
        std::vector<std::string> args = {"serve", "--data", (data.path / "d").string(), "--listen", "127.0.0.1:0"};
        args.insert(args.end(), bad.begin(), bad.end());
        const CommandResult r = run_depot(args);
        CHECK_MESSAGE(r.exit_code == 2, bad[0] << " " << bad[1]);
        CHECK(r.err.find(bad[0]) != std::string::npos);
    }
    DepotProcess depot(data.path / "d", {"--threads", "8", "--request-head-timeout", "1", "--max-connections-per-address", "2"});
    RawConnection one("127.0.0.1", depot.port);
    RawConnection two("127.0.0.1", depot.port);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    RawConnection three("127.0.0.1", depot.port);
    CHECK(three.next_answer(2).status == 503);
    const auto start = Steady::now();
    CHECK(one.closed_within(3));
    CHECK(seconds_since(start) < 1.5);
    CHECK(healthz_from("127.0.0.1", depot.port) == 200);
}
