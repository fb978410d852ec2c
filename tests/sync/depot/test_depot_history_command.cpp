// `fieldcheck-depot history`, the real binary on a real depot file: one customer's whole story in
// one screen of text, asked by customer or by one of their jobs.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>

#include "tests/sync/depot/depot_process.h"
#include "tests/sync/depot/depot_test_support.h"

using namespace fc;
using namespace fc::test;

namespace {

ReceivedVisit received(const std::string& visit_id, const std::string& job, const std::string& outcome,
                       std::int64_t date_ms, HistoryEntry left = {}) {
    ReceivedVisit v;
    v.visit_id = visit_id;
    v.technician_id = "tech-a";
    v.job_id = job;
    v.template_id = kTemplateName;
    v.template_version = 1;
    v.seal = std::string(64, 'e');
    v.record = "{}";
    v.outcome = outcome;
    v.cause_kind = outcome == "not_possible" ? "network_fault" : "";
    v.cause_text = outcome == "not_possible" ? "No light on the fiber." : "";
    v.survey_status = "not_asked";
    v.tablet_sealed_ms = date_ms;
    v.history = std::move(left);
    return v;
}

// A depot where customer cust-1 had a completed install on one job and two failed visits on the
// next (a move), with a third visit on that job planned; and another customer.
std::string made_story(const TempDir& dir) {
    const auto path = dir.path / "depot";
    auto store = DepotStore::open(test_depot_location(path));
    REQUIRE(store.ok());
    auto t = repo_template(kTemplateName);
    REQUIRE(store.value()->import_template(*t, 1).ok());
    std::vector<Assignment> plan;
    for (const auto& [visit, job, customer] : std::vector<std::array<std::string, 3>>{
             {"V-1", "JOB-OLD", "cust-1"}, {"V-2", "JOB-MOVE", "cust-1"}, {"V-3", "JOB-MOVE", "cust-1"},
             {"V-4", "JOB-MOVE", "cust-1"}, {"V-9", "JOB-OTHER", "cust-2"}}) {
        Assignment a = make_assignment(visit, "tech-a", *t, job);
        a.customer_id = customer;
        plan.push_back(a);
    }
    REQUIRE(store.value()->put_assignments(plan, 1).ok());
    HistoryEntry left;
    left.note = "Activated with the service laptop:\nthe customer's laptop runs Windows 7.";
    left.values = {{"Optical power", "-18.5 dBm"}};
    left.todo = {"Keep the helpdesk card near the router."};
    const std::int64_t day = 1'700'000'000'000;
    REQUIRE(store.value()->store_visit(received("V-1", "JOB-OLD", "completed", day, left), day).ok());
    REQUIRE(store.value()->store_visit(received("V-2", "JOB-MOVE", "not_possible", day + 86'400'000), day).ok());
    REQUIRE(store.value()->store_visit(received("V-3", "JOB-MOVE", "not_possible", day + 2 * 86'400'000), day).ok());
    return path.string();
}

}  // namespace

TEST_CASE("history prints the customer's visits across jobs with notes, values, to-do lists, plans and escalations") {
    const TempDir dir;
    const std::string data = made_story(dir);
    for (const std::vector<std::string>& who : {std::vector<std::string>{"--customer", "cust-1"},
                                                std::vector<std::string>{"--job", "JOB-OLD"}}) {
        std::vector<std::string> args = {"history", "--data", data};
        args.insert(args.end(), who.begin(), who.end());
        const CommandResult r = run_depot(args);
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        CAPTURE(r.out);
        CHECK(r.out.find("Customer cust-1: Mevr. Test-Klant") != std::string::npos);
        CHECK(r.out.find("ESCALATE job JOB-MOVE: 2 visits") != std::string::npos);
        const auto v1 = r.out.find("V-1  job JOB-OLD  completed");
        const auto v2 = r.out.find("V-2  job JOB-MOVE  not possible: Network fault");
        REQUIRE(v1 != std::string::npos);
        REQUIRE(v2 != std::string::npos);
        CHECK(v1 < v2);  // oldest first
        CHECK(r.out.find("Note: Activated with the service laptop:\n") != std::string::npos);
        CHECK(r.out.find("Optical power: -18.5 dBm") != std::string::npos);
        CHECK(r.out.find("To do: Keep the helpdesk card near the router.") != std::string::npos);
        CHECK(r.out.find("Note: No light on the fiber.") != std::string::npos);
        CHECK(r.out.find("V-4  job JOB-MOVE  technician tech-a  ESCALATED") != std::string::npos);
        CHECK(r.out.find("V-9") == std::string::npos);  // another customer's
        // One screen: a few lines per visit.
        CHECK(std::count(r.out.begin(), r.out.end(), '\n') < 40);
    }
}

TEST_CASE("history exits 1 for a customer or job the depot knows nothing of, naming it") {
    const TempDir dir;
    const std::string data = made_story(dir);
    const CommandResult r = run_depot({"history", "--data", data, "--customer", "cust-404"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("cust-404") != std::string::npos);
    CHECK(run_depot({"history", "--data", data, "--job", "JOB-404"}).exit_code == 1);
}
