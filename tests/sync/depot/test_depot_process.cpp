// The real fieldcheck-depot program: its admin commands, `serve` as a separate process, a token
// revoked by another process, and SIGKILL in the middle of a sync: every visit arrives exactly once.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <map>
#include <set>

#include "tests/sync/depot/depot_process.h"
#include "sync/wire/device_token.h"
#include "sync/client/sync_client.h"
#include "sync/wire/wire_messages.h"
#include "tests/test_clock.h"
#include "tests/sync/depot/sqlite_only.h"
#include "tests/test_text.h"

using namespace fc;
using namespace fc::test;

namespace {

std::string template_file() { return std::string(FIELDCHECK_SOURCE_DIR) + "/templates/" + kTemplateName + ".json"; }


SyncReport sync_now(DeviceStore& tablet) {
    SyncOptions o;
    o.ignore_backoff = true;
    auto r = sync_with_depot(tablet, o);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return r.value();
}

// Visits the depot has committed, read the way a second process would.
std::int64_t committed_visits(const std::filesystem::path& db) {
    if (testing_postgres()) {
        // One connection for the whole polling loop: the kill is timed by it.
        static std::map<std::string, std::unique_ptr<PgDepotDb>> connections;
        const std::string url = test_pg_url_for(db.parent_path());
        auto& conn = connections[url];
        if (!conn) conn = std::move(PgDepotDb::connect(url)).value();
        auto st = conn->prepare("SELECT count(*) FROM visits");
        if (!st) return -1;
        auto row = st->step();
        return row && row.value() ? st->int64(0) : -1;
    }
    sqlite3* h = nullptr;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(h);
        return -1;
    }
    sqlite3_busy_timeout(h, 1000);
    sqlite3_stmt* st = nullptr;
    std::int64_t n = -1;
    if (sqlite3_prepare_v2(h, "SELECT count(*) FROM visits", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

}  // namespace

TEST_CASE("the depot program: import, assign from CSV, token create, serve, sync, export, revoke from another process") {
    REQUIRE_MESSAGE(std::filesystem::exists(depot_binary()), "build fieldcheck-depot first: " << depot_binary());
    TempDir tmp;
    const std::string data = (tmp.path / "depot").string();

    const CommandResult imported = run_depot({"template", "import", "--data", data, template_file()});
    CHECK(imported.exit_code == 0);
    CHECK(imported.out.find("imported " + std::string(kTemplateName)) != std::string::npos);

    const auto csv = tmp.path / "plan.csv";
    write_file(csv, "visit_id,technician_id,customer_name,address,job_id,window_start,window_end,template_id\n"
                    "v-1,tech-a,Fam. de Vries,\"Lindelaan 12, Ede\",job-1,2024-05-14T08:00+02:00,2024-05-14T10:00+02:00," +
                        std::string(kTemplateName) + "\n"
                    "v-2,tech-a,Mevr. Bakker,Kerkstraat 3,job-2,2024-05-14T10:00+02:00,2024-05-14T12:00+02:00," +
                        std::string(kTemplateName) + "\n");
    const CommandResult assigned = run_depot({"assign", "--data", data, csv.string()});
    CHECK(assigned.exit_code == 0);
    CHECK(assigned.out.find("2 new, 0 changed, 0 unchanged") != std::string::npos);
    CHECK(run_depot({"assign", "--data", data, csv.string()}).out.find("0 new, 0 changed, 2 unchanged") != std::string::npos);

    const CommandResult created = run_depot({"token", "create", "--data", data, "--technician", "tech-a", "--device", "tablet 7"});
    REQUIRE(created.exit_code == 0);
    const std::string token = fc::test::trim_line_end(created.out);
    CHECK(is_device_token(token));
    CHECK(created.out == token + "\n");  // alone on its line, nothing else on stdout
    const CommandResult listed = run_depot({"token", "list", "--data", data});
    CHECK(listed.out.find("tech-a") != std::string::npos);
    CHECK(listed.out.find("tablet 7") != std::string::npos);
    CHECK(listed.out.find(token) == std::string::npos);

    DepotProcess depot(data);
    TempDir tablet_dir;
    auto tablet = open_tablet_store(tablet_dir.path);
    REQUIRE(enroll_with_depot(*tablet, depot.url(), token).ok());
    pin_depot_key_of(*tablet, data);
    CHECK(sync_now(*tablet).assignments_received == 2);
    REQUIRE(walk_stored_visit(*tablet, "v-1").ok());
    CHECK(sync_now(*tablet).sent == 1);
    CHECK(every_sealed_visit_acknowledged(*tablet).value());

    const CommandResult exported = run_depot({"export", "--data", data, "--format", "csv"});
    CHECK(exported.exit_code == 0);
    CHECK(exported.out.rfind("visit_id,job_id,technician_id,customer_name,address,", 0) == 0);
    CHECK(exported.out.find("v-1,job-1,tech-a,Fam. de Vries,\"Lindelaan 12, Ede\"," + std::string(kTemplateName)) != std::string::npos);
    const CommandResult json = run_depot({"export", "--data", data, "--format", "json"});
    CHECK(json.exit_code == 0);
    CHECK(json.out.find("\"visit_id\":\"v-1\"") != std::string::npos);
    CHECK(json.out.find("\"outcome\":\"completed\"") != std::string::npos);

    // Revoked by another process while the depot runs: refused on the very next request.
    REQUIRE(run_depot({"token", "revoke", "--data", data, "1"}).exit_code == 0);
    CHECK(run_depot({"token", "list", "--data", data}).out.find("-\n") == std::string::npos);  // a revoked time is shown
    REQUIRE(walk_stored_visit(*tablet, "v-2").ok());
    const SyncReport refused = sync_now(*tablet);
    CHECK(refused.sent == 0);
    REQUIRE_FALSE(refused.problems.empty());
    CHECK(refused.problems.front().find("token") != std::string::npos);
    CHECK_FALSE(every_sealed_visit_acknowledged(*tablet).value());

    CHECK(depot.stop() == 0);  // SIGTERM: an orderly stop
}

TEST_CASE("a depot killed with SIGKILL in the middle of syncs and restarted receives every visit exactly once") {
    REQUIRE_MESSAGE(std::filesystem::exists(depot_binary()), "build fieldcheck-depot first: " << depot_binary());
    TempDir tmp;
    const auto data = tmp.path / "depot";
    const auto t = repo_template(kTemplateName);
    constexpr int kVisits = 12;
    std::string token;
    {
        auto store = DepotStore::open(test_depot_location(data));
        REQUIRE(store.ok());
        REQUIRE(store.value()->import_template(*t, 1).ok());
        std::vector<Assignment> plan;
        for (int i = 1; i <= kVisits; ++i) plan.push_back(make_assignment("v-" + std::to_string(i), "tech-a", *t, "job-" + std::to_string(i)));
        REQUIRE(store.value()->put_assignments(plan, 1).ok());
        token = store.value()->create_token("tech-a", "tablet", 1)->token;
    }

    auto depot = std::make_unique<DepotProcess>(data);
    TempDir tablet_dir;
    auto tablet = open_tablet_store(tablet_dir.path);
    REQUIRE(enroll_with_depot(*tablet, depot->url(), token).ok());
    pin_depot_key_of(*tablet, data);
    REQUIRE(sync_now(*tablet).assignments_received == kVisits);
    for (int i = 1; i <= kVisits; ++i) {
        WalkPlan plan;
        plan.photo_bytes = 300 * 1024;
        plan.signature_bytes = 30 * 1024;
        plan.salt = "visit " + std::to_string(i);
        REQUIRE(walk_stored_visit(*tablet, "v-" + std::to_string(i), plan).ok());
    }

    const unsigned seed = std::random_device{}();
    CAPTURE(seed);
    std::mt19937 random(seed);
    int rounds = 0;
    int interrupted = 0;
    while (!every_sealed_visit_acknowledged(*tablet).value() && rounds < 40) {
        ++rounds;
        REQUIRE(tablet->set_setting(kSettingDepotUrl, depot->url()).ok());
        const std::int64_t before = committed_visits(data / "depot.db");
        std::optional<SyncReport> report;
        std::atomic<bool> pass_over{false};
        std::thread syncer([&] {
            SyncOptions o;
            o.ignore_backoff = true;
            auto r = sync_with_depot(*tablet, o);
            if (r) report = r.value();
            pass_over = true;
        });
        if (rounds % 2 == 1) {
            // Right after the depot commits one more visit: most likely before its answer is sent.
            const std::int64_t target = std::min<std::int64_t>(kVisits, before + 1 + static_cast<std::int64_t>(random() % 2));
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (!pass_over && committed_visits(data / "depot.db") < target && std::chrono::steady_clock::now() < deadline) {
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            }
        } else {
            // Anywhere: during an attachment upload, a health check, a commit.
            std::this_thread::sleep_for(std::chrono::microseconds(random() % 20'000));
        }
        depot->kill_now();
        syncer.join();
        REQUIRE(report.has_value());
        if (!report->problems.empty()) ++interrupted;
        depot = std::make_unique<DepotProcess>(data);  // restarted on the same data
    }
    REQUIRE(tablet->set_setting(kSettingDepotUrl, depot->url()).ok());
    sync_now(*tablet);
    CHECK(every_sealed_visit_acknowledged(*tablet).value());
    CHECK(interrupted >= 1);  // the kills did land in the middle of passes
    MESSAGE(rounds << " rounds, " << interrupted << " passes cut off by SIGKILL");
    depot->kill_now();

    auto store = DepotStore::open(test_depot_location(data));
    REQUIRE(store.ok());
    CHECK(store.value()->integrity_check().value() == "ok");
    const auto received = store.value()->received_visits().value();
    CHECK(received.size() == kVisits);
    std::set<std::string> ids;
    std::map<std::string, ReceivedVisit> by_id;
    for (const auto& v : received) {
        ids.insert(v.visit_id);
        by_id[v.visit_id] = v;
    }
    CHECK(ids.size() == kVisits);
    const auto outbox = tablet->outbox();
    REQUIRE(outbox.ok());
    for (const OutboxItem& item : outbox.value()) {
        CAPTURE(item.visit_id);
        REQUIRE(by_id.count(item.visit_id) == 1);
        CHECK(by_id[item.visit_id].seal == item.seal);
        // The tablet's receipt is the depot's first one, even when the answer came from a replay.
        auto receipt = decode_receipt(item.receipt);
        REQUIRE(receipt.ok());
        CHECK(receipt->depot_seq == by_id[item.visit_id].depot_seq);
    }
    // Every file is whole and named by its hash; no half upload survived a restart.
    for (const auto& e : std::filesystem::directory_iterator(store.value()->attachments_dir())) {
        CHECK(sha256_hex(read_file(e.path())) == e.path().filename().string());
    }
}

TEST_CASE("serve refuses a damaged data directory with exit code 1 and leaves it untouched" * FC_SQLITE_ONLY) {
    REQUIRE(std::filesystem::exists(depot_binary()));
    TempDir tmp;
    std::filesystem::create_directories(tmp.path / "depot");
    const std::string junk(10'000, '\x42');
    write_file(tmp.path / "depot" / "depot.db", junk);
    const CommandResult r = run_depot({"serve", "--data", (tmp.path / "depot").string(), "--listen", "127.0.0.1:0"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("left untouched") != std::string::npos);
    CHECK(read_file(tmp.path / "depot" / "depot.db") == junk);
}

TEST_CASE("template import prints every problem with its JSON path and imports nothing from a bad file") {
    REQUIRE(std::filesystem::exists(depot_binary()));
    TempDir tmp;
    const auto bad = tmp.path / "bad.json";
    write_file(bad, R"({"id":"x","version":0,"steps":[{"id":"a","kind":"dance"}]})");
    const CommandResult r = run_depot({"template", "import", "--data", (tmp.path / "depot").string(), bad.string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(bad.string() + ": $.") != std::string::npos);
    auto store = DepotStore::open(test_depot_location(tmp.path / "depot"));
    REQUIRE(store.ok());
    CHECK(store.value()->list_templates()->empty());
}

TEST_CASE("serve --demo gives a tablet enrolled as the demo technician a day of work, one visit escalated") {
    REQUIRE(std::filesystem::exists(depot_binary()));
    TempDir tmp;
    const auto data = tmp.path / "depot";
    DepotProcess depot(data, {"--demo", "--templates", std::string(FIELDCHECK_SOURCE_DIR) + "/templates"});
    const CommandResult created = run_depot({"token", "create", "--data", data.string(), "--technician", "demo"});
    REQUIRE(created.exit_code == 0);
    TempDir tablet_dir;
    auto tablet = open_tablet_store(tablet_dir.path);
    REQUIRE(enroll_with_depot(*tablet, depot.url(), fc::test::trim_line_end(created.out)).ok());
    pin_depot_key_of(*tablet, data);
    const SyncReport r = sync_now(*tablet);
    CHECK(r.templates_added >= 3);
    CHECK(r.assignments_received >= 3);
    const auto visits = tablet->list_visits();
    REQUIRE(visits.ok());
    int escalated = 0;
    for (const auto& v : visits.value()) escalated += v.assignment.escalation ? 1 : 0;
    CHECK(escalated == 1);
}

TEST_CASE("every depot command explains itself with --help on stdout and exit 0, assign with its columns and time format") {
    REQUIRE(std::filesystem::exists(depot_binary()));
    for (const char* command : {"serve", "token", "template", "assign", "export"}) {
        const CommandResult r = run_depot({command, "--help"});
        CHECK_MESSAGE(r.exit_code == 0, command << ": " << r.err);
        CHECK_MESSAGE(r.out.rfind(std::string("usage: fieldcheck-depot ") + command, 0) == 0, command << ": " << r.out);
        CHECK(r.err.empty());
    }
    const CommandResult assign = run_depot({"assign", "--help"});
    for (const char* column : {"visit_id", "technician_id", "customer_name", "address", "job_id", "window_start",
                               "window_end", "template_id", "template_version"}) {
        CHECK_MESSAGE(assign.out.find(std::string("  ") + column + " ") != std::string::npos, column);
    }
    CHECK(assign.out.find("2024-05-14T08:00+02:00") != std::string::npos);
    CHECK(assign.out.find("line N, column") != std::string::npos);
    CHECK(run_depot({"token", "-h"}).out.find("token revoke --data DIR ID|TOKEN") != std::string::npos);
    CHECK(run_depot({"--help"}).out.find("COMMAND --help") != std::string::npos);
}

TEST_CASE("export, token list and token revoke refuse a --data without a depot and create nothing" * FC_SQLITE_ONLY) {
    REQUIRE(std::filesystem::exists(depot_binary()));
    TempDir tmp;
    const std::string typo = (tmp.path / "depto").string();
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"export", "--data", typo, "--format", "csv"}, {"token", "list", "--data", typo}, {"token", "revoke", "--data", typo, "1"}}) {
        const CommandResult r = run_depot(args);
        CHECK_MESSAGE(r.exit_code == 1, args[0] << " " << args[1]);
        CHECK(r.err.find("no depot.db") != std::string::npos);
        CHECK(r.out.empty());
        CHECK_FALSE(std::filesystem::exists(typo));
    }
}

TEST_CASE("export --out writes a file named without a directory into the current directory" * FC_SQLITE_ONLY) {
    REQUIRE(std::filesystem::exists(depot_binary()));
    TempDir tmp;
    const std::string data = (tmp.path / "depot").string();
    REQUIRE(run_depot({"template", "import", "--data", data, template_file()}).exit_code == 0);
    const CommandResult r = run_program({"/bin/sh", "-c", "cd \"$1\" && exec \"$2\" export --data \"$3\" --format json --out visits.json",
                                         "sh", tmp.path.string(), depot_binary(), data});
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(read_file(tmp.path / "visits.json") == "{\"visits\":[]}\n");
}

TEST_CASE("token revoke takes the token itself as well as its id, and a token this depot never issued is an error") {
    REQUIRE(std::filesystem::exists(depot_binary()));
    TempDir tmp;
    const std::string data = (tmp.path / "depot").string();
    const CommandResult created = run_depot({"token", "create", "--data", data, "--technician", "tech-a", "--device", "tablet van Jörg"});
    REQUIRE_MESSAGE(created.exit_code == 0, created.err);
    const std::string token = fc::test::trim_line_end(created.out);
    auto store = DepotStore::open(test_depot_location(data));
    REQUIRE(store.ok());
    REQUIRE(store.value()->technician_for_token(token).value().has_value());
    const CommandResult unknown = run_depot({"token", "revoke", "--data", data, std::string(64, 'e')});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.err.find("never issued") != std::string::npos);
    const CommandResult revoked = run_depot({"token", "revoke", "--data", data, token});
    CHECK_MESSAGE(revoked.exit_code == 0, revoked.err);
    CHECK_FALSE(store.value()->technician_for_token(token).value().has_value());
    // Columns line up in characters: 15 of them, 5 spaces to fill 20, one between columns.
    CHECK(run_depot({"token", "list", "--data", data}).out.find("tablet van Jörg      20") != std::string::npos);
}

TEST_CASE("assign prints even a single problem of the sheet on a line of its own") {
    REQUIRE(std::filesystem::exists(depot_binary()));
    TempDir tmp;
    const std::string data = (tmp.path / "depot").string();
    const auto empty = tmp.path / "empty.csv";
    write_file(empty, "");
    const CommandResult r = run_depot({"assign", "--data", data, empty.string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err == empty.string() + ": nothing was assigned:\nthe file is empty; its first line must name the columns\n");
}
