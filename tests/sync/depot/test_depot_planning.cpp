// The planner's side of the depot (issue 10) on a real SQLite depot file: confirmations, settings,
// cancel / reschedule / reassign and the assignment page that carries them to the tablet.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include "tests/error_code_doctest.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/sqlite_only.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr std::int64_t kEvening = 1'699'990'000'000;  // before the walker's visits begin

// A depot file with the fiber template and visits v-1..v-3 planned for tech-a.
struct PlanDepot {
    TempDir dir;
    std::unique_ptr<DepotStore> store = DepotStore::open(test_depot_location(dir.path / "depot")).value();
    std::shared_ptr<const ChecklistTemplate> t = repo_template(kTemplateName);

    PlanDepot() {
        REQUIRE(store->import_template(*t, 1).ok());
        REQUIRE(store->put_assignments({make_assignment("v-1", "tech-a", *t, "job-1"), make_assignment("v-2", "tech-a", *t, "job-2"),
                                        make_assignment("v-3", "tech-a", *t, "job-3")},
                                       1)
                    .ok());
    }

    AssignmentPage page(const std::string& technician, const std::string& cursor = "", int limit = 200) {
        auto p = store->assignments_since(technician, cursor, limit);
        REQUIRE_MESSAGE(p.ok(), p.error().message);
        return p.value();
    }
};

std::vector<std::string> ids(const AssignmentPage& p) {
    std::vector<std::string> out;
    for (const Assignment& a : p.assignments) out.push_back(a.visit_id);
    return out;
}

std::optional<ErrorCode> code_of(const Status& s) { return s ? std::nullopt : std::optional<ErrorCode>(s.error().code); }
template <typename T>
std::optional<ErrorCode> code_of(const Expected<T>& e) {
    return e ? std::nullopt : std::optional<ErrorCode>(e.error().code);
}

ReceivedVisit received(const std::string& visit_id, const std::string& technician) {
    ReceivedVisit v;
    v.visit_id = visit_id;
    v.technician_id = technician;
    v.job_id = "job-x";
    v.template_id = kTemplateName;
    v.template_version = 1;
    v.seal = std::string(64, 'a');
    v.record = "{}";
    v.outcome = "completed";
    v.survey_status = "submitted";
    return v;
}

}  // namespace

TEST_CASE("a confirmation is kept once: the same again changes nothing, a different one is refused, and the next page carries it") {
    PlanDepot d;
    const AssignmentPage first = d.page("tech-a");
    CHECK(first.confirmations.empty());
    const PrecheckConfirmation patch{"v-2", "patch-confirmed", "network operator", kEvening};
    REQUIRE(d.store->confirm_precheck(patch, 10).value() == true);

    const AssignmentPage next = d.page("tech-a", first.cursor);
    CHECK(ids(next) == std::vector<std::string>{"v-2"});  // a new sequence number: the tablet fetches it again
    CHECK(next.confirmations == std::vector<PrecheckConfirmation>{patch});
    CHECK(d.page("tech-a").confirmations == std::vector<PrecheckConfirmation>{patch});  // a fresh tablet gets it too

    CHECK(d.store->confirm_precheck(patch, 11).value() == false);
    CHECK(d.page("tech-a", next.cursor).assignments.empty());
    PrecheckConfirmation other = patch;
    other.by = "intake";
    auto refused = d.store->confirm_precheck(other, 12);
    CHECK(code_of(refused) == ErrorCode::confirmation_conflict);
    CHECK(refused.error().message.find("already confirmed by network operator") != std::string::npos);
    CHECK(d.store->confirmations("v-2").value() == std::vector<PrecheckConfirmation>{patch});
}

TEST_CASE("only a before-departure precheck of a planned visit's own template can be confirmed") {
    PlanDepot d;
    CHECK(code_of(d.store->confirm_precheck({"v-1", "fiber-box-present", "intake", kEvening}, 1)) == ErrorCode::wrong_actor);
    CHECK(code_of(d.store->confirm_precheck({"v-1", "alarm-asked", "intake", kEvening}, 1)) == ErrorCode::unknown_item);
    CHECK(code_of(d.store->confirm_precheck({"v-9", "patch-confirmed", "intake", kEvening}, 1)) == ErrorCode::unknown_assignment);
    CHECK(code_of(d.store->confirm_precheck({"v-1", "patch-confirmed", "  ", kEvening}, 1)) == ErrorCode::empty_text);
    CHECK(d.store->confirmations("v-1").value().empty());
}

TEST_CASE("the planning sheet's confirmations are stored with its assignments, all or nothing") {
    PlanDepot d;
    const auto v4 = make_assignment("v-4", "tech-a", *d.t, "job-4");
    auto refused = d.store->put_assignments({v4}, 2, {{"v-4", "patch-confirmed", "operator", kEvening}, {"v-4", "double-socket", "intake", kEvening}});
    CHECK(code_of(refused) == ErrorCode::wrong_actor);
    CHECK_FALSE(d.store->assignment("v-4").value().has_value());
    auto stored = d.store->put_assignments({v4}, 3, {{"v-4", "patch-confirmed", "operator", kEvening}});
    REQUIRE(stored.ok());
    CHECK(stored->created == 1);
    CHECK(stored->confirmed == 1);
    CHECK(d.store->put_assignments({v4}, 4, {{"v-4", "patch-confirmed", "operator", kEvening}})->confirmed == 0);
}

TEST_CASE("the company and helpdesk ride on every page once set, and bad values are refused") {
    PlanDepot d;
    const AssignmentPage before = d.page("tech-a");
    CHECK_FALSE(before.contact.has_value());
    CHECK_FALSE(d.store->contact().value().has_value());
    REQUIRE(d.store->set_contact({"Glasvezel Utrecht", "030 123 45 67"}, 5).ok());
    const AssignmentPage after = d.page("tech-a", before.cursor);
    CHECK(after.assignments.empty());
    REQUIRE(after.contact.has_value());
    CHECK(*after.contact == CompanyContact{"Glasvezel Utrecht", "030 123 45 67"});
    CHECK(d.page("tech-z").contact == after.contact);  // every technician, with or without visits
    CHECK(code_of(d.store->set_contact({"Glasvezel\nUtrecht", ""}, 6)) == ErrorCode::bad_setting);
    CHECK(d.store->contact().value() == after.contact);
}

TEST_CASE("a cancelled visit leaves the technician's next page as withdrawn, in sequence order with other changes") {
    PlanDepot d;
    const AssignmentPage start = d.page("tech-a");
    REQUIRE(d.store->cancel_visit("v-2", "customer moved", 7).value() == true);
    REQUIRE(d.store->put_assignments({make_assignment("v-4", "tech-a", *d.t, "job-4")}, 8).ok());

    const AssignmentPage one = d.page("tech-a", start.cursor, 1);
    CHECK(one.withdrawn == std::vector<std::string>{"v-2"});
    CHECK(one.assignments.empty());
    CHECK(one.more);
    const AssignmentPage two = d.page("tech-a", one.cursor, 1);
    CHECK(ids(two) == std::vector<std::string>{"v-4"});
    CHECK(two.withdrawn.empty());

    const AssignmentPage fresh = d.page("tech-a");
    CHECK(ids(fresh) == std::vector<std::string>{"v-1", "v-3", "v-4"});
    CHECK(fresh.withdrawn == std::vector<std::string>{"v-2"});

    CHECK(d.store->cancel_visit("v-2", "", 9).value() == false);
    CHECK(d.page("tech-a", two.cursor).withdrawn.empty());
    CHECK(code_of(d.store->reschedule_visit("v-2", 1, 2, 9)) == ErrorCode::visit_cancelled);
    CHECK(code_of(d.store->reassign_visit("v-2", "tech-b", 9)) == ErrorCode::visit_cancelled);
    CHECK(code_of(d.store->confirm_precheck({"v-2", "patch-confirmed", "operator", kEvening}, 9)) == ErrorCode::visit_cancelled);
    Assignment changed = make_assignment("v-2", "tech-a", *d.t, "job-2");
    changed.address = "Elders 1";
    CHECK(code_of(d.store->put_assignments({changed}, 9)) == ErrorCode::visit_cancelled);
    CHECK(d.store->put_assignments({make_assignment("v-2", "tech-a", *d.t, "job-2")}, 9)->unchanged == 1);  // the old sheet again
    CHECK(d.store->withdrawal("v-2", "tech-a").value()->why == "customer moved");
}

TEST_CASE("a reassigned visit leaves the first technician's tablet and reaches the second's with its confirmations") {
    PlanDepot d;
    REQUIRE(d.store->confirm_precheck({"v-1", "patch-confirmed", "operator", kEvening}, 2).ok());
    const AssignmentPage a0 = d.page("tech-a");
    const AssignmentPage b0 = d.page("tech-b");
    CHECK(b0.assignments.empty());
    REQUIRE(d.store->reassign_visit("v-1", "tech-b", 3).value() == true);

    const AssignmentPage a1 = d.page("tech-a", a0.cursor);
    CHECK(a1.withdrawn == std::vector<std::string>{"v-1"});
    CHECK(a1.assignments.empty());
    const AssignmentPage b1 = d.page("tech-b", b0.cursor);
    REQUIRE(ids(b1) == std::vector<std::string>{"v-1"});
    CHECK(b1.assignments[0].technician_id == "tech-b");
    CHECK(b1.confirmations.size() == 1);
    CHECK(d.store->reassign_visit("v-1", "tech-b", 4).value() == false);

    // A sheet naming the old technician does not move it back; the command does.
    CHECK(code_of(d.store->put_assignments({make_assignment("v-1", "tech-a", *d.t, "job-1")}, 5)) == ErrorCode::reassigned);
    REQUIRE(d.store->reassign_visit("v-1", "tech-a", 6).value() == true);
    const AssignmentPage a2 = d.page("tech-a", a1.cursor);
    CHECK(ids(a2) == std::vector<std::string>{"v-1"});
    CHECK(a2.withdrawn.empty());
    CHECK(d.page("tech-b", b1.cursor).withdrawn == std::vector<std::string>{"v-1"});
    CHECK(code_of(d.store->reassign_visit("v-1", "not an id", 7)) == ErrorCode::bad_technician);
}

TEST_CASE("a rescheduled visit comes down again with its new window, and the same window changes nothing") {
    PlanDepot d;
    const AssignmentPage start = d.page("tech-a");
    REQUIRE(d.store->reschedule_visit("v-3", 1'700'100'000'000, 1'700'105'400'000, 2).value() == true);
    const AssignmentPage next = d.page("tech-a", start.cursor);
    REQUIRE(ids(next) == std::vector<std::string>{"v-3"});
    CHECK(next.assignments[0].window_start_ms == 1'700'100'000'000);
    CHECK(next.assignments[0].window_end_ms == 1'700'105'400'000);
    CHECK(d.store->reschedule_visit("v-3", 1'700'100'000'000, 1'700'105'400'000, 3).value() == false);
    CHECK(d.page("tech-a", next.cursor).assignments.empty());
    CHECK(code_of(d.store->reschedule_visit("v-3", 5, 5, 3)) == ErrorCode::invalid_time);
}

TEST_CASE("a visit already received cannot be cancelled, rescheduled, reassigned or confirmed") {
    PlanDepot d;
    REQUIRE(d.store->store_visit(received("v-1", "tech-a"), 5).ok());
    CHECK(code_of(d.store->cancel_visit("v-1", "", 6)) == ErrorCode::already_received);
    CHECK(code_of(d.store->reschedule_visit("v-1", 1, 2, 6)) == ErrorCode::already_received);
    CHECK(code_of(d.store->reassign_visit("v-1", "tech-b", 6)) == ErrorCode::already_received);
    CHECK(code_of(d.store->confirm_precheck({"v-1", "patch-confirmed", "operator", kEvening}, 6)) == ErrorCode::already_received);
    CHECK_FALSE(d.store->withdrawal("v-1", "tech-a").value().has_value());
}

TEST_CASE("a depot file of schema 1 is migrated to the newest schema and keeps its tokens and assignments" * FC_SQLITE_ONLY) {
    TempDir dir;
    const auto path = dir.path / "depot";
    std::string token;
    {
        auto store = DepotStore::open(test_depot_location(path)).value();
        const auto t = repo_template(kTemplateName);
        REQUIRE(store->import_template(*t, 1).ok());
        REQUIRE(store->put_assignments({make_assignment("v-1", "tech-a", *t)}, 1).ok());
        token = store->create_token("tech-a", "tablet", 1).value().token;
    }
    {  // what a depot of the first schema holds: none of the planning tables
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open((path / "depot.db").c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, kDowngradeToSchema1, nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    auto reopened = DepotStore::open(test_depot_location(path));
    REQUIRE_MESSAGE(reopened.ok(), reopened.error().message);
    DepotStore& store = *reopened.value();
    CHECK(store.technician_for_token(token).value() == std::optional<std::string>("tech-a"));
    CHECK(store.assignment("v-1").value().has_value());
    CHECK(store.confirm_precheck({"v-1", "patch-confirmed", "operator", kEvening}, 2).ok());
    CHECK(store.cancel_visit("v-1", "", 3).ok());
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((path / "depot.db").c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(sqlite3_column_int(st, 0) == DepotStore::kSchemaVersion);
    sqlite3_finalize(st);
    sqlite3_close(db);
}
