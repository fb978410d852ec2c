// The Sync screen shows the outbox per visit and the background sync's status, and Sync now reaches it.
#include <doctest/doctest.h>

#include <algorithm>

#include "sync/client/sync_client.h"
#include "tablet_fixture.h"

namespace fc::test {

TEST_CASE("the Sync screen lists each sealed visit's outbox state and Sync now asks the background sync for a pass") {
    TabletFixture f;
    // Two visits closed as not possible: both wait in the outbox.
    for (int n : {2, 4}) {
        tap(f, "visit:" + f.visit_id(n));
        tap(f, "not-possible");
        tap(f, "cause:customer_absent");
        tap(f, "close-not-possible");
        REQUIRE(f.model->visit().sealed());
        tap(f, "hand-back");  // from the receipt to the summary
        tap(f, "done");
    }
    REQUIRE(f.model->store().mark_sent(f.visit_id(2), "receipt-1", f.clock.now().wall_ms).ok());
    REQUIRE(f.model->store().set_aside(f.visit_id(4), "the depot refused it: template unknown").ok());

    int sync_requests = 0;
    SyncStatus status;
    status.enrolled = true;
    status.depot_url = "http://127.0.0.1:9";
    status.last_contact_ms = f.clock.now().wall_ms - 60'000;
    status.generation = 7;  // differs from the app's: it re-reads the store
    f.hooks = SyncHooks{[&] { return status; }, [&] { ++sync_requests; }, {}};
    f.reopen();

    tap(f, "sync");
    REQUIRE(f.screen() == Screen::Sync);
    tap(f, "sync-now");
    CHECK(sync_requests == 1);
    CHECK(f.message().empty());
    auto outbox = f.model->store().outbox();
    REQUIRE(outbox.ok());
    REQUIRE(outbox->size() == 2);
    const auto item_of = [&](const std::string& id) {
        const auto it = std::find_if(outbox->begin(), outbox->end(), [&](const OutboxItem& i) { return i.visit_id == id; });
        REQUIRE(it != outbox->end());
        return *it;
    };
    CHECK(item_of(f.visit_id(2)).state == OutboxState::Sent);
    CHECK(item_of(f.visit_id(4)).state == OutboxState::SetAside);
    CHECK(item_of(f.visit_id(4)).last_error == "the depot refused it: template unknown");
    tap(f, "back");
    CHECK(f.screen() == Screen::Today);
}

TEST_CASE("without a depot, Sync now says the tablet is not connected instead of pretending") {
    TabletFixture f;
    tap(f, "sync");
    tap(f, "sync-now");
    CHECK(!f.message().empty());
}

TEST_CASE("when the background sync changes the store, the day's list is read again") {
    TabletFixture f;
    SyncStatus status;
    f.hooks = SyncHooks{[&] { return status; }, [] {}, {}};
    f.reopen();
    const std::size_t before = f.model->today().size();
    Assignment extra = f.model->today().front().summary.assignment;
    extra.visit_id = "V-EXTRA-01";
    extra.customer_name = "Mevr. J. Smit";
    REQUIRE(f.model->store().put_assignment(extra).ok());
    f.gui.frame(2);
    CHECK(f.model->today().size() == before);  // nothing told the app yet
    status.generation = 1;                      // the worker's signal
    f.gui.frame(2);
    CHECK(f.model->today().size() == before + 1);
    CHECK(f.gui.find("visit:V-EXTRA-01"));
}

}  // namespace fc::test

namespace fc::test {

// The tablet's own reasons for not believing a receipt reach the technician in his language; the
// English detail stays in the store for logs and `fieldcheck sync`.
TEST_CASE("a visit kept pending on an unsigned receipt shows the reason in Dutch on the Sync screen") {
    TabletFixture f(ImVec2(1280, 800), true, Lang::Nl);
    for (int n : {2, 4}) {
        tap(f, "visit:" + f.visit_id(n));
        tap(f, "not-possible");
        tap(f, "cause:customer_absent");
        tap(f, "close-not-possible");
        REQUIRE(f.model->visit().sealed());
        tap(f, "hand-back");  // from the receipt to the summary
        tap(f, "done");
    }
    const std::int64_t later = f.clock.now().wall_ms + 60'000;
    REQUIRE(f.model->store().mark_retry(f.visit_id(2), std::string(kReasonReceiptNotSigned) + " (visit " + f.visit_id(2) +
                                                           ": the receipt carries no signature)", later).ok());
    REQUIRE(f.model->store().mark_retry(f.visit_id(4), std::string(kReasonDepotKeyNotPinned) + ": not yet", later).ok());
    SyncStatus status;
    status.enrolled = true;
    status.generation = 3;
    f.hooks = SyncHooks{[&] { return status; }, [] {}, {}};
    f.reopen();
    tap(f, "sync");
    REQUIRE(f.screen() == Screen::Sync);
    f.gui.frame(2);
    const auto& seen = f.gui.seen_texts();
    CHECK(seen.count("Niet verstuurd: het antwoord was niet ondertekend door uw depot. Het bezoek blijft wachten en gaat "
                     "bij de volgende synchronisatie mee.") == 1);
    CHECK(std::any_of(seen.begin(), seen.end(), [](const std::string& t) { return t.starts_with("Nog niet verstuurd: deze tablet kent"); }));
    CHECK(std::none_of(seen.begin(), seen.end(), [](const std::string& t) { return t.starts_with(kReasonReceiptNotSigned); }));
}

}  // namespace fc::test
