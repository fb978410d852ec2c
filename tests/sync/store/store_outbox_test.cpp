// The outbox (sealed visits until the depot's receipt) and the small settings table.
#include <doctest/doctest.h>

#include "tests/sync/store/open_store.h"
#include "tests/sync/store/store_fixtures.h"
#include "tests/sync/store/visit_walk.h"
#include "sync/store/device_store.h"
#include "tests/test_clock.h"

using namespace fc;
using fc::test::TempDir;

namespace {

// A store with visits walk-0 and walk-1 sealed and in the outbox.
std::unique_ptr<DeviceStore> store_with_sealed_visits(const std::filesystem::path& dir) {
    auto store = test::open_store(dir, {1});
    for (int k = 0; k < 2; ++k) {
        REQUIRE(store->put_assignment(test::walk_assignment(k)).ok());
        auto v = test::walk_in_memory(k, store->get_template("fiber-install", 1).value());
        REQUIRE_MESSAGE(v.ok(), v.error().message);
        REQUIRE(store->append_events(*v, v->events()).ok());
    }
    return store;
}

}  // namespace

TEST_CASE("outbox: a retry counts the attempt and keeps the error, a receipt marks the visit sent for good") {
    TempDir tmp;
    auto store = store_with_sealed_visits(tmp.path());
    auto items = store->outbox().value();
    REQUIRE(items.size() == 2);
    CHECK(items[0].visit_id == "walk-0");
    CHECK(items[1].visit_id == "walk-1");

    REQUIRE(store->mark_retry("walk-0", "depot did not answer (timeout after 10 s)", 1'700'000'060'000).ok());
    REQUIRE(store->mark_retry("walk-0", "HTTP 503", 1'700'000'120'000).ok());
    items = store->outbox().value();
    CHECK(items[0].state == OutboxState::Pending);
    CHECK(items[0].attempts == 2);
    CHECK(items[0].last_error == "HTTP 503");
    CHECK(items[0].next_attempt_ms == 1'700'000'120'000);

    REQUIRE(store->mark_sent("walk-0", "receipt:walk-0:" + items[0].seal, 1'700'000'200'000).ok());
    items = store->outbox().value();
    CHECK(items[0].state == OutboxState::Sent);
    CHECK(items[0].receipt == "receipt:walk-0:" + items[0].seal);
    CHECK(items[0].sent_ms == 1'700'000'200'000);
    CHECK(items[0].last_error.empty());

    const Status again = store->mark_retry("walk-0", "late error", 0);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::already_sent);
    CHECK_FALSE(store->set_aside("walk-0", "x").ok());
    CHECK(store->outbox().value()[0].state == OutboxState::Sent);
}

TEST_CASE("outbox: a visit set aside keeps its reason and can be queued again, and unknown visits are refused") {
    TempDir tmp;
    auto store = store_with_sealed_visits(tmp.path());
    REQUIRE(store->set_aside("walk-1", "HTTP 422: a referenced attachment is missing").ok());
    auto items = store->outbox().value();
    CHECK(items[1].state == OutboxState::SetAside);
    CHECK(items[1].last_error == "HTTP 422: a referenced attachment is missing");
    CHECK(items[0].state == OutboxState::Pending);  // the rest is not blocked

    REQUIRE(store->mark_retry("walk-1", "sent again by hand", 0).ok());
    CHECK(store->outbox().value()[1].state == OutboxState::Pending);

    const Status unknown = store->mark_sent("nowhere", "r", 1);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == ErrorCode::not_found);
    CHECK(std::string(to_string(OutboxState::SetAside)) == "set_aside");
}

TEST_CASE("settings are stored, overwritten and read back, and an unknown key reads as absent") {
    TempDir tmp;
    {
        auto store = DeviceStore::open(tmp.path(), fc::test::still_clock());
        REQUIRE(store.ok());
        REQUIRE((*store)->set_setting("depot_url", "https://depot.example:8470").ok());
        REQUIRE((*store)->set_setting("depot_url", "https://127.0.0.1:8470").ok());
        REQUIRE((*store)->set_setting("language", "nl").ok());
    }
    auto store = DeviceStore::open(tmp.path(), fc::test::still_clock());
    REQUIRE(store.ok());
    CHECK((*store)->setting("depot_url").value() == std::optional<std::string>("https://127.0.0.1:8470"));
    CHECK((*store)->setting("language").value() == std::optional<std::string>("nl"));
    CHECK_FALSE((*store)->setting("token").value().has_value());
}
