// Story 2 on the depot, with a real SQLite depot: a received visit's note, values and to-do list
// reach the next visit; history follows the customer across jobs; escalation stays per job and
// counts only the failures since the job's last completed visit; an older depot file is upgraded.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <set>

#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/sqlite_only.h"

using namespace fc;
using namespace fc::test;

namespace {

struct Depot {
    TempDir tmp;
    std::unique_ptr<DepotStore> store;
    std::shared_ptr<const ChecklistTemplate> t = repo_template(kTemplateName);

    Depot() {
        auto opened = DepotStore::open(test_depot_location(tmp.path / "depot"));
        REQUIRE(opened.ok());
        store = std::move(opened).value();
        REQUIRE(store->import_template(*t, 1).ok());
    }

    Assignment planned(const std::string& visit_id, const std::string& job, const std::string& customer,
                       const std::string& technician = "tech-a") {
        Assignment a = make_assignment(visit_id, technician, *t, job);
        a.customer_id = customer;
        return a;
    }

    void receive(const std::string& visit_id, const std::string& job, const std::string& outcome, std::int64_t date_ms,
                 HistoryEntry left = {}) {
        ReceivedVisit v;
        v.visit_id = visit_id;
        v.technician_id = "tech-a";
        v.job_id = job;
        v.template_id = t->id;
        v.template_version = t->version;
        v.seal = std::string(64, 'a');
        v.record = "{}";
        v.outcome = outcome;
        v.cause_kind = outcome == "not_possible" ? "network_fault" : "";
        v.survey_status = "not_asked";
        v.tablet_sealed_ms = date_ms;
        v.history = std::move(left);
        auto stored = store->store_visit(v, date_ms + 1000);
        REQUIRE(stored.ok());
        REQUIRE(stored->first == StoreVisitOutcome::Created);
    }

    Assignment fetched(const std::string& visit_id) {
        auto a = store->assignment(visit_id);
        REQUIRE(a.ok());
        REQUIRE(a.value());
        return *a.value();
    }
};

HistoryEntry left_behind() {
    HistoryEntry h;
    h.note = "Activated with the service laptop: the customer's laptop runs Windows 7.";
    h.values = {{"Optical power", "-18.5 dBm"}};
    h.todo = {"Keep the helpdesk card near the router."};
    return h;
}

}  // namespace

TEST_CASE("a completed visit's note, values and to-do list reach the next visit of the job") {
    Depot d;
    REQUIRE(d.store->put_assignments({d.planned("v-1", "job-1", ""), d.planned("v-2", "job-1", "")}, 1).ok());
    const auto before = d.store->assignments_since("tech-a", "", 10);
    REQUIRE(before.ok());
    d.receive("v-1", "job-1", "completed", 10'000, left_behind());
    const auto page = d.store->assignments_since("tech-a", before->cursor, 10);
    REQUIRE(page.ok());
    REQUIRE(page->assignments.size() == 1);  // new history: fetched again
    const Assignment& next = page->assignments[0];
    REQUIRE(next.history.size() == 1);
    const HistoryEntry& h = next.history[0];
    CHECK(h.visit_id == "v-1");
    CHECK(h.job_id == "job-1");
    CHECK(h.outcome == "completed");
    CHECK(h.date_ms == 10'000);
    CHECK(h.note == left_behind().note);
    CHECK(h.values == left_behind().values);
    CHECK(h.todo == left_behind().todo);
}

TEST_CASE("history follows the customer across jobs, ordered by date, and a new visit on another job is fetched again") {
    Depot d;
    REQUIRE(d.store->put_assignments({d.planned("old-1", "job-old", "cust-7"), d.planned("old-2", "job-old", "cust-7"),
                                      d.planned("new-1", "job-new", "cust-7"), d.planned("other", "job-x", "cust-8")},
                                     1)
                .ok());
    const auto start = d.store->assignments_since("tech-a", "", 10);
    d.receive("old-2", "job-old", "not_possible", 20'000);
    d.receive("old-1", "job-old", "completed", 10'000, left_behind());
    const auto page = d.store->assignments_since("tech-a", start->cursor, 10);
    REQUIRE(page.ok());
    // The customer's open visit on the other job comes down again; another customer's does not.
    const auto on_page = [&](const std::string& id) {
        return std::find_if(page->assignments.begin(), page->assignments.end(),
                            [&](const Assignment& a) { return a.visit_id == id; });
    };
    CHECK(on_page("other") == page->assignments.end());
    REQUIRE(on_page("new-1") != page->assignments.end());
    const Assignment& next = *on_page("new-1");
    REQUIRE(next.history.size() == 2);
    CHECK(next.history[0].visit_id == "old-1");  // by date, not by arrival
    CHECK(next.history[0].note == left_behind().note);
    CHECK(next.history[1].visit_id == "old-2");
    CHECK(next.history[1].job_id == "job-old");
    CHECK(d.fetched("other").history.empty());
}

TEST_CASE("escalation stays per job and counts only the failures since the job's last completed visit") {
    Depot d;
    REQUIRE(d.store->put_assignments({d.planned("a-1", "job-a", "cust-1"), d.planned("a-2", "job-a", "cust-1"),
                                      d.planned("a-3", "job-a", "cust-1"), d.planned("a-4", "job-a", "cust-1"),
                                      d.planned("b-1", "job-b", "cust-1")},
                                     1)
                .ok());
    d.receive("a-1", "job-a", "not_possible", 1'000);
    d.receive("a-2", "job-a", "not_possible", 2'000);
    CHECK(d.fetched("a-3").escalation);
    CHECK_FALSE(d.fetched("b-1").escalation);  // the same customer's other job is not escalated
    CHECK(d.fetched("b-1").history.size() == 2);  // but its technician reads the story
    // The third attempt completed: the fourth visit is an ordinary one again.
    d.receive("a-3", "job-a", "completed", 3'000);
    const Assignment fourth = d.fetched("a-4");
    CHECK_FALSE(fourth.escalation);
    CHECK_FALSE(escalated(fourth));
    CHECK(fourth.history.size() == 3);
}

TEST_CASE("a job linked to its customer later joins the customer's history, also after its visit was received") {
    Depot d;
    REQUIRE(d.store->put_assignments({d.planned("m-1", "job-move", ""), d.planned("n-1", "job-new", "cust-3")}, 1).ok());
    d.receive("m-1", "job-move", "not_possible", 5'000);
    CHECK(d.fetched("n-1").history.empty());
    const std::string cursor = d.store->assignments_since(d.planned("n-1", "", "").technician_id, "", 200).value().cursor;
    auto linked = d.store->put_assignments({d.planned("m-1", "job-move", "cust-3")}, 2);
    REQUIRE(linked.ok());
    CHECK(linked->changed == 1);
    CHECK(d.fetched("n-1").history.size() == 1);
    // The tablet learns it through its cursor: the customer's other open visit comes again.
    const AssignmentPage next = d.store->assignments_since(d.planned("n-1", "", "").technician_id, cursor, 200).value();
    REQUIRE(next.assignments.size() == 1);
    CHECK(next.assignments.front().visit_id == "n-1");
    CHECK(next.assignments.front().history.size() == 1);
    CHECK(d.fetched("m-1").customer_id == "cust-3");
}

TEST_CASE("the customer's story: every visit across jobs, what is planned, and the open escalations") {
    Depot d;
    REQUIRE(d.store->put_assignments({d.planned("a-1", "job-a", "cust-1"), d.planned("a-2", "job-a", "cust-1"),
                                      d.planned("a-3", "job-a", "cust-1"), d.planned("b-1", "job-b", "cust-1"),
                                      d.planned("z-1", "job-z", "cust-2")},
                                     1)
                .ok());
    d.receive("b-1", "job-b", "completed", 500, left_behind());
    d.receive("a-1", "job-a", "not_possible", 1'000);
    d.receive("a-2", "job-a", "not_possible", 2'000);
    for (const StoryQuery& q : {StoryQuery{"cust-1", ""}, StoryQuery{"", "job-b"}}) {
        const auto story = d.store->customer_story(q);
        REQUIRE(story.ok());
        CHECK(story->customer_id == "cust-1");
        CHECK(story->customer_name == "Mevr. Test-Klant");
        REQUIRE(story->visits.size() == 3);
        CHECK(story->visits[0].entry.visit_id == "b-1");
        CHECK(story->visits[0].entry.todo == left_behind().todo);
        CHECK(story->visits[0].address == "Teststraat 1, 1234 AB Ede");
        REQUIRE(story->planned.size() == 1);
        CHECK(story->planned[0].visit_id == "a-3");
        CHECK(story->planned[0].escalation);
        REQUIRE(story->escalations.size() == 1);
        CHECK(story->escalations[0].job_id == "job-a");
        CHECK(story->escalations[0].failed_since_completion == 2);
    }
    // A cancelled visit is no longer planned.
    REQUIRE(d.store->cancel_visit("a-3", "customer moved the appointment", 3'000).ok());
    CHECK(d.store->customer_story({"cust-1", ""})->planned.empty());
    CHECK(d.store->customer_story({"cust-unknown", ""})->empty());
    CHECK(d.store->customer_story({"", ""}).error().code == ErrorCode::usage);
    CHECK(d.store->customer_story({"cust-1", "job-a"}).error().code == ErrorCode::usage);
}

TEST_CASE("a depot file of schema 1 is upgraded in place: its history stays, and it learns customers" * FC_SQLITE_ONLY) {
    TempDir tmp;
    const auto db_path = tmp.path / "depot" / "depot.db";
    {
        Depot d;
        REQUIRE(d.store->put_assignments({d.planned("v-1", "job-1", ""), d.planned("v-2", "job-1", "")}, 1).ok());
        d.receive("v-1", "job-1", "not_possible", 1'000);
        d.store.reset();
        std::filesystem::create_directories(tmp.path / "depot");
        std::filesystem::copy_file(d.tmp.path / "depot" / "depot.db", db_path);
    }
    // Back to schema 1 as an older depot left it.
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &h) == SQLITE_OK);
    REQUIRE(sqlite3_exec(h, kDowngradeToSchema1, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(h);

    auto reopened = DepotStore::open(test_depot_location(tmp.path / "depot"));
    REQUIRE(reopened.ok());
    const auto a = reopened.value()->assignment("v-2");
    REQUIRE(a.ok());
    REQUIRE(a.value());
    REQUIRE(a.value()->history.size() == 1);
    CHECK(a.value()->history[0].job_id == "job-1");
    CHECK(a.value()->customer_id.empty());
    CHECK(reopened.value()->integrity_check().value() == "ok");
}

TEST_CASE("a page of assignments with long customer histories ends before a tablet could not read it, and the rest follows") {
    Depot d;
    std::vector<Assignment> plan;
    for (int i = 0; i < 60; ++i) plan.push_back(d.planned("p-" + std::to_string(i), "job-" + std::to_string(i), "cust-long"));
    // Thirty earlier visits of this customer, each with a long note: every assignment carries them all.
    for (int i = 0; i < static_cast<int>(kMaxHistoryEntries); ++i) {
        plan.front().history.push_back({"old-" + std::to_string(i), 1'000 + i, "not_possible", "network_fault",
                                        std::string(3'500, static_cast<char>('a' + i % 26))});
    }
    REQUIRE(d.store->put_assignments(plan, 1).ok());
    std::set<std::string> seen;
    std::string cursor;
    int pages = 0;
    for (bool more = true; more; ++pages) {
        REQUIRE(pages < 10);
        const AssignmentPage page = d.store->assignments_since("tech-a", cursor, kMaxAssignmentsPerPage).value();
        CHECK(encode_assignment_page(page).size() < kMaxAssignmentPageBytes);
        REQUIRE(decode_assignment_page(encode_assignment_page(page)).ok());
        for (const Assignment& a : page.assignments) seen.insert(a.visit_id);
        more = page.more;
        cursor = page.cursor;
    }
    CHECK(pages > 1);
    CHECK(seen.size() == plan.size());
}
