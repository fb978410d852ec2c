// `serve --tls-cert/--tls-key`: the same API over HTTPS; the tablet verifies the depot's certificate.
#include <doctest/doctest.h>

#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/test_ca.h"
#include "sync/client/sync_client.h"
#include "tests/test_clock.h"

using namespace fc;
using namespace fc::test;

TEST_CASE("over HTTPS a tablet that trusts the depot's certificate syncs, and one that does not refuses to") {
    TempDir keys;
    write_self_signed_certificate(keys.path / "depot.pem", keys.path / "depot.key");
    DepotServerOptions o;
    o.tls_cert = (keys.path / "depot.pem").string();
    o.tls_key = (keys.path / "depot.key").string();
    RunningDepot depot(o);
    REQUIRE(depot.url().rfind("https://", 0) == 0);
    auto t = repo_template(kTemplateName);
    depot.add_template(*t);
    depot.assign({make_assignment("v-1", "tech-a", *t)});
    const std::string token = depot.token_for("tech-a");

    TempDir tablet_dir;
    auto opened = DeviceStore::open(tablet_dir.path, fc::test::still_clock());
    REQUIRE(opened.ok());
    std::unique_ptr<DeviceStore> tablet = std::move(opened).value();
    auto untrusted = enroll_with_depot(*tablet, depot.url(), token);
    REQUIRE_FALSE(untrusted.ok());
    CHECK(untrusted.error().code == ErrorCode::unreachable);
    CHECK(untrusted.error().message.find("certificate") != std::string::npos);

    REQUIRE(tablet->set_setting(kSettingDepotCaFile, o.tls_cert).ok());
    REQUIRE(enroll_with_depot(*tablet, depot.url(), token).ok());
    pin_depot_key_of(*tablet, depot.dir);
    SyncOptions so;
    so.ignore_backoff = true;
    auto down = sync_with_depot(*tablet, so);
    REQUIRE(down.ok());
    CHECK(down->assignments_received == 1);
    REQUIRE(walk_stored_visit(*tablet, "v-1").ok());
    auto up = sync_with_depot(*tablet, so);
    REQUIRE(up.ok());
    CHECK(up->sent == 1);
    CHECK(depot.store->visit_count().value() == 1);
}

TEST_CASE("a TLS certificate without its key, or files that are not PEM, are refused at start") {
    TempDir keys;
    write_self_signed_certificate(keys.path / "depot.pem", keys.path / "depot.key");
    TempDir data;
    auto store = DepotStore::open(test_depot_location(data.path / "depot"));
    REQUIRE(store.ok());
    DepotServerOptions o;
    o.port = 0;
    o.log = nullptr;
    o.tls_cert = (keys.path / "depot.pem").string();
    ManualClock clock;
    auto no_key = DepotServer::bind(*store.value(), clock, o);
    REQUIRE_FALSE(no_key.ok());
    CHECK(no_key.error().code == ErrorCode::bad_tls);
    o.tls_key = (keys.path / "depot.pem").string();  // a certificate where the key should be
    auto wrong = DepotServer::bind(*store.value(), clock, o);
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == ErrorCode::bad_tls);
}

TEST_CASE("enrolling with a CA file trusts the depot's own certificate and keeps a copy for later passes") {
    TempDir keys;
    write_self_signed_certificate(keys.path / "depot.pem", keys.path / "depot.key");
    DepotServerOptions o;
    o.tls_cert = (keys.path / "depot.pem").string();
    o.tls_key = (keys.path / "depot.key").string();
    RunningDepot depot(o);
    auto t = repo_template(kTemplateName);
    depot.add_template(*t);
    depot.assign({make_assignment("v-1", "tech-a", *t)});
    const std::string token = depot.token_for("tech-a");

    TempDir tablet_dir;
    auto opened = DeviceStore::open(tablet_dir.path / "tablet", fc::test::still_clock());
    REQUIRE(opened.ok());
    std::unique_ptr<DeviceStore> tablet = std::move(opened).value();

    // Not a certificate, or no file at all: refused, and nothing is stored.
    const auto not_pem = keys.path / "notes.txt";
    write_file(not_pem, "this is not a certificate");
    auto bad = enroll_with_depot(*tablet, depot.url(), token, not_pem.string());
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::bad_ca_file);
    CHECK(enroll_with_depot(*tablet, depot.url(), token, (keys.path / "missing.pem").string()).error().code == ErrorCode::bad_ca_file);
    CHECK_FALSE(tablet->setting(kSettingDepotUrl).value().has_value());
    CHECK_FALSE(tablet->setting(kSettingDepotCaFile).value().has_value());

    // The depot's own certificate, given once on a USB stick that is then taken away.
    const auto stick = keys.path / "usb-stick-depot.pem";
    write_file(stick, read_file(o.tls_cert));
    Status s = enroll_with_depot(*tablet, depot.url(), token, stick.string());
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
    pin_depot_key_of(*tablet, depot.dir);
    const auto kept = tablet->setting(kSettingDepotCaFile).value();
    REQUIRE(kept.has_value());
    CHECK(std::filesystem::path(*kept).parent_path() == std::filesystem::absolute(tablet_dir.path / "tablet"));
    std::filesystem::remove(stick);

    SyncOptions so;
    so.ignore_backoff = true;
    auto down = sync_with_depot(*tablet, so);
    REQUIRE(down.ok());
    CHECK(down->problems.empty());
    CHECK(down->assignments_received == 1);
}
