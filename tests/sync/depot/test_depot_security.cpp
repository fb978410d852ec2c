// Security with the real programs (issue 5): HTTPS with a company CA the tablet pins (and every
// certificate it must refuse), nothing personal or secret in any log through a whole day with its
// failures, tokens kept only as hashes on the depot, and data directories private to their user.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>

#include "checklists/technician_pin.h"
#include "tests/sync/depot/test_ca.h"
#include "tests/sync/depot/watched_depot.h"
#include "sync/wire/device_token.h"
#include "sync/client/sync_client.h"
#include "tests/test_clock.h"
#include "tests/test_text.h"

using namespace fc;
using namespace fc::test;

namespace {


std::string tablet_setting(const std::filesystem::path& dir, const char* key) {
    return open_tablet_store(dir)->setting(key).value().value_or("");
}

int pending_visits(const std::filesystem::path& dir) {
    const auto outbox = open_tablet_store(dir)->outbox();
    REQUIRE(outbox.ok());
    int n = 0;
    for (const OutboxItem& item : outbox.value()) n += item.state == OutboxState::Pending ? 1 : 0;
    return n;
}

unsigned mode_of(const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

std::string octal(unsigned mode) {
    char text[16];
    std::snprintf(text, sizeof text, "%04o", mode);
    return text;
}

// Sets the process umask for a scope: the programs started meanwhile inherit it.
struct Umask {
    mode_t before;
    explicit Umask(mode_t m) : before(::umask(m)) {}
    ~Umask() { ::umask(before); }
};

// A depot data directory with the fiber template, visit v-1 for tech-a, and a token for tech-a,
// made through the store (what is under test is what the programs do with it afterwards).
struct PreparedDepot {
    TempDir tmp;
    std::filesystem::path data = tmp.path / "depot";
    std::string token;

    PreparedDepot() {
        auto store = DepotStore::open(test_depot_location(data));
        REQUIRE(store.ok());
        const auto t = repo_template(kTemplateName);
        REQUIRE(store.value()->import_template(*t, 1).ok());
        REQUIRE(store.value()->put_assignments({make_assignment("v-1", "tech-a", *t)}, 1).ok());
        token = store.value()->create_token("tech-a", "tablet", 1)->token;
    }
    std::filesystem::path file(const std::string& name) const { return tmp.path / name; }

    // `serve` with the certificate (leaf, or leaf + CA) and key written for it under NAME.
    std::unique_ptr<WatchedDepot> serve_tls(const ServerCert& cert, const std::string& name, bool with_chain = false) {
        cert.write_cert(file(name + ".pem"), with_chain);
        cert.write_key(file(name + ".key"));
        auto d = std::make_unique<WatchedDepot>(data, tmp.path, name,
                                                std::vector<std::string>{"--tls-cert", file(name + ".pem").string(),
                                                                         "--tls-key", file(name + ".key").string()});
        REQUIRE(d->scheme == "https");
        return d;
    }

    CommandResult enroll(const std::filesystem::path& tablet, const std::string& url, const std::string& ca_file) {
        std::vector<std::string> args = {"enroll", "--data", tablet.string(), "--depot", url, "--token", token};
        if (!ca_file.empty()) {
            args.push_back("--ca-file");
            args.push_back(ca_file);
        }
        return run_tablet(args);
    }
};

// What `fieldcheck enroll` must leave behind when it refused a depot: nothing.
void check_nothing_enrolled(const std::filesystem::path& tablet) {
    CHECK(tablet_setting(tablet, kSettingDepotUrl).empty());
    CHECK(tablet_setting(tablet, kSettingDeviceToken).empty());
    CHECK(tablet_setting(tablet, kSettingDepotCaFile).empty());
    CHECK_FALSE(std::filesystem::exists(tablet / "depot-ca.pem"));
}

// An enrollment the tablet must refuse because of the depot's certificate: exit 1, a sentence
// naming the certificate and `why` on stderr, and nothing stored.
void check_refused_certificate(const CommandResult& r, const std::filesystem::path& tablet, const std::string& why) {
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(r.err.find("certificate") != std::string::npos, r.err);
    CHECK_MESSAGE(r.err.find(why) != std::string::npos, "expected '" << why << "' in: " << r.err);
    CHECK(r.out.empty());
    check_nothing_enrolled(tablet);
}

std::string base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

// The forms `secret` takes when base64-encoded as part of a longer text: one per alignment.
std::vector<std::string> base64_forms(std::string_view secret) {
    std::vector<std::string> forms;
    for (std::size_t shift = 0; shift < 3 && secret.size() > shift + 3; ++shift) {
        const std::size_t whole = (secret.size() - shift) / 3 * 3;
        forms.push_back(base64(secret.substr(shift, whole)));
    }
    return forms;
}

std::string hex_of(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0x0F]);
    }
    return out;
}

// "0a1b..." (64 hex digits) as its 32 raw bytes.
std::string raw_bytes_of_hex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

// TlsListener: a TLS server on 127.0.0.1 that is not the depot: it answers handshakes with the
// certificate it is given, keeps every byte a client sends afterwards, and answers 503.
class TlsListener {
public:
    TlsListener(const std::filesystem::path& cert, const std::filesystem::path& key) : ctx_(SSL_CTX_new(TLS_server_method())) {
        REQUIRE(ctx_ != nullptr);
        // A client that hung up makes SSL_shutdown's close_notify (or the 503) a write to a closed
        // socket: EPIPE, not the SIGPIPE that would end the test program.
        ignore_broken_pipe_signal();
        REQUIRE(SSL_CTX_use_certificate_chain_file(ctx_, cert.c_str()) == 1);
        REQUIRE(SSL_CTX_use_PrivateKey_file(ctx_, key.c_str(), SSL_FILETYPE_PEM) == 1);
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        REQUIRE(::listen(fd_, 8) == 0);
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~TlsListener() {
        stop_ = true;
        thread_.join();
        ::close(fd_);
        SSL_CTX_free(ctx_);
    }
    TlsListener(const TlsListener&) = delete;
    TlsListener& operator=(const TlsListener&) = delete;

    std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
    // Waits (up to 10 s) until `n` connections were handled to their end, so received() is complete.
    bool wait_for_connections(int n) const {
        for (int i = 0; i < 1000 && finished_ < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return finished_ >= n;
    }
    std::string received() {
        std::lock_guard<std::mutex> lock(mutex_);
        return received_;
    }

private:
    void serve() {
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) continue;
            timeval tv{3, 0};
            ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            ::setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            SSL* ssl = SSL_new(ctx_);
            SSL_set_fd(ssl, client);
            if (SSL_accept(ssl) == 1) {
                std::string request;
                char buf[4096];
                for (;;) {
                    const int n = SSL_read(ssl, buf, sizeof buf);
                    if (n <= 0) break;
                    request.append(buf, static_cast<std::size_t>(n));
                    if (request.find("\r\n\r\n") != std::string::npos) {
                        static constexpr char kAnswer[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                        SSL_write(ssl, kAnswer, sizeof kAnswer - 1);
                        break;
                    }
                }
                std::lock_guard<std::mutex> lock(mutex_);
                received_ += request;
            }
            SSL_shutdown(ssl);
            SSL_free(ssl);
            ::close(client);
            ERR_clear_error();
            ++finished_;
        }
    }

    SSL_CTX* ctx_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> finished_{0};
    std::mutex mutex_;
    std::string received_;
    std::thread thread_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// TLS with a company CA, pinned by the tablet
// ---------------------------------------------------------------------------------------------

TEST_CASE("a depot whose certificate the company CA signed serves a tablet that pins that CA: enroll, sync, the visit arrives") {
    REQUIRE(std::filesystem::exists(tablet_binary()));
    PreparedDepot depot;
    TestCa ca("fieldcheck test CA");
    ca.write_cert(depot.file("ca.pem"));
    // The certificate file holds the depot's certificate followed by its CA, as a CA hands them out.
    auto served = depot.serve_tls(ca.issue(), "depot", /*with_chain=*/true);

    const auto tablet = depot.file("tablet");
    const CommandResult enrolled = depot.enroll(tablet, served->url(), depot.file("ca.pem").string());
    REQUIRE_MESSAGE(enrolled.exit_code == 0, enrolled.err);
    CHECK(enrolled.out == "enrolled with the depot at " + served->url() + "\n");
    CHECK(tablet_setting(tablet, kSettingDepotCaFile) == std::filesystem::absolute(tablet / "depot-ca.pem").string());

    const CommandResult down = run_tablet({"sync", "--data", tablet.string()});
    REQUIRE_MESSAGE(down.exit_code == 0, down.err);
    CHECK(down.out.find("1 assignments received") != std::string::npos);
    REQUIRE(walk_stored_visit(*open_tablet_store(tablet), "v-1").ok());
    const CommandResult up = run_tablet({"sync", "--data", tablet.string()});
    CHECK_MESSAGE(up.exit_code == 0, up.err);
    CHECK(up.out.rfind("sent 1,", 0) == 0);
    CHECK(pending_visits(tablet) == 0);

    const CommandResult exported = run_depot({"export", "--data", depot.data.string(), "--format", "json"});
    CHECK(exported.exit_code == 0);
    CHECK(exported.out.find("\"visit_id\":\"v-1\"") != std::string::npos);
    CHECK(exported.out.find("\"outcome\":\"completed\"") != std::string::npos);

    // By name as well as by address: the certificate says DNS:localhost too.
    const CommandResult by_name = depot.enroll(depot.file("tablet-2"), served->url("localhost"), depot.file("ca.pem").string());
    CHECK_MESSAGE(by_name.exit_code == 0, by_name.err);
}

TEST_CASE("a tablet pinned to another CA, or to none, refuses the depot at enrollment and stores nothing") {
    PreparedDepot depot;
    TestCa ca("fieldcheck test CA");
    TestCa other("someone else's CA");
    other.write_cert(depot.file("other-ca.pem"));
    auto served = depot.serve_tls(ca.issue(), "depot");

    const auto tablet = depot.file("tablet");
    check_refused_certificate(depot.enroll(tablet, served->url(), depot.file("other-ca.pem").string()), tablet,
                              "not signed by a CA this tablet trusts");
    // Without --ca-file the tablet trusts the system's CAs only, and the company CA is not one.
    check_refused_certificate(depot.enroll(tablet, served->url(), ""), tablet, "not signed by a CA this tablet trusts");
}

TEST_CASE("a certificate from the pinned CA for another name is refused: it must name the depot's address") {
    PreparedDepot depot;
    TestCa ca("fieldcheck test CA");
    ca.write_cert(depot.file("ca.pem"));
    const auto tablet = depot.file("tablet");
    const std::string pinned = depot.file("ca.pem").string();

    SUBCASE("a certificate for depot.example only") {
        CertSpec spec;
        spec.common_name = "depot.example";
        spec.subject_alt_name = "DNS:depot.example";
        auto served = depot.serve_tls(ca.issue(spec), "other-name");
        check_refused_certificate(depot.enroll(tablet, served->url(), pinned), tablet, "127.0.0.1");
        check_refused_certificate(depot.enroll(tablet, served->url("localhost"), pinned), tablet, "localhost");
    }
    SUBCASE("a certificate for another address") {
        CertSpec spec;
        spec.common_name = "192.0.2.7";
        spec.subject_alt_name = "IP:192.0.2.7,DNS:depot.example";
        auto served = depot.serve_tls(ca.issue(spec), "other-address");
        check_refused_certificate(depot.enroll(tablet, served->url(), pinned), tablet, "127.0.0.1");
    }
    SUBCASE("a subject common name that names the address does not count when subjectAltName names another") {
        // RFC 6125 6.4.4 and RFC 2818 3.1: with a subjectAltName present the common name is not an
        // identity; and an IP address is matched only against iPAddress entries.
        CertSpec spec;
        spec.common_name = "127.0.0.1";
        spec.subject_alt_name = "DNS:depot.example";
        auto served = depot.serve_tls(ca.issue(spec), "cn-only");
        check_refused_certificate(depot.enroll(tablet, served->url(), pinned), tablet, "127.0.0.1");
    }
    SUBCASE("a wildcard common name without subjectAltName does not match an IP address") {
        CertSpec spec;
        spec.common_name = "*.0.0.1";
        spec.subject_alt_name = "";
        auto served = depot.serve_tls(ca.issue(spec), "wildcard");
        check_refused_certificate(depot.enroll(tablet, served->url(), pinned), tablet, "127.0.0.1");
    }
}

TEST_CASE("an expired certificate, or one not valid yet, from the pinned CA is refused") {
    PreparedDepot depot;
    TestCa ca("fieldcheck test CA");
    ca.write_cert(depot.file("ca.pem"));
    const auto tablet = depot.file("tablet");

    CertSpec expired;
    expired.valid_from_s = -2 * 24 * 3600;
    expired.valid_until_s = -24 * 3600;
    {
        auto served = depot.serve_tls(ca.issue(expired), "expired");
        check_refused_certificate(depot.enroll(tablet, served->url(), depot.file("ca.pem").string()), tablet, "expired");
    }
    CertSpec early;
    early.valid_from_s = 24 * 3600;
    early.valid_until_s = 2 * 24 * 3600;
    auto served = depot.serve_tls(ca.issue(early), "not-yet");
    check_refused_certificate(depot.enroll(tablet, served->url(), depot.file("ca.pem").string()), tablet, "not valid yet");
}

TEST_CASE("plain HTTP to the depot's TLS port fails at once with a clear error, and the depot keeps serving HTTPS") {
    PreparedDepot depot;
    TestCa ca("fieldcheck test CA");
    ca.write_cert(depot.file("ca.pem"));
    auto served = depot.serve_tls(ca.issue(), "depot");
    const auto tablet = depot.file("tablet");

    const auto started = std::chrono::steady_clock::now();
    const CommandResult plain = depot.enroll(tablet, "http://127.0.0.1:" + std::to_string(served->port), "");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    CHECK(plain.exit_code == 1);
    CHECK_MESSAGE(plain.err.find("did not answer") != std::string::npos, plain.err);
    CHECK(seconds < 10.0);  // refused, not left waiting for the 30 s read timeout
    check_nothing_enrolled(tablet);

    int status = 0;
    REQUIRE(waitpid(served->pid, &status, WNOHANG) == 0);  // still running
    const CommandResult tls = depot.enroll(tablet, served->url(), depot.file("ca.pem").string());
    CHECK_MESSAGE(tls.exit_code == 0, tls.err);
}

TEST_CASE("a tablet enrolled with the CA refuses a depot that swapped its certificate for another CA's, and the visit stays pending") {
    PreparedDepot depot;
    TestCa ca("fieldcheck test CA");
    TestCa other("someone else's CA");
    ca.write_cert(depot.file("ca.pem"));
    const auto tablet = depot.file("tablet");
    {
        // The certificate file holds the depot's certificate alone: the tablet has the CA.
        auto served = depot.serve_tls(ca.issue(), "depot");
        REQUIRE(depot.enroll(tablet, served->url(), depot.file("ca.pem").string()).exit_code == 0);
        REQUIRE(run_tablet({"sync", "--data", tablet.string()}).exit_code == 0);
        REQUIRE(served->stop() == 0);
    }
    REQUIRE(walk_stored_visit(*open_tablet_store(tablet), "v-1").ok());
    REQUIRE(pending_visits(tablet) == 1);

    // Same data, same token, the same depot program: only the certificate changed (the URL follows
    // the new port only because the test lets the system pick free ports).
    auto swapped = depot.serve_tls(other.issue(), "swapped");
    REQUIRE(open_tablet_store(tablet)->set_setting(kSettingDepotUrl, swapped->url()).ok());
    const CommandResult refused = run_tablet({"sync", "--data", tablet.string()});
    CHECK(refused.exit_code == 1);
    CHECK_MESSAGE(refused.err.find("not signed by a CA this tablet trusts") != std::string::npos, refused.err);
    CHECK(refused.out.find("sent 0,") != std::string::npos);
    CHECK(pending_visits(tablet) == 1);
    CHECK(run_depot({"export", "--data", depot.data.string(), "--format", "json"}).out == "{\"visits\":[]}\n");
    REQUIRE(swapped->stop() == 0);

    // The right certificate back: the same visit goes up, nothing was lost meanwhile.
    auto restored = depot.serve_tls(ca.issue(), "restored");
    REQUIRE(open_tablet_store(tablet)->set_setting(kSettingDepotUrl, restored->url()).ok());
    const CommandResult synced = run_tablet({"sync", "--data", tablet.string()});
    CHECK_MESSAGE(synced.exit_code == 0, synced.err);
    CHECK(pending_visits(tablet) == 0);
}

TEST_CASE("the tablet sends nothing, not even its token, to a TLS server whose certificate it does not trust") {
    PreparedDepot depot;
    TestCa ca("fieldcheck test CA");
    TestCa other("someone else's CA");
    ca.write_cert(depot.file("ca.pem"));
    const ServerCert impostor_cert = other.issue();
    impostor_cert.write_cert(depot.file("impostor.pem"));
    impostor_cert.write_key(depot.file("impostor.key"));
    const ServerCert trusted_cert = ca.issue();
    trusted_cert.write_cert(depot.file("trusted.pem"));
    trusted_cert.write_key(depot.file("trusted.key"));

    TlsListener impostor(depot.file("impostor.pem"), depot.file("impostor.key"));
    const CommandResult refused = depot.enroll(depot.file("tablet"), impostor.url(), depot.file("ca.pem").string());
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("certificate") != std::string::npos);
    REQUIRE(impostor.wait_for_connections(1));  // the tablet did connect, and stopped at the certificate
    CHECK(impostor.received().empty());

    // The same listener with a certificate the tablet trusts does get the request, token and all:
    // the check above could fail.
    TlsListener trusted(depot.file("trusted.pem"), depot.file("trusted.key"));
    const CommandResult answered = depot.enroll(depot.file("tablet"), trusted.url(), depot.file("ca.pem").string());
    CHECK(answered.exit_code == 1);  // a 503 without the depot's header: not a depot
    REQUIRE(trusted.wait_for_connections(1));
    CHECK(trusted.received().find("Bearer " + depot.token) != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Nothing personal or secret in any log
// ---------------------------------------------------------------------------------------------

namespace {

constexpr const char* kCustomer = "Jansen-Markeer";
constexpr const char* kAddress = "Kerkstraat 9 Markeerdorp";
constexpr const char* kPhone = "06-13572468";
constexpr const char* kOtherCustomer = "Pietersen-Verklikker";
constexpr const char* kNote = "Hond-Markeer bijt in de kelder";
constexpr const char* kTextAnswer = "Serienummer-Markeer-XK77";
constexpr const char* kComment = "Commentaar-Markeer: heel tevreden";
constexpr const char* kFileMarker = "FOTO-HANDTEKENING-MARKEER";
constexpr const char* kPin = "73914682";

// LogWatch: every log line the programs printed, by where it came from, and the secrets that must
// never appear in any of them (in plain text, and in base64 or hex for bytes).
struct LogWatch {
    std::vector<std::pair<std::string, std::string>> logs;
    std::vector<std::pair<std::string, std::string>> secrets;

    void keep(const std::string& what, const CommandResult& r) {
        logs.emplace_back(what + " (stdout)", r.out);
        logs.emplace_back(what + " (stderr)", r.err);
    }
    void secret(const std::string& label, const std::string& value) { secrets.emplace_back(label, value); }
    void secret_bytes(const std::string& label, const std::string& bytes) {
        secret(label, bytes);
        for (const std::string& form : base64_forms(bytes)) secret(label + " in base64", form);
        secret(label + " in hex", hex_of(bytes.substr(0, 24)));
    }
    void check() const {
        for (const auto& [where, text] : logs) {
            for (const auto& [label, value] : secrets) {
                CHECK_MESSAGE(text.find(value) == std::string::npos, where << " shows " << label << ":\n" << text);
            }
        }
    }
};

}  // namespace

TEST_CASE("a whole day with its failures leaves no name, address, note, answer, photo, signature, token or PIN in any log") {
    REQUIRE(std::filesystem::exists(tablet_binary()));
    TempDir tmp;
    const std::string data = (tmp.path / "depot").string();
    const std::string template_file = std::string(FIELDCHECK_SOURCE_DIR) + "/templates/" + kTemplateName + ".json";
    LogWatch watch;
    watch.secret("the customer's name", kCustomer);
    watch.secret("the other customer's name", kOtherCustomer);
    watch.secret("the address", kAddress);
    watch.secret("the phone number", kPhone);
    watch.secret("the technician's note", kNote);
    watch.secret("a text answer", kTextAnswer);
    watch.secret("the survey comment", kComment);
    watch.secret_bytes("the photo and signature marker", kFileMarker);
    watch.secret("the PIN", kPin);

    watch.keep("template import", run_depot({"template", "import", "--data", data, template_file}));
    const auto plan = tmp.path / "plan.csv";
    const std::string row_tail = ",2024-05-14T08:00+02:00,2024-05-14T10:00+02:00," + std::string(kTemplateName) + "\n";
    write_file(plan, "visit_id,technician_id,customer_name,address,job_id,window_start,window_end,template_id\n"
                     "v-1,tech-a," + std::string(kCustomer) + ",\"" + kAddress + ", tel. " + kPhone + "\",job-1" + row_tail +
                         "v-2,tech-a," + kCustomer + ",\"" + kAddress + ", tel. " + kPhone + "\",job-2" + row_tail +
                         "v-3,tech-b," + kOtherCustomer + ",\"" + kAddress + "\",job-3" + row_tail);
    const CommandResult assigned = run_depot({"assign", "--data", data, plan.string()});
    REQUIRE_MESSAGE(assigned.exit_code == 0, assigned.err);
    watch.keep("assign", assigned);

    // Tokens: tablet A and tablet B of tech-a, one of tech-b.
    std::vector<std::string> tokens;
    for (const char* technician : {"tech-a", "tech-a", "tech-b"}) {
        const CommandResult created = run_depot({"token", "create", "--data", data, "--technician", technician});
        REQUIRE(created.exit_code == 0);
        tokens.push_back(fc::test::trim_line_end(created.out));
        watch.logs.emplace_back("token create (stderr)", created.err);  // stdout is the token itself, shown once
        CHECK(created.err.find(tokens.back()) == std::string::npos);
    }
    const std::string never_issued(64, 'c');
    for (const std::string& t : tokens) {
        watch.secret("a token", t);
        watch.secret("a token's SHA-256", device_token_hash(t));
        watch.secret("a token's raw bytes", raw_bytes_of_hex(t));
    }
    watch.secret("a token never issued", never_issued);
    const CommandResult listed = run_depot({"token", "list", "--data", data});
    CHECK(listed.exit_code == 0);
    CHECK(listed.out.find("tech-b") != std::string::npos);
    watch.keep("token list", listed);

    WatchedDepot depot(data, tmp.path, "serve");
    const auto tablet_a = tmp.path / "tablet-a";
    const auto tablet_b = tmp.path / "tablet-b";
    {
        auto store = open_tablet_store(tablet_a);
        const auto pin = TechnicianPin::create(kPin, "00112233445566778899aabbccddeeff");
        REQUIRE(pin.ok());
        REQUIRE(store->set_setting("technician_pin", pin->salt_hex + ":" + pin->hash_hex).ok());
    }
    const auto enroll = [&](const std::filesystem::path& tablet, const std::string& token) {
        return run_tablet({"enroll", "--data", tablet.string(), "--depot", depot.url(), "--token", token});
    };
    const auto sync = [&](const std::filesystem::path& tablet) { return run_tablet({"sync", "--data", tablet.string()}); };

    // A bad token first: refused, and the refusal is logged without it.
    const CommandResult bad_enroll = enroll(tablet_a, never_issued);
    CHECK(bad_enroll.exit_code == 1);
    CHECK(bad_enroll.err.find("refused this token") != std::string::npos);
    watch.keep("enroll with a bad token", bad_enroll);

    const CommandResult enrolled_a = enroll(tablet_a, tokens[0]);
    REQUIRE_MESSAGE(enrolled_a.exit_code == 0, enrolled_a.err);
    watch.keep("enroll", enrolled_a);
    const CommandResult down = sync(tablet_a);
    CHECK(down.exit_code == 0);
    watch.keep("sync (assignments down)", down);

    // v-1 completed with a text answer, a comment, a photo and a signature; v-2 not possible with a note.
    WalkPlan marked;
    marked.salt = kFileMarker;
    marked.text_answer = kTextAnswer;
    marked.survey_comment = kComment;
    std::vector<std::string> attached;
    {
        auto store = open_tablet_store(tablet_a);
        REQUIRE(walk_stored_visit(*store, "v-1", marked).ok());
        Visit v2 = store->load_visit("v-2").value();
        ManualClock clock({1'700'000'100'000, 1'000});
        const auto take = [&](Expected<Decision> e) {
            REQUIRE(e.ok());
            REQUIRE(store->append_events(e->next, e->events).ok());
            v2 = std::move(e->next);
            clock.advance_ms(1000);
        };
        take(v2.open(clock.now()));
        take(v2.close_not_possible({FailureCause::Kind::CustomerAbsent, {}, kNote}, clock.now()));
        // A visit the depot never assigned, for the 422 path.
        Assignment ghost = make_assignment("v-ghost", "tech-a", *repo_template(kTemplateName), "job-9");
        ghost.customer_name = kCustomer;
        ghost.address = std::string(kAddress) + ", tel. " + kPhone;
        REQUIRE(store->put_assignment(ghost).ok());
        WalkPlan ghost_plan = marked;
        ghost_plan.salt = std::string(kFileMarker) + " ghost";
        REQUIRE(walk_stored_visit(*store, "v-ghost", ghost_plan).ok());
        for (const auto& e : std::filesystem::recursive_directory_iterator(tablet_a / "attachments")) {
            if (e.is_regular_file()) attached.push_back(read_file(e.path()));
        }
    }
    REQUIRE(attached.size() >= 4);
    for (const std::string& bytes : attached) {
        REQUIRE(bytes.find(kFileMarker) == 0);
        watch.secret_bytes("the bytes of a photo or signature", bytes);
    }
    const CommandResult up = sync(tablet_a);
    CHECK(up.exit_code == 1);  // v-ghost is set aside: not every sealed visit has a receipt
    CHECK(up.out.rfind("sent 2, kept for later 0, set aside 1;", 0) == 0);
    CHECK_MESSAGE(up.err.find("422") != std::string::npos, up.err);
    watch.keep("sync (two sent, one refused 422)", up);

    // The next visit on v-2's job carries its history, the note included, down to the tablet.
    const auto plan_2 = tmp.path / "plan-2.csv";
    write_file(plan_2, "visit_id,technician_id,customer_name,address,job_id,window_start,window_end,template_id\n"
                       "v-4,tech-a," + std::string(kCustomer) + ",\"" + kAddress + "\",job-2" + row_tail);
    const CommandResult assigned_2 = run_depot({"assign", "--data", data, plan_2.string()});
    CHECK(assigned_2.exit_code == 0);
    watch.keep("assign (second sheet)", assigned_2);
    watch.keep("sync (history down)", sync(tablet_a));
    {
        const auto v4 = open_tablet_store(tablet_a)->load_visit("v-4");
        REQUIRE(v4.ok());
        REQUIRE(v4->assignment().history.size() == 1);
        CHECK(v4->assignment().history.front().note == kNote);
    }

    // Tablet B (tech-a too) walked v-1 its own way: the depot already has v-1 with another seal.
    REQUIRE(enroll(tablet_b, tokens[1]).exit_code == 0);
    watch.keep("sync of tablet B", sync(tablet_b));
    {
        WalkPlan other_walk = marked;
        other_walk.salt = std::string(kFileMarker) + " tablet B";
        REQUIRE(walk_stored_visit(*open_tablet_store(tablet_b), "v-1", other_walk).ok());
    }
    const CommandResult conflict = sync(tablet_b);
    CHECK(conflict.exit_code == 1);
    CHECK_MESSAGE(conflict.err.find("409") != std::string::npos, conflict.err);
    watch.keep("sync with a 409 conflict", conflict);

    // Tablet B's token revoked (by the token itself, as an admin holding a lost tablet's token would).
    const CommandResult revoked = run_depot({"token", "revoke", "--data", data, tokens[1]});
    CHECK(revoked.exit_code == 0);
    watch.keep("token revoke", revoked);
    const CommandResult after_revoke = sync(tablet_b);
    CHECK(after_revoke.exit_code == 1);
    CHECK(after_revoke.err.find("token") != std::string::npos);
    watch.keep("sync with a revoked token", after_revoke);

    // Hostile and broken requests, straight at the depot.
    {
        httplib::Client raw("127.0.0.1", depot.port);
        raw.set_connection_timeout(5, 0);
        raw.set_read_timeout(10, 0);
        const httplib::Headers as_a = {{"Authorization", "Bearer " + tokens[0]}};
        const httplib::Headers as_b = {{"Authorization", "Bearer " + tokens[2]}};
        const std::string marked_json = std::string("{\"assignment\":{\"customer_name\":\"") + kCustomer + "\",\"address\":\"" +
                                        kAddress + "\",\"note\":\"" + kNote;
        auto r = raw.Get("/api/v1/templates", {{"Authorization", "Bearer " + never_issued}});
        REQUIRE(r);
        CHECK(r->status == 401);
        r = raw.Get("/api/v1/templates", {{"Authorization", std::string("Bearer ") + kCustomer}});
        REQUIRE(r);
        CHECK(r->status == 401);
        r = raw.Put((std::string("/api/v1/visits/") + kCustomer + "'%20OR%201=1--").c_str(), as_a, marked_json, "application/json");
        REQUIRE(r);
        CHECK(r->status == 400);
        r = raw.Put("/api/v1/visits/v-1", as_a, marked_json, "application/json");  // malformed JSON
        REQUIRE(r);
        CHECK(r->status == 400);
        r = raw.Put("/api/v1/visits/v-1", as_a, marked_json + "\xff\xfe\"}}", "application/json");  // not UTF-8
        REQUIRE(r);
        CHECK(r->status == 400);
        r = raw.Put((std::string("/api/v1/attachments/") + std::string(64, '0')).c_str(), as_a, attached.front(),
                    "application/octet-stream");  // the bytes do not hash to the name
        REQUIRE(r);
        CHECK(r->status == 400);
        r = raw.Get((std::string("/api/v1/templates/") + kCustomer + "/1").c_str(), as_a);
        REQUIRE(r);
        CHECK(r->status == 404);
        // tech-b sends tech-a's visit v-1 (the record tablet B sealed, names and all): not theirs.
        const std::string record = encode_visit_record(open_tablet_store(tablet_b)->load_visit("v-1").value());
        REQUIRE(record.find(kCustomer) != std::string::npos);
        r = raw.Put("/api/v1/visits/v-1", as_b, record, "application/json");
        REQUIRE(r);
        CHECK(r->status == 403);
    }

    const CommandResult exported = run_depot({"export", "--data", data, "--format", "json", "--out", (tmp.path / "visits.json").string()});
    CHECK(exported.exit_code == 0);
    watch.keep("export", exported);  // its stdout and stderr; the file itself is the data, not a log
    CHECK(read_file(tmp.path / "visits.json").find(kCustomer) != std::string::npos);

    CHECK(depot.stop() == 0);
    const std::string serve_log = depot.log();
    watch.logs.emplace_back("the depot's serve log", serve_log);
    // The log did record the day, failures included: the checks above looked at something.
    CHECK(serve_log.find("listening on") != std::string::npos);
    for (const std::string status : {" 401", " 400", " 403", " 404", " 409", " 422"}) {
        CHECK_MESSAGE(serve_log.find(status) != std::string::npos, "no" << status << " in the depot's log:\n" << serve_log);
    }
    // Nor where a request came from: the only address in the log is the one it listens on.
    const std::string after_start = serve_log.substr(serve_log.find('\n') + 1);
    CHECK_MESSAGE(after_start.find("127.0.0.1") == std::string::npos, "a peer address in the depot's log:\n" << serve_log);
    // The token list shows who and which device, never a token or its hash.
    for (const std::string& t : tokens) {
        CHECK(listed.out.find(t.substr(0, 16)) == std::string::npos);
        CHECK(listed.out.find(device_token_hash(t).substr(0, 16)) == std::string::npos);
    }
    watch.check();
}

// ---------------------------------------------------------------------------------------------
// Tokens at rest and private data directories
// ---------------------------------------------------------------------------------------------

namespace {

// Every file and directory under `root` (root included) whose mode lets anyone but the owner in.
std::vector<std::string> not_private(const std::filesystem::path& root) {
    std::vector<std::string> found;
    const auto look = [&](const std::filesystem::path& p) {
        const unsigned mode = mode_of(p);
        if ((mode & 077) != 0) found.push_back(p.string() + " is " + octal(mode));
    };
    look(root);
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) look(e.path());
    return found;
}

bool file_holds(const std::filesystem::path& p, const std::string& needle) {
    return std::filesystem::exists(p) && read_file(p).find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("the tablet's data directory and every file in it are private to its user after enroll, sync and a visit") {
    const Umask everyone_may_read(022);  // the usual umask: files are 0644 unless made private
    PreparedDepot depot;
    TestCa ca("fieldcheck test CA");
    ca.write_cert(depot.file("ca.pem"));
    auto served = depot.serve_tls(ca.issue(), "depot");
    const auto tablet = depot.file("home") / "tech" / "fieldcheck";

    REQUIRE(depot.enroll(tablet, served->url(), depot.file("ca.pem").string()).exit_code == 0);
    REQUIRE(run_tablet({"sync", "--data", tablet.string()}).exit_code == 0);
    {
        auto store = open_tablet_store(tablet);
        REQUIRE(walk_stored_visit(*store, "v-1").ok());
        // While a store is open its -wal and -shm exist: look at them too.
        const auto open_files = not_private(tablet);
        CHECK_MESSAGE(open_files.empty(), open_files.front());
        CHECK(std::filesystem::exists(tablet / "fieldcheck.db-wal"));
    }
    REQUIRE(run_tablet({"sync", "--data", tablet.string()}).exit_code == 0);

    CHECK(mode_of(tablet) == 0700u);
    CHECK(mode_of(tablet / "attachments") == 0700u);
    CHECK(mode_of(tablet / "fieldcheck.db") == 0600u);
    CHECK(mode_of(tablet / "depot-ca.pem") == 0600u);
    std::size_t attachments = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(tablet / "attachments")) attachments += e.is_regular_file();
    CHECK(attachments >= 2);
    const auto found = not_private(tablet);
    CHECK_MESSAGE(found.empty(), (found.empty() ? "" : found.front()));

    // At its first sync the tablet registered a key and dropped its token: it signs from then on.
    // The key is private, and no file but the private database (SQLite may keep freed pages) ever
    // held the token.
    CHECK(mode_of(tablet / "device-signing.key") == 0600u);
    CHECK(open_tablet_store(tablet)->setting("device_token").value().value_or("") == "");
    for (const auto& e : std::filesystem::recursive_directory_iterator(tablet)) {
        if (!e.is_regular_file()) continue;
        const std::string name = e.path().filename().string();
        if (name.rfind("fieldcheck.db", 0) != 0) CHECK_MESSAGE(!file_holds(e.path(), depot.token), e.path() << " holds the token");
    }
}

TEST_CASE("a store made in a directory a person created gets a private database file, and the directory keeps its mode") {
    const Umask everyone_may_read(022);
    TempDir tmp;
    std::filesystem::create_directories(tmp.path / "shared");
    std::filesystem::permissions(tmp.path / "shared", std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                                          std::filesystem::perms::group_exec);
    {
        auto store = open_tablet_store(tmp.path / "shared");
        REQUIRE(store->set_setting("k", "v").ok());
    }
    CHECK(mode_of(tmp.path / "shared") == 0750u);  // a person's choice, left alone
    CHECK(mode_of(tmp.path / "shared" / "fieldcheck.db") == 0600u);
    CHECK(mode_of(tmp.path / "shared" / "attachments") == 0700u);
}

TEST_CASE("the depot keeps no token anywhere in its data directory, only the SHA-256, and the directory is private") {
    const Umask everyone_may_read(022);
    TempDir tmp;
    const auto data = tmp.path / "depot";
    const CommandResult created = run_depot({"token", "create", "--data", data.string(), "--technician", "tech-a"});
    REQUIRE(created.exit_code == 0);
    const std::string token = fc::test::trim_line_end(created.out);
    REQUIRE(is_device_token(token));
    {
        // A visit with attachments, so the attachments directory has files too.
        auto store = DepotStore::open(test_depot_location(data));
        REQUIRE(store.ok());
        const auto t = repo_template(kTemplateName);
        REQUIRE(store.value()->import_template(*t, 1).ok());
        REQUIRE(store.value()->put_assignments({make_assignment("v-1", "tech-a", *t)}, 1).ok());
    }
    WatchedDepot depot(data, tmp.path, "serve");
    const auto tablet = tmp.path / "tablet";
    REQUIRE(run_tablet({"enroll", "--data", tablet.string(), "--depot", depot.url(), "--token", token}).exit_code == 0);
    REQUIRE(run_tablet({"sync", "--data", tablet.string()}).exit_code == 0);
    REQUIRE(walk_stored_visit(*open_tablet_store(tablet), "v-1").ok());
    REQUIRE(run_tablet({"sync", "--data", tablet.string()}).exit_code == 0);

    // Looked at while the depot runs (its -wal holds the newest pages) and after it stopped.
    const std::string hash = device_token_hash(token);
    const auto look = [&](const char* when) {
        bool hash_seen = false;
        for (const auto& e : std::filesystem::recursive_directory_iterator(data)) {
            if (!e.is_regular_file()) continue;
            const std::string bytes = read_file(e.path());
            CHECK_MESSAGE(bytes.find(token) == std::string::npos, e.path() << " holds the token " << when);
            CHECK_MESSAGE(bytes.find(raw_bytes_of_hex(token)) == std::string::npos, e.path() << " holds the token's bytes " << when);
            hash_seen = hash_seen || bytes.find(hash) != std::string::npos || bytes.find(raw_bytes_of_hex(hash)) != std::string::npos;
        }
        CHECK_MESSAGE(hash_seen, "the token's hash is not found either " << when << ": the search looks in the wrong place");
    };
    look("while serving");
    // The -wal and -shm exist while the depot runs and copy the database's mode.
    for (const char* name : {"depot.db-wal", "depot.db-shm"}) {
        REQUIRE(std::filesystem::exists(data / name));
        CHECK_MESSAGE((mode_of(data / name) & 077) == 0, name << " is " << octal(mode_of(data / name)));
    }
    REQUIRE(depot.stop() == 0);
    look("after stopping");

    CHECK(mode_of(data) == 0700u);
    CHECK(mode_of(data / "attachments") == 0700u);
    for (const auto& e : std::filesystem::recursive_directory_iterator(data / "attachments")) {
        CHECK_MESSAGE((mode_of(e.path()) & 077) == 0, e.path());
    }
    // The database (and its -wal and -shm, which copy its mode) is private in its own right, so a
    // copy or backup that keeps modes stays private too.
    REQUIRE(std::filesystem::exists(data / "depot.db"));
    CHECK_MESSAGE((mode_of(data / "depot.db") & 077) == 0, "depot.db is " << octal(mode_of(data / "depot.db")));
}
