// The tablet's pass against a depot speaking issue 10's page (confirmations, withdrawn, contact),
// served on 127.0.0.1 from JSON written by hand in that wire shape: until the depot sends the new
// fields itself, this pins what the tablet reads and does with them.
#include <doctest/doctest.h>

#include <httplib.h>

#include <atomic>
#include <map>
#include <thread>

#include "checklists/visit_json.h"
#include "sync/client/sync_client.h"
#include "sync/client/sync_loop.h"
#include "sync/wire/wire_messages.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/test_clock.h"

using namespace fc;
using namespace fc::test;

namespace {

// Answers like a depot (its header on every answer): healthy, an empty template list, and for
// /api/v1/assignments the page written for the cursor the tablet sends ("" = none).
struct HandWrittenDepot {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::map<std::string, std::string> pages;  // since -> body
    std::vector<std::string> asked;            // the since= of each assignments request

    HandWrittenDepot() {
        server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
            res.set_header("X-Fieldcheck-Depot", "1");
            res.set_content(R"({"status":"ok"})", "application/json");
        });
        server.Get("/api/v1/templates", [](const httplib::Request&, httplib::Response& res) {
            res.set_header("X-Fieldcheck-Depot", "1");
            res.set_content(encode_template_list({}), "application/json");
        });
        server.Get("/api/v1/assignments", [this](const httplib::Request& req, httplib::Response& res) {
            res.set_header("X-Fieldcheck-Depot", "1");
            const std::string since = req.has_param("since") ? req.get_param_value("since") : "";
            asked.push_back(since);
            const auto it = pages.find(since);
            if (it == pages.end()) {
                res.status = 400;
                res.set_content(R"({"error":"bad_cursor","message":"no such page"})", "application/json");
                return;
            }
            res.set_content(it->second, "application/json");
        });
        // A depot of the API before issue 11: any other route is its own 404 (it knows no device keys).
        server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
            res.set_header("X-Fieldcheck-Depot", "1");
            res.set_content(R"({"error":"not_found","message":"there is no such route in API v1"})", "application/json");
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
    }
    ~HandWrittenDepot() {
        server.stop();
        thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

std::string assignment_bytes(const std::string& visit_id, const ChecklistTemplate& t) {
    return assignment_json(make_assignment(visit_id, "tech-a", t, "job-" + visit_id), kSealedRecordFormat).dump();
}

// The first blocking precheck of `moment` in the shipped template, whatever its id is today.
std::string first_blocking(const ChecklistTemplate& t, PrecheckMoment moment) {
    for (const Precheck& p : t.prechecks) {
        if (p.blocking && p.moment == moment) return p.id;
    }
    FAIL("template " << t.id << " has no blocking precheck of that moment");
    return {};
}

std::optional<VisitSummary> listed(DeviceStore& store, const std::string& visit_id) {
    auto list = store.list_visits();
    REQUIRE_MESSAGE(list.ok(), list.error().message);
    for (const VisitSummary& s : *list) {
        if (s.assignment.visit_id == visit_id) return s;
    }
    return std::nullopt;
}

SyncReport pass(DeviceStore& store) {
    SyncOptions o;
    o.ignore_backoff = true;
    auto r = sync_with_depot(store, o);
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    for (const std::string& p : r->problems) MESSAGE(p);
    return *r;
}

}  // namespace

TEST_CASE("a down-sync seals the intake's confirmations, removes or marks withdrawn visits and stores the contact") {
    const auto t = repo_template(kTemplateName);
    const std::string patch = first_blocking(*t, PrecheckMoment::BeforeDeparture);
    const std::string on_arrival = first_blocking(*t, PrecheckMoment::OnArrival);
    HandWrittenDepot depot;
    depot.pages[""] = R"({"assignments":[)" + assignment_bytes("v-1", *t) + "," + assignment_bytes("v-2", *t) + "," +
                      assignment_bytes("v-3", *t) + R"(],"cursor":"a-1","more":false})";
    // Issue 10's fields, by hand: "at" in UTC milliseconds.
    depot.pages["a-1"] = R"({"assignments":[],)"
                         R"("confirmations":[)"
                         R"({"visit_id":"v-1","precheck_id":")" + patch + R"(","by":"operator:KPN","at":1699900000000},)"
                         R"({"visit_id":"v-3","precheck_id":")" + on_arrival + R"(","by":"intake","at":1699900000000}],)"
                         R"("withdrawn":["v-2","v-3"],)"
                         R"("contact":{"company":"Glasvezel Noord","helpdesk":"088 123 45 67"},)"
                         R"("cursor":"a-2","more":false})";
    TempDir dir;
    auto opened = DeviceStore::open(dir.path / "tablet", still_clock());
    REQUIRE(opened.ok());
    DeviceStore& tablet = **opened;
    REQUIRE(tablet.put_template(*t).ok());
    REQUIRE(tablet.set_setting(kSettingDepotUrl, depot.url()).ok());
    REQUIRE(tablet.set_setting(kSettingDeviceToken, std::string(64, 'a')).ok());

    const SyncReport first = pass(tablet);
    CHECK(first.assignments_received == 3);
    CHECK(first.confirmations_sealed == 0);
    REQUIRE(listed(tablet, "v-1")->badge.state == PrecheckBadge::State::NotYetConfirmed);
    // The technician opens v-3 before the next pass.
    Visit v3 = tablet.load_visit("v-3").value();
    auto started = v3.open(Instant{1'700'000'100'000, 1});
    REQUIRE(started.ok());
    REQUIRE(tablet.append_events(started->next, started->events).ok());

    const SyncReport second = pass(tablet);
    CHECK(depot.asked == std::vector<std::string>{"", "a-1"});
    CHECK(second.problems.empty());
    CHECK(second.confirmations_sealed == 1);
    REQUIRE(second.confirmations_skipped.size() == 1);  // checked on arrival, by the technician
    CHECK(second.confirmations_skipped.front().find(on_arrival) != std::string::npos);
    CHECK(second.confirmations_skipped.front().find("v-3") != std::string::npos);
    CHECK(second.visits_withdrawn == 2);

    const Visit v1 = tablet.load_visit("v-1").value();
    REQUIRE(v1.events().size() == 1);
    CHECK(v1.events().front().actor == Actor::Intake);
    CHECK(v1.events().front().wall_ms == 1'699'900'000'000);
    CHECK(v1.precheck_answer(patch) == std::optional<Answer>(Answer{Answer::Kind::Met, 0, "operator:KPN"}));
    CHECK(listed(tablet, "v-1")->badge.state != PrecheckBadge::State::NotYetConfirmed);
    CHECK_FALSE(listed(tablet, "v-2").has_value());
    CHECK(listed(tablet, "v-3")->withdrawn);
    CHECK(tablet.company_contact().value() == CompanyContact{"Glasvezel Noord", "088 123 45 67"});
    CHECK(tablet.setting(kSettingAssignmentCursor).value() == std::optional<std::string>("a-2"));
}

TEST_CASE("the background sync tells the screens when a page only confirmed or withdrew visits") {
    const auto t = repo_template(kTemplateName);
    HandWrittenDepot depot;
    depot.pages[""] = R"({"assignments":[)" + assignment_bytes("v-1", *t) + R"(],"cursor":"a-1","more":false})";
    depot.pages["a-1"] = R"({"assignments":[],"withdrawn":["v-1"],"cursor":"a-2","more":false})";
    TempDir dir;
    {
        auto opened = DeviceStore::open(dir.path / "tablet", still_clock());
        REQUIRE(opened.ok());
        REQUIRE((*opened)->put_template(*t).ok());
        REQUIRE((*opened)->set_setting(kSettingDepotUrl, depot.url()).ok());
        REQUIRE((*opened)->set_setting(kSettingDeviceToken, std::string(64, 'a')).ok());
        CHECK(pass(**opened).assignments_received == 1);
    }
    SyncLoopOptions o;
    o.interval = std::chrono::milliseconds(60'000);  // only the first pass runs in this test
    SyncLoop loop(dir.path / "tablet", still_clock(), [] {}, o);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (loop.status().passes < 1 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(loop.status().last_error.empty());
    CHECK(loop.status().generation == 1);  // the day's list is read again: v-1 is gone
}
