// The depot's device keys and its own key: bound once to a technician and device, revoked with their
// token, and the depot's key kept private and never silently replaced.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "sync/depot/depot_key.h"
#include "sync/storage/durable_file.h"
#include "tests/error_code_doctest.h"
#include "tests/sync/depot/depot_test_support.h"

using namespace fc;
using namespace fc::test;

TEST_CASE("a device key is bound to one technician and device, found by its key id, and registered once") {
    TempDir tmp;
    auto store = DepotStore::open(test_depot_location(tmp.path)).value();
    const PublicKey pk = SigningKey::generate().public_key();
    auto bound = store->register_device_key(pk, "tech-a", "tablet 7", 0, 1000);
    REQUIRE_MESSAGE(bound.ok(), bound.error().message);
    CHECK(bound->key_id.size() == 16);
    auto found = store->device_key(bound->key_id);
    REQUIRE(found.ok());
    REQUIRE(found.value());
    CHECK(found.value()->public_key == pk);
    CHECK(found.value()->technician_id == "tech-a");
    CHECK(found.value()->device == "tablet 7");
    CHECK(found.value()->revoked_ms == 0);
    // A retried registration is the same row; the same key for someone else is refused.
    CHECK(store->register_device_key(pk, "tech-a", "tablet 7", 0, 2000).value().created_ms == 1000);
    auto stolen = store->register_device_key(pk, "tech-b", "tablet 9", 0, 3000);
    REQUIRE_FALSE(stolen.ok());
    CHECK(stolen.error().code == ErrorCode::conflict);
    CHECK(store->list_device_keys().value().size() == 1);
    CHECK_FALSE(store->device_key("0000000000000000").value());
    CHECK(store->register_device_key(pk, "no such id!", "x", 0, 1).error().code == ErrorCode::bad_technician);
}

TEST_CASE("revoking a token revokes the key registered with it, and only that one") {
    TempDir tmp;
    auto store = DepotStore::open(test_depot_location(tmp.path)).value();
    const NewDepotToken token = store->create_token("tech-a", "tablet 7", 10).value();
    const DeviceKey with_token = store->register_device_key(SigningKey::generate().public_key(), "tech-a", "tablet 7", token.id, 20).value();
    const DeviceKey by_code = store->register_device_key(SigningKey::generate().public_key(), "tech-a", "tablet 8", 0, 30).value();
    REQUIRE(store->revoke_token(token.id, 40).ok());
    CHECK(store->device_key(with_token.key_id).value()->revoked_ms == 40);
    CHECK(store->device_key(by_code.key_id).value()->revoked_ms == 0);
    REQUIRE(store->revoke_device_key(by_code.key_id, 50).ok());
    REQUIRE(store->revoke_device_key(by_code.key_id, 60).ok());  // again: the first time stands
    CHECK(store->device_key(by_code.key_id).value()->revoked_ms == 50);
    CHECK(store->revoke_device_key("ffffffffffffffff", 70).error().code == ErrorCode::no_such_key);
    // A revoked key is not given back to anyone else either.
    CHECK(store->register_device_key(with_token.public_key, "tech-a", "tablet 7", 0, 80).error().code == ErrorCode::conflict);
}

TEST_CASE("the depot's key is made once, kept 0600 and the same on every start") {
    TempDir tmp;
    auto first = load_or_create_depot_key(tmp.path);
    REQUIRE_MESSAGE(first.ok(), first.error().message);
    struct stat st {};
    REQUIRE(::stat((tmp.path / kDepotKeyFile).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    auto again = load_or_create_depot_key(tmp.path);
    REQUIRE(again.ok());
    CHECK(again->public_key() == first->public_key());
}

TEST_CASE("a damaged or exposed depot key stops the depot instead of being replaced") {
    TempDir tmp;
    REQUIRE(load_or_create_depot_key(tmp.path).ok());
    const auto path = tmp.path / kDepotKeyFile;
    REQUIRE(::chmod(path.c_str(), 0644) == 0);
    auto exposed = load_or_create_depot_key(tmp.path);
    REQUIRE_FALSE(exposed.ok());
    CHECK(exposed.error().code == ErrorCode::bad_key);
    REQUIRE(::chmod(path.c_str(), 0600) == 0);
    REQUIRE(write_file_durably(path, "short").ok());
    auto damaged = load_or_create_depot_key(tmp.path);
    REQUIRE_FALSE(damaged.ok());
    CHECK(damaged.error().code == ErrorCode::bad_key);
    CHECK(read_whole_file(path).value() == "short");  // left for the admin to restore
}
