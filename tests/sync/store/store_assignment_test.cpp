// Assignments in the device store: what follows the depot, what a started visit keeps, and pages
// applied together with their cursor.
#include <doctest/doctest.h>

#include "tests/sync/store/open_store.h"
#include "tests/sync/store/store_fixtures.h"
#include "tests/sync/store/visit_walk.h"
#include "sync/store/device_store.h"

using namespace fc;
using fc::test::RawDatabase;
using fc::test::open_store;
using fc::test::TempDir;

namespace {

Visit open_visit(DeviceStore& store, const std::string& visit_id) {
    auto v = store.load_visit(visit_id);
    REQUIRE_MESSAGE(v.ok(), v.error().message);
    auto events = test::events_of(v->open(Instant{1'700'000'100'000, 100}));
    REQUIRE(events.ok());
    Visit after = *v;
    REQUIRE(after.apply(*events).ok());
    REQUIRE(store.append_events(after, *events).ok());
    return after;
}

std::vector<HistoryEntry> two_failed_attempts() {
    return {{"v-0", 1'699'000'000'000, "not_possible", "precheck_not_met", "patch was not made"},
            {"v-00", 1'699'500'000'000, "not_possible", "network_fault", "no light on the fiber"}};
}

}  // namespace

TEST_CASE("a changed assignment updates a visit that has not started, template version included") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1, 2});
    REQUIRE(store->put_assignment(test::fiber_assignment("v-1")).ok());
    Assignment moved = test::fiber_assignment("v-1", "fiber-install", 2);
    moved.address = "Oudegracht 1, 3511 Utrecht";
    REQUIRE(store->put_assignment(moved).ok());
    auto v = store->load_visit("v-1");
    REQUIRE(v.ok());
    CHECK(v->assignment() == moved);
    CHECK(v->checklist().version == 2);
}

TEST_CASE("a started visit keeps its template version and what the technician saw, only history and escalation follow") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1, 2});
    const Assignment original = test::fiber_assignment("v-1");
    REQUIRE(store->put_assignment(original).ok());
    open_visit(*store, "v-1");

    Assignment update = test::fiber_assignment("v-1", "fiber-install", 2);
    update.address = "somewhere else";
    update.history = two_failed_attempts();
    update.escalation = true;
    REQUIRE(store->put_assignment(update).ok());

    auto v = store->load_visit("v-1");
    REQUIRE_MESSAGE(v.ok(), v.error().message);
    CHECK(v->checklist().version == 1);
    CHECK(v->assignment().template_version == 1);
    CHECK(v->assignment().address == original.address);
    CHECK(v->assignment().history == update.history);
    CHECK(v->assignment().escalation);
    CHECK(v->phase() == VisitPhase::Prechecks);
}

TEST_CASE("a sealed visit's assignment is never changed by a later assignment") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1, 2});
    REQUIRE(store->put_assignment(test::walk_assignment(4)).ok());
    auto v = test::walk_in_memory(4, store->get_template("fiber-install", 1).value());
    REQUIRE_MESSAGE(v.ok(), v.error().message);
    REQUIRE(v->sealed());
    REQUIRE(store->append_events(*v, v->events()).ok());

    Assignment update = test::walk_assignment(4);
    update.history = two_failed_attempts();
    update.escalation = true;
    REQUIRE(store->put_assignment(update).ok());
    auto back = store->load_visit(test::walk_visit_id(4));
    REQUIRE_MESSAGE(back.ok(), back.error().message);
    CHECK(back->assignment() == test::walk_assignment(4));
    CHECK(back->seal() == v->seal());
}

TEST_CASE("apply_assignment_page stores the page and its cursor together, or neither") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1, 2});
    REQUIRE(store->apply_assignment_page({test::fiber_assignment("v-1")}, "cursor-1").ok());
    CHECK(store->setting("assignment_cursor").value() == std::optional<std::string>("cursor-1"));

    SUBCASE("a bad assignment in the page: neither its neighbours nor the cursor are stored") {
        Assignment broken = test::fiber_assignment("v-3");
        broken.template_id.clear();
        const Status s = store->apply_assignment_page({test::fiber_assignment("v-2"), broken}, "cursor-2");
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::invalid_assignment);
    }
    SUBCASE("the cursor cannot be written: the page's visits are not stored either") {
        {
            RawDatabase raw(test::database_path(tmp.path()));
            raw.exec("CREATE TRIGGER refuse_cursor BEFORE UPDATE ON settings BEGIN SELECT RAISE(ABORT, 'no cursor'); END");
        }
        const Status s = store->apply_assignment_page({test::fiber_assignment("v-2")}, "cursor-2");
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message.find("no cursor") != std::string::npos);
    }
    CHECK(store->setting("assignment_cursor").value() == std::optional<std::string>("cursor-1"));
    const auto visits = store->list_visits().value();
    REQUIRE(visits.size() == 1);
    CHECK(visits.front().assignment.visit_id == "v-1");
}

TEST_CASE("applying the same assignment page twice changes nothing") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1, 2});
    Assignment a = test::fiber_assignment("v-1");
    a.history = two_failed_attempts();
    const std::vector<Assignment> page{a, test::fiber_assignment("v-2")};
    REQUIRE(store->apply_assignment_page(page, "c-7").ok());
    RawDatabase raw(test::database_path(tmp.path()));
    const auto before = raw.column("SELECT visit_id || assignment_json || badge || updated_ms FROM visits ORDER BY visit_id");
    REQUIRE(store->apply_assignment_page(page, "c-7").ok());
    CHECK(raw.column("SELECT visit_id || assignment_json || badge || updated_ms FROM visits ORDER BY visit_id") == before);
    CHECK(store->list_visits().value().size() == 2);
}

TEST_CASE("a visit sealed after the depot updated its history while it was open still replays to its seal") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1, 2});
    REQUIRE(store->put_assignment(test::walk_assignment(0)).ok());
    // The GUI holds the visit as loaded; the background sync updates the history meanwhile.
    auto walked = test::walk_in_memory(0, store->get_template("fiber-install", 1).value());
    REQUIRE_MESSAGE(walked.ok(), walked.error().message);
    const Events all = walked->events();
    Visit gui = store->load_visit(test::walk_visit_id(0)).value();
    Events first(all.begin(), all.begin() + 5);
    Visit partway = gui;
    REQUIRE(partway.apply(first).ok());
    REQUIRE(store->append_events(partway, first).ok());

    Assignment update = test::walk_assignment(0);
    update.history = two_failed_attempts();
    REQUIRE(store->put_assignment(update).ok());
    CHECK(store->load_visit(test::walk_visit_id(0)).value().assignment().history == update.history);

    const Events rest(all.begin() + 5, all.end());
    REQUIRE(store->append_events(*walked, rest).ok());
    auto back = store->load_visit(test::walk_visit_id(0));
    REQUIRE_MESSAGE(back.ok(), back.error().message);
    CHECK(back->seal() == walked->seal());
    CHECK(back->assignment() == test::walk_assignment(0));  // as the technician saw it
}

TEST_CASE("changes made on a visit whose template version the depot changed before it started are refused") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1, 2});
    REQUIRE(store->put_assignment(test::fiber_assignment("v-1")).ok());
    const Visit gui = store->load_visit("v-1").value();  // on version 1
    REQUIRE(store->put_assignment(test::fiber_assignment("v-1", "fiber-install", 2)).ok());
    auto events = test::events_of(gui.open(Instant{1'700'000'100'000, 100}));
    REQUIRE(events.ok());
    Visit after = gui;
    REQUIRE(after.apply(*events).ok());
    const Status s = store->append_events(after, *events);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::template_mismatch);
    CHECK(store->load_visit("v-1").value().events().empty());
}
