// Nothing refused is lost from sight (issue 11): a tablet's visit the depot refuses is reported to
// the depot once, listed for the planner, and sent again by the tablet itself once the planner's fix
// (a new revision of the assignment) reaches it; a real depot on 127.0.0.1 and a real tablet store.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "tests/sync/depot/depot_process.h"
#include "tests/sync/depot/depot_test_support.h"
#include "sync/client/sync_client.h"
#include "sync/depot/depot_export.h"
#include "sync/wire/wire_set_aside.h"

using namespace fc;
using namespace fc::test;

namespace {

struct SetAsideStory {
    RunningDepot depot;
    TempDir tablet_dir;
    ManualClock clock;
    std::unique_ptr<DeviceStore> tablet;
    std::shared_ptr<const ChecklistTemplate> v1 = repo_template(kTemplateName);
    std::shared_ptr<const ChecklistTemplate> v2;
    Assignment assigned = make_assignment("v-1", "tech-a", *v1, "job-1");

    SetAsideStory() {
        ChecklistTemplate next = *v1;
        next.version = v1->version + 1;
        v2 = std::make_shared<const ChecklistTemplate>(std::move(next));
        depot.add_template(*v1);
        depot.add_template(*v2);
        depot.assign({assigned});
        auto opened = DeviceStore::open(tablet_dir.path / "tablet", clock);
        REQUIRE(opened.ok());
        tablet = std::move(opened).value();
        Status s = enroll_with_depot(*tablet, depot.url(), depot.token_for("tech-a"));
        REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
    }

    SyncReport sync() {
        SyncOptions o;
        o.ignore_backoff = true;
        auto r = sync_with_depot(*tablet, o);
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        return r.value();
    }

    OutboxState state() {
        const auto items = tablet->outbox();
        REQUIRE(items.ok());
        REQUIRE(items->size() == 1);
        return items->front().state;
    }

    std::vector<SetAsideReport> reports() { return depot.store->set_aside_reports().value(); }

    // What a depot upgraded to schema step 6 holds: only the assignment as it is now, not the one
    // the tablet was sent before the upgrade (the only way a real tablet's record can miss).
    void depot_sql(const std::string& sql) { exec_on_depot(depot.store->dir(), sql); }
};

}  // namespace

TEST_CASE("a refused visit is reported once, listed for the planner, and sent again by itself after the planner's fix") {
    SetAsideStory s;
    s.sync();  // the assignment on template version 1
    Status walked = walk_stored_visit(*s.tablet, "v-1");
    REQUIRE_MESSAGE(walked.ok(), (walked.ok() ? "" : walked.error().message));

    // The planner moves the visit to version 2; the depot has forgotten it ever sent version 1.
    Assignment moved = s.assigned;
    moved.template_version = s.v2->version;
    s.depot.assign({moved});
    s.depot_sql("DELETE FROM assignment_revisions WHERE visit_id = 'v-1' AND template_version = " +
                std::to_string(s.v1->version));

    const SyncReport refused = s.sync();
    CHECK(refused.set_aside == 1);
    // The same pass then fetched the version-2 revision, so the visit is pending once more (the
    // tablet cannot tell a fix from the revision it was refused against).
    auto reports = s.reports();
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].visit_id == "v-1");
    CHECK(reports[0].technician_id == "tech-a");
    CHECK(reports[0].status == 422);
    CHECK(reports[0].error == "assignment_mismatch");
    CHECK(reports[0].message.find("template_version") != std::string::npos);
    CHECK(reports[0].resolved_ms == 0);
    CHECK(reports[0].seal == s.tablet->outbox().value().front().seal);
    CHECK(export_set_aside_csv(reports).find("v-1,tech-a,open,422,assignment_mismatch") != std::string::npos);
    CHECK(s.depot.store->visit_count().value() == 0);

    // Passes without a fix: the visit may be tried once more for the revision that came with the
    // refusal's pass, then stays set aside; the depot holds still one report.
    s.sync();
    s.sync();
    CHECK(s.state() == OutboxState::SetAside);
    CHECK(s.reports().size() == 1);

    // The planner's fix: the assignment the technician really walked, imported again.
    s.depot.assign({s.assigned});
    for (int pass = 0; pass < 3 && s.state() != OutboxState::Sent; ++pass) s.sync();
    CHECK(s.state() == OutboxState::Sent);
    CHECK(s.depot.store->visit_count().value() == 1);
    reports = s.reports();
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].resolved_ms != 0);
    CHECK(export_set_aside_json(reports).find("\"state\":\"resolved\"") != std::string::npos);
}

TEST_CASE("a set-aside report waits in the tablet while the depot is away and arrives at the next pass") {
    SetAsideStory s;
    SetAsideReportItem item{"v-1", std::string(64, 'a'), "assignment_mismatch", 422, "job_id differs", 0, 0};
    CHECK(s.tablet->queue_set_aside_report(item).value());
    CHECK_FALSE(s.tablet->queue_set_aside_report(item).value());  // once per visit, seal and reason
    REQUIRE(s.tablet->unreported_set_asides().value().size() == 1);
    s.sync();
    CHECK(s.tablet->unreported_set_asides().value().empty());
    REQUIRE(s.reports().size() == 1);
    CHECK(s.reports()[0].message == "job_id differs");
}

TEST_CASE("the depot refuses a set-aside report that is not one: bad seal, a status that is no refusal, no token") {
    SetAsideStory s;
    const std::string token = s.depot.token_for("tech-a");
    auto c = s.depot.client(token);
    const std::string good = encode_set_aside({std::string(64, 'b'), 422, "conflict", "other content"});
    auto ok = c->Put("/api/v1/set-aside/v-1", good, "application/json");
    REQUIRE(ok);
    CHECK(ok->status == 201);
    auto again = c->Put("/api/v1/set-aside/v-1", good, "application/json");
    REQUIRE(again);
    CHECK(again->status == 200);
    for (const std::string& bad : {encode_set_aside({"nothex", 422, "conflict", "x"}),
                                   encode_set_aside({std::string(64, 'b'), 500, "conflict", "x"}),
                                   encode_set_aside({std::string(64, 'b'), 422, "Not A Code", "x"}),
                                   std::string("{\"seal\":")}) {
        auto r = c->Put("/api/v1/set-aside/v-1", bad, "application/json");
        REQUIRE(r);
        CHECK(r->status == 400);
    }
    auto anonymous = s.depot.client()->Put("/api/v1/set-aside/v-1", good, "application/json");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);
    CHECK(s.reports().size() == 1);
}

TEST_CASE("the planner sees set-aside visits with fieldcheck-depot set-aside and export --set-aside, open ones only unless --all") {
    SetAsideStory s;
    const std::string seal(64, 'c');
    REQUIRE(s.depot.store->record_set_aside({"v-1", seal, "assignment_mismatch", "tech-a", 422, "job_id differs", 0, 0}, 1'700'000'000'000)
                .value());
    REQUIRE(s.depot.store->record_set_aside({"v-2", seal, "conflict", "tech-a", 409, "other content", 0, 0}, 1'700'000'000'001)
                .value());
    s.depot_sql("UPDATE set_aside SET resolved_ms = 1700000009000 WHERE visit_id = 'v-2'");
    const std::string data = s.depot.store->dir().string();

    const CommandResult open = run_depot({"set-aside", "--data", data});
    CHECK(open.exit_code == 0);
    CHECK(open.out.find("visit v-1 (tech-a) was refused") != std::string::npos);
    CHECK(open.out.find("assignment_mismatch: job_id differs") != std::string::npos);
    CHECK(open.out.find("v-2") == std::string::npos);
    CHECK(open.err.find("1 set-aside visit report open") != std::string::npos);
    const CommandResult all = run_depot({"set-aside", "--data", data, "--all"});
    CHECK(all.out.find("visit v-2 (tech-a) was refused") != std::string::npos);
    CHECK(all.out.find("resolved: received") != std::string::npos);

    const CommandResult csv = run_depot({"export", "--data", data, "--format", "csv", "--set-aside"});
    CHECK(csv.exit_code == 0);
    CHECK(csv.out.rfind("visit_id,technician_id,state,status,error,message,reported_at,resolved_at,seal\r\n", 0) == 0);
    CHECK(csv.out.find("v-1,tech-a,open,422,assignment_mismatch,job_id differs,") != std::string::npos);
    CHECK(csv.out.find("v-2,tech-a,resolved,409,conflict") != std::string::npos);
    const CommandResult json = run_depot({"export", "--data", data, "--format", "json", "--set-aside"});
    CHECK(json.out.find("{\"set_aside\":[") == 0);
    // The visits export is unchanged by the reports: no visit was received.
    CHECK(run_depot({"export", "--data", data, "--format", "csv"}).out.find("v-1") == std::string::npos);
}
