// Visits and their events in the device store: durable answers, ordered events, seal and outbox.
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

std::shared_ptr<const ChecklistTemplate> stored_template(DeviceStore& store) {
    auto t = store.get_template("fiber-install", 1);
    REQUIRE_MESSAGE(t.ok(), t.error().message);
    return *t;
}

// The app's way with a decision: the engine decides, the store keeps the events, then the visit shows them.
void commit(DeviceStore& store, Visit& v, const Expected<Events>& decided) {
    REQUIRE_MESSAGE(decided.ok(), decided.error().message);
    Visit after = v;
    REQUIRE(after.apply(*decided).ok());
    const Status s = store.append_events(after, *decided);
    REQUIRE_MESSAGE(s.ok(), s.error().message);
    v = std::move(after);
}

// The app's way with a verb's decision: the store keeps the events, then the decided visit is installed.
void commit(DeviceStore& store, Visit& v, Expected<Decision> decided) {
    REQUIRE_MESSAGE(decided.ok(), decided.error().message);
    const Status s = store.append_events(decided->next, decided->events);
    REQUIRE_MESSAGE(s.ok(), s.error().message);
    v = std::move(decided->next);
}

// Walks visit k through the store, action by action, up to `actions` actions.
Visit walk_into(DeviceStore& store, int k, std::size_t actions) {
    REQUIRE(store.put_assignment(test::walk_assignment(k)).ok());
    auto loaded = store.load_visit(test::walk_visit_id(k));
    REQUIRE_MESSAGE(loaded.ok(), loaded.error().message);
    Visit v = std::move(*loaded);
    const auto all = test::walk_actions(k);
    for (std::size_t i = 0; i < actions && i < all.size(); ++i) {
        CAPTURE(i);
        commit(store, v, test::walk_step(v, k, i));
    }
    return v;
}

PrecheckBadge listed_badge(DeviceStore& store, const std::string& visit_id) {
    auto list = store.list_visits();
    REQUIRE_MESSAGE(list.ok(), list.error().message);
    for (const VisitSummary& s : *list) {
        if (s.assignment.visit_id == visit_id) return s.badge;
    }
    FAIL("visit " << visit_id << " is not listed");
    return {};
}

}  // namespace

TEST_CASE("answers survive closing and reopening the store, event for event") {
    TempDir tmp;
    Events written;
    {
        auto store = open_store(tmp.path(), {1});
        written = walk_into(*store, 0, 12).events();
    }
    REQUIRE(written.size() >= 12);
    auto store = open_store(tmp.path());
    auto v = store->load_visit(test::walk_visit_id(0));
    REQUIRE_MESSAGE(v.ok(), v.error().message);
    CHECK(v->events() == written);
    CHECK(v->step_answer("power") == std::optional<Answer>(Answer::measured(-17.0)));
    CHECK(v->phase() == VisitPhase::Steps);
}

TEST_CASE("events whose seq does not continue the stored ones are refused and nothing is written") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    Visit v = walk_into(*store, 0, 3);
    const auto stored = v.events().size();

    // A gap: the store holds `stored` events, these start two further on.
    auto events = test::walk_step(v, 0, 3);
    REQUIRE(events.ok());
    Visit after = v;
    REQUIRE(after.apply(*events).ok());
    Events gap = *events;
    for (auto& e : gap) e.seq += 2;
    const Status refused = store->append_events(after, gap);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::seq_gap);

    // A replay of events already stored is refused the same way.
    Events again(v.events().end() - 1, v.events().end());
    const Status replay = store->append_events(v, again);
    REQUIRE_FALSE(replay.ok());
    CHECK(replay.error().code == ErrorCode::seq_gap);

    RawDatabase raw(test::database_path(tmp.path()));
    CHECK(raw.count("SELECT COUNT(*) FROM events") == static_cast<std::int64_t>(stored));
    CHECK(raw.count("SELECT event_count FROM visits WHERE visit_id = 'walk-0'") == static_cast<std::int64_t>(stored));
    CHECK(store->load_visit("walk-0").value().events() == v.events());
    // The right continuation is still accepted afterwards.
    CHECK(store->append_events(after, *events).ok());
}

TEST_CASE("append_events refuses a visit that does not end with the events given") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    Visit v = walk_into(*store, 0, 2);
    auto events = test::walk_step(v, 0, 2);
    REQUIRE(events.ok());
    const Status s = store->append_events(v, *events);  // `v` without the events applied
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::invalid_events);
}

TEST_CASE("append_events for a visit that is not on the tablet is refused") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    Visit v(test::fiber_assignment("nowhere"), stored_template(*store));
    auto events = test::events_of(v.open(Instant{1, 1}));
    REQUIRE(events.ok());
    Visit after = v;
    REQUIRE(after.apply(*events).ok());
    const Status s = store->append_events(after, *events);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::not_found);
}

TEST_CASE("a visit sealed by its last events is stored with its seal and enters the outbox in the same transaction") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    const Visit done = walk_into(*store, 0, SIZE_MAX);
    REQUIRE(done.sealed());

    auto outbox = store->outbox();
    REQUIRE(outbox.ok());
    REQUIRE(outbox->size() == 1);
    CHECK(outbox->front().visit_id == "walk-0");
    CHECK(outbox->front().seal == done.seal());
    CHECK(outbox->front().state == OutboxState::Pending);
    auto summaries = store->list_visits();
    REQUIRE(summaries.ok());
    CHECK(summaries->front().sealed);
    CHECK(summaries->front().outcome == Outcome::Completed);
    CHECK(summaries->front().phase == VisitPhase::Closed);

    // Same transaction: when the outbox row cannot be written, the sealing events are not stored either.
    const Visit almost = walk_into(*store, 1, test::walk_actions(1).size() - 1);
    {
        RawDatabase raw(test::database_path(tmp.path()));
        raw.exec("CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox refused'); END");
    }
    auto last = test::walk_step(almost, 1, test::walk_actions(1).size() - 1);
    REQUIRE(last.ok());
    Visit sealed = almost;
    REQUIRE(sealed.apply(*last).ok());
    REQUIRE(sealed.sealed());
    const Status s = store->append_events(sealed, *last);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("outbox refused") != std::string::npos);
    RawDatabase raw(test::database_path(tmp.path()));
    CHECK(raw.count("SELECT event_count FROM visits WHERE visit_id = 'walk-1'") ==
          static_cast<std::int64_t>(almost.events().size()));
    CHECK(raw.count("SELECT COUNT(*) FROM events WHERE visit_id = 'walk-1'") ==
          static_cast<std::int64_t>(almost.events().size()));
    CHECK(raw.column("SELECT seal FROM visits WHERE visit_id = 'walk-1'").front().empty());
    CHECK(store->outbox().value().size() == 1);
}

TEST_CASE("a visit closed as not possible is sealed and enters the outbox too") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    const Visit failed = walk_into(*store, 4, SIZE_MAX);  // k % 5 == 4: the patch precheck is not met
    REQUIRE(failed.sealed());
    CHECK(failed.outcome() == Outcome::NotPossible);
    const auto outbox = store->outbox().value();
    REQUIRE(outbox.size() == 1);
    CHECK(outbox.front().seal == failed.seal());
    auto reloaded = store->load_visit("walk-4");
    REQUIRE_MESSAGE(reloaded.ok(), reloaded.error().message);
    CHECK(reloaded->cause().has_value());
    CHECK(reloaded->seal() == failed.seal());
}

TEST_CASE("a sealed visit refuses every further event") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    const Visit done = walk_into(*store, 0, SIZE_MAX);
    VisitEvent extra = done.events().back();
    extra.seq += 1;
    const Status s = store->append_events(done, {extra});
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::sealed);
}

TEST_CASE("load_visit refuses a sealed visit whose stored events no longer match its seal") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    const Visit done = walk_into(*store, 0, SIZE_MAX);
    REQUIRE(store->load_visit("walk-0").ok());
    {
        // Someone changes the customer's smiley in the file: still a valid answer, a different visit.
        RawDatabase raw(test::database_path(tmp.path()));
        raw.exec("UPDATE events SET new_value = '" + encode_answer(Answer::score(1)) +
                 "' WHERE visit_id = 'walk-0' AND kind = '" + to_string(EventKind::SurveyAnswered) +
                 "' AND item = 'result'");
    }
    auto v = store->load_visit("walk-0");
    REQUIRE_FALSE(v.ok());
    CHECK(v.error().code == ErrorCode::seal_mismatch);
    CHECK(v.error().message.find(done.seal()) != std::string::npos);
}

TEST_CASE("list_visits shows each visit's phase, outcome, precheck badge and seal in window order") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    walk_into(*store, 1, 0);
    const Visit started = walk_into(*store, 0, 7);
    auto list = store->list_visits();
    REQUIRE(list.ok());
    REQUIRE(list->size() == 2);
    CHECK(list->at(0).assignment.visit_id == "walk-0");
    CHECK(list->at(0).phase == started.phase());
    CHECK(list->at(0).badge == started.precheck_badge());
    CHECK_FALSE(list->at(0).sealed);
    CHECK(list->at(1).assignment == test::walk_assignment(1));
    CHECK(list->at(1).phase == VisitPhase::Assigned);
    CHECK(list->at(1).outcome == Outcome::Open);
}

TEST_CASE("integrity_check reports ok after a day of visits") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    for (int k = 0; k < 5; ++k) walk_into(*store, k, SIZE_MAX);
    CHECK(store->integrity_check().value() == "ok");
    CHECK(store->outbox().value().size() == 5);
}

TEST_CASE("the stored precheck badge is the engine's after every change, naming its precheck in the file") {
    using State = PrecheckBadge::State;
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    Visit v = walk_into(*store, 0, 0);
    CHECK(listed_badge(*store, "walk-0") == PrecheckBadge{State::NotYetConfirmed, "patch"});
    commit(*store, v, v.open(test::walk_instant(0, 1)));
    commit(*store, v, v.record_precheck("patch", Answer::met(), test::walk_instant(0, 2)));
    CHECK(listed_badge(*store, "walk-0") == PrecheckBadge{State::CheckOnArrival, "socket"});
    CHECK(v.precheck_badge() == PrecheckBadge{State::CheckOnArrival, "socket"});
    RawDatabase raw(test::database_path(tmp.path()));
    CHECK(raw.column("SELECT badge FROM visits WHERE visit_id = 'walk-0'") ==
          std::vector<std::string>{"check_on_arrival:socket"});
    commit(*store, v, v.record_precheck("socket", Answer::met(), test::walk_instant(0, 3)));
    CHECK(listed_badge(*store, "walk-0") == PrecheckBadge{State::Pending, ""});
    commit(*store, v, v.record_precheck("alarm", Answer::met(), test::walk_instant(0, 4)));
    CHECK(listed_badge(*store, "walk-0") == PrecheckBadge{State::AllMet, ""});

    // Visit 4 of the walk ends "not possible" at the patch.
    const Visit closed = walk_into(*store, 4, SIZE_MAX);
    CHECK(listed_badge(*store, "walk-4") == PrecheckBadge{State::NotMet, "patch"});
    CHECK(closed.precheck_badge() == PrecheckBadge{State::NotMet, "patch"});
}

TEST_CASE("a badge stored before badges named their precheck is worked out again from the visit's events") {
    using State = PrecheckBadge::State;
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    Visit v = walk_into(*store, 0, 1);
    commit(*store, v, v.record_precheck("patch", Answer::met(), test::walk_instant(0, 2)));
    walk_into(*store, 1, 0);
    {
        // What the old rule wrote: "blocking_pending" for any blocking precheck left, and no name.
        RawDatabase raw(test::database_path(tmp.path()));
        raw.exec("UPDATE visits SET badge = 'blocking_pending'");
    }
    CHECK(listed_badge(*store, "walk-0") == PrecheckBadge{State::CheckOnArrival, "socket"});
    CHECK(listed_badge(*store, "walk-1") == PrecheckBadge{State::NotYetConfirmed, "patch"});

    // A name on a state that names nothing is damage, not an old row.
    RawDatabase(test::database_path(tmp.path())).exec("UPDATE visits SET badge = 'pending:patch' WHERE visit_id = 'walk-1'");
    auto list = store->list_visits();
    REQUIRE_FALSE(list.ok());
    CHECK(list.error().code == ErrorCode::corrupt);
    CHECK(list.error().message.find("walk-1") != std::string::npos);
}
