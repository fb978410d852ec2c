#pragma once
// Test support for the depot and sync tests: temporary directories, a real depot on 127.0.0.1 on a
// random port, the repository's real templates, and a walker that takes a visit through the real
// engine (no doctest inside, so bench/depot_ingest.cpp uses it too).
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "checklists/clock.h"
#include "checklists/sha256.h"
#include "checklists/template_parser.h"
#include "checklists/visit.h"
#include "sync/client/depot_key_pin.h"
#include "sync/depot/depot_key.h"
#include "sync/depot/depot_server.h"
#include "sync/depot/depot_store.h"
#include "sync/store/device_store.h"
#include "tests/sync/depot/test_depot_location.h"
#include "tests/sync/depot/visit_walker.h"
#include "tests/test_clock.h"

namespace fc::test {

// A fresh directory under $TMPDIR, removed with everything in it at scope exit.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "fc-depot-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

// A loopback port nobody listens on: bound to learn a free number, then closed again.
inline int closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        throw std::runtime_error("cannot find a free port");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void write_file(const std::filesystem::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// One of the shipped templates (templates/NAME.json), parsed by the real parser.
inline std::shared_ptr<const ChecklistTemplate> repo_template(const std::string& name) {
    const auto bytes = read_file(std::filesystem::path(FIELDCHECK_SOURCE_DIR) / "templates" / (name + ".json"));
    TemplateParseResult parsed = parse_template(bytes);
    if (!parsed.checklist) {
        throw std::runtime_error("template " + name + " does not parse: " +
                                 (parsed.problems.empty() ? std::string() : parsed.problems[0].path + " " + parsed.problems[0].message));
    }
    return std::make_shared<const ChecklistTemplate>(std::move(*parsed.checklist));
}

// The shipped fiber template has a photo or signature step, prechecks, handover and a survey.
inline const char* kTemplateName = "fiber-modem-install-en";

// SQL that turns a new depot file back into what a depot of schema 1 left: without the planning
// tables (step 2), the customer columns (step 3), the device keys (step 4) and the assignment
// revisions and set-aside reports (step 6; its triggers first, they name the customer column); every
// new step adds its undoing here. Every migration test starts from it.
// Step 10 (the mail outbox) is undone first, as kDowngradeToSchema9 does on its own; then step 9
// (the receipt's columns), as kDowngradeToSchema8 does.
// Steps 12 (the weekly roll-ups) and 11 (the back office's accounts and visit indexes) go first.
#define FC_UNDO_SCHEMA_12 \
    "DROP TABLE score_weeks; DROP TABLE cause_weeks; DROP TABLE survey_samples; DROP INDEX visits_flagged;" \
    "DROP INDEX visits_by_template_cause;"
#define FC_UNDO_SCHEMA_11                                                                                   \
    "DROP TABLE office_sessions; DROP TABLE office_users; DROP INDEX visits_by_sealed; DROP INDEX visits_by_technician;" \
    "DROP INDEX visits_by_template; DROP INDEX visits_by_cause;"
#define FC_UNDO_SCHEMA_10 FC_UNDO_SCHEMA_12 FC_UNDO_SCHEMA_11 \
    "DROP TABLE mail_outbox; DROP TABLE mailed_survey_codes; ALTER TABLE phone_surveys DROP COLUMN channel;"
inline constexpr const char* kDowngradeToSchema10 = FC_UNDO_SCHEMA_12 FC_UNDO_SCHEMA_11 "PRAGMA user_version = 10;";
inline constexpr const char* kDowngradeToSchema9 = FC_UNDO_SCHEMA_10 "PRAGMA user_version = 9;";
inline constexpr const char* kDowngradeToSchema8 = FC_UNDO_SCHEMA_10
    "ALTER TABLE assignments DROP COLUMN technician_name; ALTER TABLE assignments DROP COLUMN customer_email;"
    "ALTER TABLE visits DROP COLUMN receipt_hash; ALTER TABLE visits DROP COLUMN receipt_code; PRAGMA user_version = 8;";
inline constexpr const char* kDowngradeToSchema1 = FC_UNDO_SCHEMA_10
    "ALTER TABLE assignments DROP COLUMN technician_name; ALTER TABLE assignments DROP COLUMN customer_email;"
    "ALTER TABLE visits DROP COLUMN receipt_hash; ALTER TABLE visits DROP COLUMN receipt_code;"
    "DROP TRIGGER assignment_revision_on_insert; DROP TRIGGER assignment_revision_on_update;"
    "DROP TRIGGER set_aside_resolved_on_receipt; DROP TABLE assignment_revisions; DROP TABLE set_aside;"
    "DROP TABLE survey_keys; DROP TABLE phone_surveys; DROP TABLE enrollment_codes; ALTER TABLE visits DROP COLUMN discarded_answers;"
    "ALTER TABLE visits DROP COLUMN device_key_id; ALTER TABLE visits DROP COLUMN record_signature;"
    "DROP TABLE device_keys; DROP TABLE confirmations; DROP TABLE settings; DROP TABLE withdrawals; DROP TABLE conflicts;"
    "DROP INDEX assignments_by_customer; DROP INDEX history_by_customer;"
    "ALTER TABLE assignments DROP COLUMN customer_id; ALTER TABLE history DROP COLUMN customer_id;"
    "ALTER TABLE history DROP COLUMN measured; ALTER TABLE history DROP COLUMN todo; PRAGMA user_version = 1;";

inline Assignment make_assignment(const std::string& visit_id, const std::string& technician, const ChecklistTemplate& t,
                                  const std::string& job_id = "job-1") {
    Assignment a;
    a.visit_id = visit_id;
    a.technician_id = technician;
    a.customer_name = "Mevr. Test-Klant";
    a.address = "Teststraat 1, 1234 AB Ede";
    a.job_id = job_id;
    a.window_start_ms = 1'700'000'000'000;
    a.window_end_ms = 1'700'007'200'000;
    a.template_id = t.id;
    a.template_version = t.version;
    return a;
}

// Walks the device store's visit `visit_id` the way the app does: each decision made durable.
// A tablet's store in `dir` on the still clock; throws (failing the test) when it cannot open.
inline std::unique_ptr<DeviceStore> open_tablet_store(const std::filesystem::path& dir) {
    auto opened = DeviceStore::open(dir, still_clock());
    if (!opened) throw std::runtime_error("cannot open the tablet's store in " + dir.string() + ": " + opened.error().message);
    return std::move(opened).value();
}

inline Status walk_stored_visit(DeviceStore& store, const std::string& visit_id, const WalkPlan& plan = {}) {
    auto loaded = store.load_visit(visit_id);
    if (!loaded) return loaded.error();
    Visit v = std::move(loaded).value();
    WalkSinks sinks;
    sinks.record = [&](const Visit& after, const Events& events) { return store.append_events(after, events); };
    sinks.attach = [&](const std::string& bytes) { return store.put_attachment(bytes, "image/jpeg"); };
    return walk_visit(v, plan, sinks);
}

// The signing key of the depot whose data directory is `depot_dir` (on the PostgreSQL pass, its schema's).
inline SigningKey depot_signing_key(const std::filesystem::path& depot_dir) {
    auto key = testing_postgres() ? DepotStore::open(test_depot_location(depot_dir)).value()->signing_key()
                                  : load_or_create_depot_key(depot_dir);
    if (!key) throw std::runtime_error(key.error().message);
    return key.value();
}

// Runs `sql` on the depot of `dir` (its file, or its schema on the PostgreSQL pass), past the store's
// rules: how a test makes a state the depot's own commands never would.
inline void exec_on_depot(const std::filesystem::path& dir, const std::string& sql) {
    auto store = DepotStore::open(test_depot_location(dir));
    if (!store) throw std::runtime_error(store.error().message);
    Status done = store.value()->with_db([&](DepotDb& db, const std::filesystem::path&) { return db.exec(sql, "a test's SQL"); });
    if (!done) throw std::runtime_error(done.error().message);
}

// Pins, on `tablet`, the key of the depot whose data directory is `depot_dir`, as enrollment will
// (the enrollment engineer's part of issue 11): receipts are believed only under a pinned key.
inline void pin_depot_key_of(DeviceStore& tablet, const std::filesystem::path& depot_dir) {
    if (Status s = pin_depot_key(tablet, depot_signing_key(depot_dir).public_key().base64()); !s) {
        throw std::runtime_error(s.error().message);
    }
}

// A real depot on 127.0.0.1 on a random port, served by a thread; stopped and joined at scope exit.
// Its clock is the system's unless a test gives one (a ManualClock it moves by hand).
struct RunningDepot {
    SystemClock system_clock;
    Clock* clock = &system_clock;
    std::unique_ptr<TempDir> owned_dir;
    std::filesystem::path dir;
    std::unique_ptr<DepotStore> store;
    std::unique_ptr<DepotServer> server;
    std::thread thread;

    explicit RunningDepot(DepotServerOptions options = {}, std::filesystem::path at = {}, Clock* given_clock = nullptr) {
        if (given_clock) clock = given_clock;
        if (at.empty()) {
            owned_dir = std::make_unique<TempDir>();
            dir = owned_dir->path / "depot";
        } else {
            dir = at;
        }
        auto opened = DepotStore::open(test_depot_location(dir));
        if (!opened) throw std::runtime_error(opened.error().message);
        store = std::move(opened).value();
        options.host = "127.0.0.1";
        options.port = 0;
        if (options.log == stderr) options.log = nullptr;  // quiet unless a test wants the log
        auto bound = DepotServer::bind(*store, *clock, options);
        if (!bound) throw std::runtime_error(bound.error().message);
        server = std::move(bound).value();
        thread = std::thread([s = server.get()] { s->run(); });
    }
    ~RunningDepot() {
        server->stop();
        thread.join();
    }
    RunningDepot(const RunningDepot&) = delete;
    RunningDepot& operator=(const RunningDepot&) = delete;

    int port() const { return server->port(); }
    std::string url() const { return std::string(server->tls() ? "https" : "http") + "://127.0.0.1:" + std::to_string(port()); }

    std::string token_for(const std::string& technician) {
        auto t = store->create_token(technician, "test-tablet", 1'700'000'000'000);
        if (!t) throw std::runtime_error(t.error().message);
        return t->token;
    }
    void add_template(const ChecklistTemplate& t) {
        auto r = store->import_template(t, 1'700'000'000'000);
        if (!r) throw std::runtime_error(r.error().message);
    }
    void assign(const std::vector<Assignment>& list) {
        auto r = store->put_assignments(list, 1'700'000'000'000);
        if (!r) throw std::runtime_error(r.error().message);
    }

    // A plain client to this depot, set up the way the tablet's is.
    std::unique_ptr<httplib::Client> client(const std::string& token = {}) const {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", port());
        c->set_tcp_nodelay(true);
        c->set_connection_timeout(5, 0);
        c->set_read_timeout(30, 0);
        c->set_write_timeout(30, 0);
        if (!token.empty()) c->set_default_headers({{"Authorization", "Bearer " + token}});
        return c;
    }
};

}  // namespace fc::test
