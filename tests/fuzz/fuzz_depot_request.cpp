// Hostile bytes into the depot's request handling, in-process: a real DepotServer (cpp-httplib
// routing, token check, body limits, ingest through the engine's rules) on 127.0.0.1, fed over a
// loopback socket. The first byte picks how the rest is used:
//   0: the bytes are the whole HTTP request, as sent;
//   1: a well-formed request on one of the API routes, the fuzzer choosing route, token, body
//      framing, the path segment (percent-encoded, so "../", NUL and quotes reach the router) and body;
//   2: a valid sealed visit record with the fuzzer's bytes written over part of it.
// Promises checked: no crash, no hang, no unbounded memory; never a 500 (an exception escaped a
// handler); no 2xx on an API route without a valid token; and the one visit the depot holds keeps
// its seal whatever arrives.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <thread>

#include "checklists/sha256.h"
#include "tests/fuzz/fuzz_support.h"
#include "sync/depot/depot_attachments.h"
#include "sync/depot/depot_server.h"
#include "sync/depot/depot_store.h"

namespace {

using namespace fc;

constexpr const char* kTechnician = "tech-fz";
constexpr const char* kStoredVisit = "fz-stored";  // received at start-up: replays and conflicts
constexpr const char* kOpenVisit = "fz-open";      // assigned, never received: the ingest path runs deep

struct Depot {
    std::filesystem::path dir;
    std::unique_ptr<DepotStore> store;
    ManualClock clock{{1'700'000'500'000, 1'000}};  // receipts carry this time, whatever the input
    std::unique_ptr<DepotServer> server;
    std::string token;
    std::string revoked_token;
    std::string stored_record;  // the record of kStoredVisit, as received
    std::string stored_seal;
    std::string open_record;    // a valid record of kOpenVisit, never sent whole
    std::string open_seal;
};

Depot* depot = nullptr;
std::map<int, long>* statuses_seen = nullptr;  // status -> answers; 0 = the depot closed without one

// Printed at exit, so a run shows how deep it reached (201/200/409/422 mean the engine ran).
void print_statuses_seen() {
    if (!statuses_seen) return;
    std::fprintf(stderr, "depot statuses seen:");
    for (const auto& [status, count] : *statuses_seen) std::fprintf(stderr, " %d x%ld", status, count);
    std::fprintf(stderr, "\n");
}

void remove_depot_dir() {
    std::error_code ec;
    if (depot) std::filesystem::remove_all(depot->dir, ec);
}

template <typename T>
T must(Expected<T> e, const char* what) {
    if (!e) fuzz::broken_promise(what, e.error().message);
    return std::move(e.value());
}

void must(const Status& s, const char* what) {
    if (!s) fuzz::broken_promise(what, s.error().message);
}

void put_file(DepotStore& store, const std::string& sha, const std::string& bytes) {
    auto upload = must(AttachmentUpload::begin(store.attachments_dir(), kMaxAttachmentBytes), "start an upload");
    must(upload->write(bytes.data(), bytes.size()), "write an upload");
    must(upload->finish(sha), "finish an upload");
    must(store.record_attachment(sha, static_cast<std::int64_t>(bytes.size()), 1'700'000'000'000), "record an attachment");
}

void start_depot() {
    depot = new Depot;  // lives until exit: the server thread uses it to the end
    // Why /dev/shm when there is one: every accepted write fsyncs; a RAM disk keeps that cheap.
    const std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    std::string pattern = (base / "fc-fuzz-depot-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) fuzz::broken_promise("mkdtemp failed");
    depot->dir = pattern;
    std::atexit(remove_depot_dir);

    depot->store = must(DepotStore::open(depot->dir / "data"), "open the depot store");
    DepotStore& store = *depot->store;
    const auto t = fuzz::demo_template();
    must(store.import_template(*t, 1'700'000'000'000), "import the demo template");
    must(store.put_assignments({fuzz::demo_assignment(kStoredVisit, kTechnician, *t),
                                fuzz::demo_assignment(kOpenVisit, kTechnician, *t)},
                               1'700'000'000'000),
         "assign the demo visits");
    depot->token = must(store.create_token(kTechnician, "fuzz tablet", 1'700'000'000'000), "create a token").token;
    const auto revoked = must(store.create_token(kTechnician, "stolen tablet", 1'700'000'000'000), "create a token");
    must(store.revoke_token(revoked.id, 1'700'000'000'001), "revoke a token");
    depot->revoked_token = revoked.token;

    const auto stored = fuzz::demo_sealed_visit(kStoredVisit, kTechnician);
    for (const auto& [sha, bytes] : stored.files) put_file(store, sha, bytes);
    depot->stored_record = stored.record;
    depot->stored_seal = stored.seal;
    const auto open = fuzz::demo_sealed_visit(kOpenVisit, kTechnician);
    depot->open_record = open.record;
    depot->open_seal = open.seal;

    DepotServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.read_timeout_s = 2;
    options.write_timeout_s = 2;
    options.keep_alive_timeout_s = 1;
    // Off: after 10 wrong tokens from 127.0.0.1 every input would get 429 and never reach a route.
    options.bad_token_burst = 0;
    options.log = nullptr;
    depot->server = must(DepotServer::bind(store, depot->clock, options), "bind the depot");
    std::thread([] {
        const bool ok = depot->server->run();
        std::fprintf(stderr, "depot stopped listening (run() returned %d, errno %d)\n", ok, errno);
    }).detach();
}

// Whether `answer` holds one whole response (headers and the Content-Length body).
bool whole_response(const std::string& answer) {
    const auto end = answer.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    std::string head = answer.substr(0, end);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto at = head.find("\r\ncontent-length:");
    const std::size_t length = at == std::string::npos ? 0 : std::strtoull(head.c_str() + at + 17, nullptr, 10);
    return answer.size() >= end + 4 + length;
}

// Sends `request` and reads the first answer. Why not just half-close: cpp-httplib 0.11 peeks at
// the socket before it writes a response and drops the response when the client's side is shut.
// So the harness waits for the answer, and half-closes only when the depot has been silent for
// `idle_ms` (it is waiting for bytes an incomplete request promised), to make it give up at once.
std::string exchange(const std::string& request, int idle_ms = 20) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) fuzz::broken_promise("socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(depot->server->port()));
    int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (rc != 0 && errno == EINTR) {
        // libFuzzer's timers interrupt system calls; an interrupted connect goes on by itself.
        pollfd p{fd, POLLOUT, 0};
        while (::poll(&p, 1, 4000) < 0 && errno == EINTR) {
        }
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
        rc = error == 0 ? 0 : -1;
        errno = error;
    }
    if (rc != 0) {
        const int e = errno;
        ::close(fd);
        fuzz::broken_promise("cannot connect to the depot:", std::strerror(e));
    }
    std::size_t sent = 0;
    while (sent < request.size()) {
        const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // the depot hung up early (e.g. a refused header): its answer is still readable
        sent += static_cast<std::size_t>(n);
    }
    std::string answer;
    char buf[16384];
    bool half_closed = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
    while (!whole_response(answer) && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, half_closed ? 100 : idle_ms);
        if (ready == 0 && !half_closed) {
            ::shutdown(fd, SHUT_WR);
            half_closed = true;
        }
        if (ready <= 0) continue;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        answer.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return answer;
}

// Status of the first response in `answer`, 0 when there is none.
int first_status(const std::string& answer) {
    if (answer.size() < 12 || answer.compare(0, 9, "HTTP/1.1 ") != 0) return 0;
    return std::atoi(answer.substr(9, 3).c_str());
}

std::string percent_encoded(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// Takes bytes from the front of the input; what remains after the last take.
class Input {
public:
    Input(const std::uint8_t* data, std::size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}
    std::uint8_t byte() {
        if (rest_.empty()) return 0;
        const auto b = static_cast<std::uint8_t>(rest_.front());
        rest_.remove_prefix(1);
        return b;
    }
    // Up to the first '\n' (dropped), or everything.
    std::string_view line() {
        const auto at = rest_.find('\n');
        const std::string_view out = rest_.substr(0, at);
        rest_.remove_prefix(at == std::string_view::npos ? rest_.size() : at + 1);
        return out;
    }
    std::string_view rest() const { return rest_; }

private:
    std::string_view rest_;
};

struct Framed {
    std::string request;
    bool api_route = false;  // needs a valid token
    bool valid_token = false;
};

Framed framed_request(Input& in) {
    static const char* const kMethods[] = {"GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"};
    const std::uint8_t route = in.byte();
    const std::uint8_t flags = in.byte();
    const std::string segment = percent_encoded(in.line());
    const std::string_view body = in.rest();

    std::string method = kMethods[(flags >> 4) % 6];
    std::string path;
    switch (route % 8) {
        case 0: path = "/healthz"; break;
        case 1: path = "/api/v1/templates"; break;
        case 2: path = "/api/v1/templates/" + segment; break;
        case 3: path = "/api/v1/assignments?since=" + segment; break;
        case 4: path = "/api/v1/attachments/" + segment; break;
        case 5: path = "/api/v1/visits/" + segment; break;
        case 6: path = "/api/v1/visits/" + std::string(kOpenVisit); break;
        default: path = "/" + segment; break;
    }
    Framed f;
    f.api_route = route % 8 != 0 && route % 8 != 7;
    std::string token;
    switch (flags & 3) {
        case 0: token = depot->token; f.valid_token = true; break;
        case 1: token = depot->revoked_token; break;
        case 2: token = std::string(depot->token).replace(0, 1, depot->token[0] == 'a' ? "b" : "a"); break;
        default: break;  // no Authorization header at all
    }
    f.request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.empty()) f.request += "Authorization: Bearer " + token + "\r\n";
    if (flags & 4) {
        // Chunked, in chunks of up to 7 bytes: the limit must count these too.
        f.request += "Transfer-Encoding: chunked\r\n\r\n";
        for (std::size_t at = 0; at < body.size(); at += 7) {
            const auto part = body.substr(at, 7);
            f.request += std::to_string(part.size()) + "\r\n";
            f.request.append(part);
            f.request += "\r\n";
        }
        f.request += "0\r\n\r\n";
    } else {
        if (!body.empty() || (flags & 8)) f.request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        f.request += "\r\n";
        f.request.append(body);
    }
    return f;
}

std::string visit_put(const std::string& visit_id, const std::string& body) {
    return "PUT /api/v1/visits/" + visit_id + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + depot->token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// The valid record of kOpenVisit with the fuzzer's bytes written over it at the offset it picks;
// the unchanged record goes to the already received visit (a replay), so kOpenVisit stays open.
std::string patched_visit_request(Input& in) {
    const std::size_t offset = (static_cast<std::size_t>(in.byte()) << 8 | in.byte());
    std::string body = depot->open_record;
    const std::string_view patch = in.rest();
    const std::size_t at = offset % (body.size() + 1);
    body.replace(at, std::min(patch.size(), body.size() - at), patch);
    if (body == depot->open_record) return visit_put(kStoredVisit, depot->stored_record);
    return visit_put(kOpenVisit, body);
}

void check_stored_visit_kept() {
    const auto head = depot->store->visit_head(kStoredVisit);
    if (!head || !head.value() || head.value()->seal != depot->stored_seal) {
        fuzz::broken_promise("the received visit's seal changed");
    }
    // A patch that changes only the record's layout (e.g. trailing whitespace) is the same visit and
    // may be received; anything stored under this id must carry the seal the engine computed.
    const auto open = depot->store->visit_head(kOpenVisit);
    if (!open || (open.value() && open.value()->seal != depot->open_seal)) {
        fuzz::broken_promise("a visit was stored with a seal its events do not produce");
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    start_depot();
    statuses_seen = new std::map<int, long>;
    std::atexit(print_statuses_seen);
    // The received visit: stored once, so replays (200) and conflicts (409) are reachable.
    const int status = first_status(exchange(visit_put(kStoredVisit, depot->stored_record), 4000));
    if (status != 201) fuzz::broken_promise("the demo visit was not received at start-up, status", std::to_string(status));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in(data, size);
    const std::uint8_t mode = in.byte() % 3;
    Framed framed;
    if (mode == 0) framed.request = std::string(in.rest());
    else if (mode == 1) framed = framed_request(in);
    else framed.request = patched_visit_request(in);

    const std::string answer = exchange(framed.request);
    const int status = first_status(answer);
    ++(*statuses_seen)[status];
    if (status == 500) fuzz::broken_promise("the depot answered 500: a handler failed", answer.substr(0, 300));
    if (mode == 1 && framed.api_route && !framed.valid_token && status >= 200 && status < 300) {
        fuzz::broken_promise("an API request without a valid token got", answer.substr(0, 300));
    }
    check_stored_visit_kept();
    return 0;
}
