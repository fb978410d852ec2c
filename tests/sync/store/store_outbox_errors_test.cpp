// Each waiting visit keeps its own last error, typed and timed (schema 5), through a restart, until
// the depot receives it.
#include <doctest/doctest.h>

#include "tests/sync/store/open_store.h"
#include "tests/sync/store/store_fixtures.h"
#include "tests/sync/store/visit_walk.h"
#include "sync/store/device_store.h"

using namespace fc;
using fc::test::TempDir;

namespace {

void seal_walks(DeviceStore& store) {
    for (int k = 0; k < 2; ++k) {
        REQUIRE(store.put_assignment(test::walk_assignment(k)).ok());
        auto v = test::walk_in_memory(k, store.get_template("fiber-install", 1).value());
        REQUIRE_MESSAGE(v.ok(), v.error().message);
        REQUIRE(store.append_events(*v, v->events()).ok());
    }
}

OutboxItem item(DeviceStore& store, const std::string& id) {
    const auto items = store.outbox();
    REQUIRE(items.ok());
    for (const OutboxItem& i : items.value()) {
        if (i.visit_id == id) return i;
    }
    FAIL("no outbox row for " << id);
    return {};
}

}  // namespace

TEST_CASE("outbox errors: a retry and a set-aside keep the error's code and the store's time, kept across a reopen") {
    TempDir tmp;
    ManualClock clock;
    {
        auto opened = DeviceStore::open(tmp.path(), clock);
        REQUIRE(opened.ok());
        auto store = std::move(opened).value();
        REQUIRE(store->put_template(test::fiber_template("fiber-install", 1)).ok());
        seal_walks(*store);
        CHECK(item(*store, "walk-0").last_error_code.empty());
        CHECK(item(*store, "walk-0").last_error_ms == 0);
        REQUIRE(store->mark_retry("walk-0", make_error(ErrorCode::unreachable, "connection refused"), clock.now().wall_ms + 5'000).ok());
        clock.advance_ms(60'000);
        REQUIRE(store->set_aside("walk-1", make_error(ErrorCode::unknown_assignment, "HTTP 422, unknown_assignment: no such visit")).ok());
    }
    auto store = DeviceStore::open(tmp.path(), clock).value();
    const OutboxItem retried = item(*store, "walk-0");
    CHECK(retried.last_error_code == "unreachable");
    CHECK(retried.last_error == "connection refused");
    CHECK(retried.last_error_ms == clock.now().wall_ms - 60'000);
    CHECK(retried.attempts == 1);
    const OutboxItem aside = item(*store, "walk-1");
    CHECK(aside.state == OutboxState::SetAside);
    CHECK(aside.last_error_code == "unknown_assignment");
    CHECK(aside.last_error_ms == clock.now().wall_ms);
}

TEST_CASE("outbox errors: a visit received by the depot has no last error any more") {
    TempDir tmp;
    ManualClock clock;
    auto store = DeviceStore::open(tmp.path(), clock).value();
    REQUIRE(store->put_template(test::fiber_template("fiber-install", 1)).ok());
    seal_walks(*store);
    REQUIRE(store->mark_retry("walk-0", make_error(ErrorCode::depot_error, "HTTP 503"), 0).ok());
    REQUIRE(store->mark_sent("walk-0", "receipt", clock.now().wall_ms).ok());
    const OutboxItem sent = item(*store, "walk-0");
    CHECK(sent.last_error.empty());
    CHECK(sent.last_error_code.empty());
    CHECK(sent.last_error_ms == 0);
}

TEST_CASE("outbox errors: a depot out of reach is noted on every pending visit without counting an attempt or moving its backoff") {
    TempDir tmp;
    ManualClock clock;
    auto store = DeviceStore::open(tmp.path(), clock).value();
    REQUIRE(store->put_template(test::fiber_template("fiber-install", 1)).ok());
    seal_walks(*store);
    REQUIRE(store->mark_retry("walk-0", make_error(ErrorCode::depot_error, "HTTP 503"), 1'700'000'999'000).ok());
    REQUIRE(store->set_aside("walk-1", make_error(ErrorCode::unknown_assignment, "HTTP 422")).ok());
    clock.advance_ms(5'000);
    REQUIRE(store->note_depot_unreached(make_error(ErrorCode::unreachable, "connection refused")).ok());
    const OutboxItem pending = item(*store, "walk-0");
    CHECK(pending.last_error_code == "unreachable");
    CHECK(pending.last_error_ms == clock.now().wall_ms);
    CHECK(pending.attempts == 1);
    CHECK(pending.next_attempt_ms == 1'700'000'999'000);
    // A set-aside visit keeps the depot's refusal: the depot being away does not change why.
    CHECK(item(*store, "walk-1").last_error_code == "unknown_assignment");
}
