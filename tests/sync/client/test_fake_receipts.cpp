// The tablet believes only a receipt its depot signed (issue 11, finding 5): a man in the middle that
// answers the visit upload itself, whatever receipt it makes up, leaves the visit pending with the
// reason on the Sync screen, and the visit reaches the real depot once the man in the middle is gone.
#include <doctest/doctest.h>

#include "sync/client/depot_key_pin.h"
#include "sync/client/sync_client.h"
#include "sync/depot/depot_key.h"
#include "sync/wire/wire_messages.h"
#include "tests/sync/client/receipt_forging_proxy.h"
#include "tests/sync/depot/depot_test_support.h"

using namespace fc;
using namespace fc::test;

namespace {

// A depot with v-1 and v-2 for tech-a, and tech-a's tablet enrolled with it, the depot's key pinned,
// its templates and assignments fetched.
struct PinnedTablet {
    RunningDepot depot;
    TempDir tablet_dir;
    ManualClock clock;
    std::unique_ptr<DeviceStore> tablet;

    PinnedTablet() {
        auto t = repo_template(kTemplateName);
        depot.add_template(*t);
        depot.assign({make_assignment("v-1", "tech-a", *t, "job-1"), make_assignment("v-2", "tech-a", *t, "job-2")});
        auto opened = DeviceStore::open(tablet_dir.path / "tablet", clock);
        REQUIRE(opened.ok());
        tablet = std::move(opened).value();
        REQUIRE(enroll_with_depot(*tablet, depot.url(), depot.token_for("tech-a")).ok());
        pin_depot_key_of(*tablet, depot.dir);
        REQUIRE(sync().assignments_received == 2);
    }

    SigningKey depot_key() const { return depot_signing_key(depot.dir); }

    SyncReport sync() {
        SyncOptions o;
        o.ignore_backoff = true;
        auto r = sync_with_depot(*tablet, o);
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        return r.value();
    }

    OutboxItem item(const std::string& id) {
        auto items = tablet->outbox();
        REQUIRE(items.ok());
        for (const OutboxItem& i : items.value()) {
            if (i.visit_id == id) return i;
        }
        FAIL("visit " << id << " is not in the outbox");
        return {};
    }

    void walk(const std::string& id) { REQUIRE(walk_stored_visit(*tablet, id).ok()); }
};

// The man in the middle answers; the visit must stay pending with the reason, then arrive for real.
void forged_receipt_is_not_believed(Forgery forgery, const std::string& detail) {
    PinnedTablet f;
    f.walk("v-1");
    {
        ReceiptForgingProxy proxy(f.depot.port(), forgery, f.depot_key());
        REQUIRE(f.tablet->set_setting(kSettingDepotUrl, proxy.url()).ok());
        const SyncReport r = f.sync();
        std::string problems;
        for (const std::string& p : r.problems) problems += p + "\n";
        CHECK_MESSAGE(proxy.forged() == 1, problems);
        CHECK(r.depot_reached);  // the health check went through to the real depot
        CHECK(r.sent == 0);
        CHECK(r.retry_later == 1);
        const OutboxItem item = f.item("v-1");
        CHECK(item.state == OutboxState::Pending);  // pending, not set aside: a fake answer says nothing of the visit
        CHECK(item.receipt.empty());
        CHECK(item.last_error.starts_with(kReasonReceiptNotSigned));
        CHECK_MESSAGE(item.last_error.find(detail) != std::string::npos, item.last_error);
        CHECK_FALSE(every_sealed_visit_acknowledged(*f.tablet).value());
        CHECK(f.depot.store->visit_count().value() == 0);
    }
    REQUIRE(f.tablet->set_setting(kSettingDepotUrl, f.depot.url()).ok());
    const SyncReport r = f.sync();
    CHECK(r.sent == 1);
    const OutboxItem item = f.item("v-1");
    CHECK(item.state == OutboxState::Sent);
    CHECK(f.depot.store->visit_count().value() == 1);
    auto receipt = decode_receipt(item.receipt);
    REQUIRE(receipt.ok());
    CHECK(check_receipt(receipt.value(), "v-1", item.seal, f.depot_key().public_key()) == ReceiptCheck::Verified);
}

}  // namespace

TEST_CASE("a man in the middle's unsigned receipt echoing the visit and seal leaves the visit pending") {
    forged_receipt_is_not_believed(Forgery::Unsigned, "carries no signature");
}

TEST_CASE("a man in the middle's receipt signed by another key leaves the visit pending") {
    forged_receipt_is_not_believed(Forgery::OtherKey, "does not verify");
}

TEST_CASE("a receipt the depot truly signed for another visit leaves the visit pending") {
    forged_receipt_is_not_believed(Forgery::OtherVisit, "another visit");
}

TEST_CASE("a receipt the depot truly signed for this visit id with another seal leaves the visit pending") {
    forged_receipt_is_not_believed(Forgery::OtherSeal, "another visit or seal");
}

TEST_CASE("a plain-HTTP server that echoes each visit's id and seal marks nothing sent") {
    PinnedTablet f;
    f.walk("v-1");
    f.walk("v-2");
    ReceiptForgingProxy fake_depot(0, Forgery::Unsigned);
    REQUIRE(f.tablet->set_setting(kSettingDepotUrl, fake_depot.url()).ok());
    const SyncReport r = f.sync();
    CHECK(r.sent == 0);
    CHECK(fake_depot.forged() >= 1);
    for (const std::string id : {"v-1", "v-2"}) {
        CHECK(f.item(id).state == OutboxState::Pending);
        CHECK(f.item(id).receipt.empty());
    }
    CHECK(f.item("v-1").last_error.starts_with(kReasonReceiptNotSigned));
    CHECK(f.depot.store->visit_count().value() == 0);
}

TEST_CASE("the depot signs its receipt for a replayed upload as for the first") {
    PinnedTablet f;
    f.walk("v-1");
    REQUIRE(f.sync().sent == 1);
    const OutboxItem sent = f.item("v-1");
    auto record = f.tablet->sealed_record("v-1");
    REQUIRE(record.ok());
    auto again = f.depot.client(f.depot.token_for("tech-a"))->Put("/api/v1/visits/v-1", record->bytes, "application/json");
    REQUIRE(again);
    CHECK(again->status == 200);
    auto receipt = decode_receipt(again->body);
    REQUIRE(receipt.ok());
    CHECK(check_receipt(receipt.value(), "v-1", sent.seal, f.depot_key().public_key()) == ReceiptCheck::Verified);
    CHECK(again->body == sent.receipt);  // same receipt, same deterministic Ed25519 signature
}

TEST_CASE("a tablet with no pinned depot key uploads its visits but marks none sent until a key is pinned") {
    PinnedTablet f;
    REQUIRE(f.tablet->set_setting(kSettingDepotPublicKey, "").ok());
    f.walk("v-1");
    f.walk("v-2");
    SyncReport r = f.sync();
    CHECK(r.sent == 0);
    CHECK(r.retry_later == 2);  // both went up: the pass did not stop at the first
    CHECK(f.depot.store->visit_count().value() == 2);
    CHECK(f.item("v-1").state == OutboxState::Pending);
    CHECK(f.item("v-2").last_error.starts_with(kReasonDepotKeyNotPinned));
    REQUIRE(pin_depot_key(*f.tablet, f.depot_key().public_key().base64()).ok());
    r = f.sync();
    CHECK(r.sent == 2);  // replays: 200 with the depot's signed receipt
    CHECK(every_sealed_visit_acknowledged(*f.tablet).value());
}

TEST_CASE("a pinned depot key is never silently replaced, and a damaged pin is an error, not no pin") {
    PinnedTablet f;
    const std::string real = f.depot_key().public_key().base64();
    CHECK(pin_depot_key(*f.tablet, real).ok());  // the same key again: nothing changes
    const std::string other = SigningKey::generate().public_key().base64();
    const Status changed = pin_depot_key(*f.tablet, other);
    REQUIRE_FALSE(changed.ok());
    CHECK(changed.error().code == ErrorCode::depot_key_changed);
    CHECK(pinned_depot_key(*f.tablet).value()->base64() == real);
    CHECK(pin_depot_key(*f.tablet, "not a key").error().code == ErrorCode::bad_key);

    REQUIRE(f.tablet->set_setting(kSettingDepotPublicKey, "AAAA").ok());
    auto damaged = pinned_depot_key(*f.tablet);
    REQUIRE_FALSE(damaged.ok());
    CHECK(damaged.error().code == ErrorCode::bad_key);
    CHECK(pin_depot_key(*f.tablet, other).error().code == ErrorCode::bad_key);  // no re-pin over a damaged one
    f.walk("v-1");
    CHECK_FALSE(sync_with_depot(*f.tablet, SyncOptions{}).ok());
}
