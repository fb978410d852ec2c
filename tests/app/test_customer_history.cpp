// Story 2 on the tablet, headless: the visit overview shows every earlier visit of the customer
// with its note, measured values and to-do list, and the escalation counts only the job's failures
// since its last completed visit.
#include <doctest/doctest.h>

#include <algorithm>

#include "app/tablet/demo_day.h"
#include "checklists/demo_day.h"
#include "tablet_fixture.h"

namespace fc::test {
namespace {

constexpr std::int64_t kDay = 86'400'000;

HistoryEntry entry(std::string id, std::int64_t days_ago, std::string outcome, std::string job) {
    HistoryEntry h;
    h.visit_id = std::move(id);
    h.date_ms = demo_day_start_ms() - days_ago * kDay;
    h.outcome = std::move(outcome);
    h.cause = h.outcome == "not_possible" ? "network_fault" : "";
    h.job_id = std::move(job);
    return h;
}

// Visit 3 of the demo day, re-planned by the depot with the history `history`.
Assignment replanned(const std::vector<HistoryEntry>& history) {
    Assignment a = demo_assignments(demo_day_start_ms(), "demo").at(2);
    a.customer_id = "cust-3";
    a.history = history;
    a.escalation = needs_escalation(a);
    return a;
}

bool drawn(const TabletFixture& f, const std::string& text) {
    const auto& seen = f.gui.seen_texts();
    return std::any_of(seen.begin(), seen.end(), [&](const std::string& s) { return s.find(text) != std::string::npos; });
}

void show(TabletFixture& f, const Assignment& a) {
    REQUIRE(f.model->store().put_assignment(a).ok());
    f.reopen();
    f.gui.clear_seen_texts();
    f.gui.frame(2);
}

}  // namespace

TEST_CASE("the overview shows each earlier visit's note, measured values and to-do list, also from the customer's other job") {
    TabletFixture f;
    const std::string job = replanned({}).job_id;
    HistoryEntry done = entry("V-OLD-3", 10, "completed", job);
    done.note = "Activated with the service laptop: the customer's laptop runs Windows 7.";
    done.values = {{"Optical power", "-18.5 dBm"}};
    done.todo = {"Keep the helpdesk card near the router."};
    HistoryEntry moved = entry("V-MOVE-1", 5, "not_possible", "JOB-OLD-ADDRESS");
    moved.note = "Registered at the old address.";
    // Two failures, then the third attempt completed: the visit after it is not escalated.
    show(f, replanned({entry("V-OLD-1", 30, "not_possible", job), entry("V-OLD-2", 20, "not_possible", job), done, moved}));
    CHECK_FALSE(drawn(f, "Attempt"));  // no pill on the day's list
    tap(f, "visit:" + f.visit_id(3));
    f.gui.frame(2);
    CHECK_FALSE(f.gui.find("escalation"));
    CHECK(drawn(f, "Earlier visits for this customer"));
    CHECK(drawn(f, done.note));
    CHECK(drawn(f, "Optical power: -18.5 dBm"));
    CHECK(drawn(f, "The customer's to-do list"));
    CHECK(drawn(f, "Keep the helpdesk card near the router."));
    CHECK(drawn(f, "other job JOB-OLD-ADDRESS"));
    CHECK(drawn(f, moved.note));
    CHECK(drawn(f, "Network fault"));  // the cause in the catalogue's words
}

TEST_CASE("the escalation line and the day's pill count the job's failures since its last completion") {
    TabletFixture f;
    const std::string job = replanned({}).job_id;
    show(f, replanned({entry("V-A", 40, "completed", job), entry("V-B", 30, "not_possible", job),
                       entry("V-C", 20, "not_possible", job), entry("V-D", 10, "not_possible", job),
                       entry("V-E", 5, "not_possible", "OTHER-JOB")}));
    CHECK(drawn(f, "Attempt 4"));
    tap(f, "visit:" + f.visit_id(3));
    f.gui.frame(2);
    CHECK(f.gui.find("escalation"));
    CHECK(drawn(f, "Attempt 4 on this job: escalate. The last 3 visits on this job could not be completed"));
    CHECK_FALSE(drawn(f, "Third attempt"));
}

}  // namespace fc::test
