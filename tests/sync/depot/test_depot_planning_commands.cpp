// The planner's commands of the real fieldcheck-depot program (issue 10): confirm, settings, cancel,
// reschedule, reassign and conflicts, the planning sheet's confirmed column, and serve --demo's
// confirmations (story 000: of the demo day's fiber visits only the open patch stays red).
#include <doctest/doctest.h>

#include "checklists/demo_day.h"
#include "sync/wire/wire_assignment_page.h"
#include "tests/sync/depot/depot_process.h"

namespace fc::test {
namespace {

// A depot with the fiber template and v-1, v-2, v-3 for tech-a from a sheet; v-1's patch confirmed there.
struct PlannedDepot {
    TempDir tmp;
    std::string data = (tmp.path / "depot").string();

    PlannedDepot() {
        const std::string file = std::string(FIELDCHECK_SOURCE_DIR) + "/templates/" + kTemplateName + ".json";
        REQUIRE(run_depot({"template", "import", "--data", data, file}).exit_code == 0);
        const auto csv = tmp.path / "plan.csv";
        std::string sheet = "visit_id;technician_id;customer_name;address;job_id;window_start;window_end;template_id;confirmed\n";
        for (const char* v : {"v-1", "v-2", "v-3"}) {
            sheet += std::string(v) + ";tech-a;Fam. de Vries;Kerkstraat 12;job-" + v + ";2024-05-14T08:00+02:00;2024-05-14T09:30+02:00;" +
                     kTemplateName + ";" + (std::string(v) == "v-1" ? "patch-confirmed@network operator@2024-05-13T18:00+02:00" : "") + "\n";
        }
        write_file(csv, sheet);
        const CommandResult assigned = run_depot({"assign", "--data", data, csv.string()});
        REQUIRE_MESSAGE(assigned.exit_code == 0, assigned.err);
        CHECK(assigned.out.find("3 new, 0 changed, 0 unchanged, 1 prechecks newly confirmed") != std::string::npos);
    }

    CommandResult run(std::vector<std::string> args) {
        args.insert(args.begin() + 1, {"--data", data});
        return run_depot(args);
    }
};

}  // namespace

TEST_CASE("confirm stores a later confirmation once, and refuses an on-arrival precheck with the ones it can confirm") {
    PlannedDepot d;
    const CommandResult ok = d.run({"confirm", "--visit", "v-2", "--precheck", "patch-confirmed", "--by", "operator notice",
                                    "--at", "2024-05-13T18:00+02:00"});
    CHECK_MESSAGE(ok.exit_code == 0, ok.err);
    CHECK(ok.out.find("visit v-2: precheck patch-confirmed confirmed by operator notice at 2024-05-13T16:00:00Z") != std::string::npos);
    const CommandResult again = d.run({"confirm", "--visit", "v-2", "--precheck", "patch-confirmed", "--by", "operator notice",
                                       "--at", "2024-05-13T16:00Z"});
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("nothing changed") != std::string::npos);
    const CommandResult other = d.run({"confirm", "--visit", "v-2", "--precheck", "patch-confirmed", "--by", "someone else"});
    CHECK(other.exit_code == 1);
    CHECK(other.err.find("already confirmed by operator notice") != std::string::npos);
    const CommandResult on_arrival = d.run({"confirm", "--visit", "v-3", "--precheck", "fiber-box-present", "--by", "intake"});
    CHECK(on_arrival.exit_code == 1);
    CHECK(on_arrival.err.find("checked on arrival") != std::string::npos);
    CHECK(on_arrival.err.find("it can confirm: patch-confirmed, socket-announced") != std::string::npos);
    CHECK(d.run({"confirm", "--visit", "v-3", "--precheck", "patch-confirmed", "--by", "x", "--at", "2024-05-13 18:00"}).exit_code == 2);
    CHECK(d.run({"confirm", "--visit", "../v-3", "--precheck", "patch-confirmed", "--by", "x"}).exit_code == 2);
    // Once sealed a confirmation cannot change: a time in the future or a "by" that is not one line of
    // text is refused, and nothing is stored for v-3.
    const CommandResult future = d.run({"confirm", "--visit", "v-3", "--precheck", "patch-confirmed", "--by", "intake",
                                        "--at", "2099-01-01T08:00+01:00"});
    CHECK(future.exit_code == 1);
    CHECK(future.err.find("dated in the future") != std::string::npos);
    const CommandResult two_lines = d.run({"confirm", "--visit", "v-3", "--precheck", "patch-confirmed", "--by", "intake\nKPN"});
    CHECK(two_lines.exit_code == 1);
    CHECK(two_lines.err.find("one line") != std::string::npos);
    CHECK(d.run({"confirm", "--visit", "v-3", "--precheck", "patch-confirmed", "--by", "intake"}).exit_code == 0);
}

TEST_CASE("settings prints the company and helpdesk, changes what is given, and refuses a bad number as a usage error") {
    PlannedDepot d;
    const CommandResult none = d.run({"settings"});
    CHECK(none.exit_code == 0);
    CHECK(none.out == "company:  (not set)\nhelpdesk: (not set)\n");
    CHECK(d.run({"settings", "--company", "Glasvezel Utrecht"}).exit_code == 0);
    const CommandResult both = d.run({"settings", "--helpdesk", "030 123 45 67"});
    CHECK(both.exit_code == 0);
    CHECK(both.out == "company:  Glasvezel Utrecht\nhelpdesk: 030 123 45 67\n");
    CHECK(d.run({"settings", "--helpdesk", "call us"}).exit_code == 2);
    CHECK(d.run({"settings"}).out == both.out);
    CHECK(run_depot({"settings", "--data", (d.tmp.path / "no-depot").string()}).exit_code == 1);
}

TEST_CASE("cancel, reschedule and reassign change a planned visit and refuse a received or cancelled one") {
    PlannedDepot d;
    CHECK(d.run({"reschedule", "--visit", "v-1", "--start", "2024-05-15T13:00+02:00", "--end", "2024-05-15T14:30+02:00"}).exit_code == 0);
    CHECK(d.run({"reschedule", "--visit", "v-1", "--start", "2024-05-15T13:00+02:00", "--end", "2024-05-15T12:00+02:00"}).exit_code == 2);
    const CommandResult moved = d.run({"reassign", "--visit", "v-2", "--to", "tech-b"});
    CHECK(moved.exit_code == 0);
    CHECK(moved.out.find("reassigned to tech-b") != std::string::npos);
    const CommandResult cancelled = d.run({"cancel", "--visit", "v-3", "--why", "customer moved"});
    CHECK(cancelled.exit_code == 0);
    CHECK(d.run({"cancel", "--visit", "v-3"}).out.find("already cancelled") != std::string::npos);
    const CommandResult late = d.run({"reassign", "--visit", "v-3", "--to", "tech-b"});
    CHECK(late.exit_code == 1);
    CHECK(late.err.find("was cancelled") != std::string::npos);
    CHECK(d.run({"cancel", "--visit", "v-9"}).exit_code == 1);
    const CommandResult conflicts = d.run({"conflicts"});
    CHECK(conflicts.exit_code == 0);
    CHECK(conflicts.out.empty());
    CHECK(conflicts.err.find("0 conflicts to settle") != std::string::npos);

    auto store = DepotStore::open_existing(test_depot_location(d.data));
    REQUIRE(store.ok());
    CHECK(store.value()->assignment("v-2").value()->technician_id == "tech-b");
    CHECK(store.value()->assignment("v-1").value()->window_end_ms - store.value()->assignment("v-1").value()->window_start_ms == 90 * 60'000);
    CHECK(store.value()->withdrawal("v-3", "tech-a").value()->why == "customer moved");
}

TEST_CASE("serve --demo confirms the before-departure prechecks of the demo day except the one open patch") {
    TempDir tmp;
    const auto data = tmp.path / "depot";
    DepotProcess depot(data, {"--demo", "--templates", std::string(FIELDCHECK_SOURCE_DIR) + "/templates"});
    const CommandResult created = run_depot({"token", "create", "--data", data.string(), "--technician", "demo"});
    REQUIRE(created.exit_code == 0);
    httplib::Client c("127.0.0.1", depot.port);
    c.set_default_headers({{"Authorization", "Bearer " + created.out.substr(0, created.out.find('\n'))}});
    auto r = c.Get("/api/v1/assignments");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    auto page = decode_assignment_page(r->body);
    REQUIRE_MESSAGE(page.ok(), page.error().message);
    int fiber = 0;
    std::vector<std::string> red;
    for (const Assignment& a : page->assignments) {
        if (a.template_id.rfind("fiber-", 0) != 0) continue;
        ++fiber;
        bool patch = false;
        for (const PrecheckConfirmation& confirmation : page->confirmations) {
            patch = patch || (confirmation.visit_id == a.visit_id && confirmation.precheck_id == "patch-confirmed");
        }
        if (!patch) red.push_back(a.visit_id);
    }
    CHECK(fiber >= 3);
    REQUIRE(red.size() == 1);
    CHECK(red[0].substr(red[0].size() - 3) == kOpenPatchVisitSuffix);
}

}  // namespace fc::test
