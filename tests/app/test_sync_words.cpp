// The Sync screen in words: the pass's progress per visit and picture, its result with counts and
// the reason visits wait, and under each waiting visit its own last error and what to do next.
#include <doctest/doctest.h>

#include <algorithm>

#include "app/tablet/sync_words.h"
#include "tablet_fixture.h"

namespace fc::test {

namespace {

bool seen(TabletFixture& f, const std::string& text) {
    const auto& all = f.gui.seen_texts();
    return std::any_of(all.begin(), all.end(), [&](const std::string& t) { return t.find(text) != std::string::npos; });
}

void close_two_visits(TabletFixture& f) {
    for (int n : {2, 4}) {
        tap(f, "visit:" + f.visit_id(n));
        tap(f, "not-possible");
        tap(f, "cause:customer_absent");
        tap(f, "close-not-possible");
        REQUIRE(f.model->visit().sealed());
        tap(f, "hand-back");  // from the receipt to the summary
        tap(f, "done");
    }
}

}  // namespace

TEST_CASE("pass results are counted in words with sensible plurals in both languages") {
    const Strings en(Lang::En), nl(Lang::Nl);
    SyncPassResult r;
    CHECK(pass_result_text(r, en).empty());  // no pass yet
    r.finished = true;
    r.sent = 3;
    r.waiting = 1;
    r.problem = make_error(ErrorCode::unreachable, "connection refused");
    CHECK(pass_result_text(r, en) == "3 visits sent, 1 waiting. The depot cannot be reached.");
    CHECK(pass_result_text(r, nl) == "3 bezoeken verstuurd, 1 wacht nog. Het depot is niet bereikbaar.");
    r.sent = 1;
    r.waiting = 2;
    r.set_aside = 1;
    CHECK(pass_result_text(r, en) == "1 visit sent, 2 waiting, 1 set aside. The depot cannot be reached.");
    r = SyncPassResult{true, 0, 0, 0, std::nullopt};
    CHECK(pass_result_text(r, en) == "Nothing was waiting to be sent.");
    r.sent = 2;
    CHECK(pass_result_text(r, nl) == "2 bezoeken verstuurd.");
}

TEST_CASE("progress names the visit and the picture being sent, and its share grows to the record") {
    const Strings en(Lang::En);
    SyncProgress p{"J-1042", 1, 3, 2, 4};
    CHECK(progress_text(p, "Mevr. Smit \u00B7 J-1042", en) == "Sending visit Mevr. Smit \u00B7 J-1042 (1 of 3) \u00B7 picture 2 of 4");
    const float at_picture_2 = progress_fraction(p);
    p.file = 0;  // the record
    CHECK(progress_text(p, "J-1042", en) == "Sending visit J-1042 (1 of 3)");
    CHECK(progress_fraction(p) > at_picture_2);
    CHECK(progress_fraction(p) < 1.0f / 3.0f);
    p.visit = 3;
    CHECK(progress_fraction(p) < 1.0f);
    CHECK(progress_fraction(p) > 2.0f / 3.0f);
}

TEST_CASE("the Sync screen shows the running pass's visit and picture with a bar, then the result in words") {
    TabletFixture f;
    close_two_visits(f);
    SyncStatus status;
    status.enrolled = true;
    status.depot_url = "http://127.0.0.1:9";
    status.running = true;
    status.progress = SyncProgress{f.visit_id(2), 1, 2, 2, 4};
    status.generation = 1;
    f.hooks = SyncHooks{[&] { return status; }, [] {}, {}};
    f.reopen();
    tap(f, "sync");
    f.gui.clear_seen_texts();
    f.gui.frame(2);
    CHECK(seen(f, "Sending visit " + f.model->customer_of(f.visit_id(2)) + " \u00B7 " + f.visit_id(2) + " (1 of 2) \u00B7 picture 2 of 4"));

    status.running = false;
    status.progress.reset();
    status.result = SyncPassResult{true, 1, 1, 0, make_error(ErrorCode::unreachable, "connection refused")};
    f.gui.clear_seen_texts();
    f.gui.frame(2);
    CHECK(seen(f, "1 visit sent, 1 waiting. The depot cannot be reached."));
    CHECK_FALSE(seen(f, "Sending visit"));
}

TEST_CASE("each waiting visit shows its own last error in the catalogue's words, when, and what to do, a set-aside one says call the planner") {
    TabletFixture f(ImVec2(1280, 800), true, Lang::Nl);
    close_two_visits(f);
    REQUIRE(f.model->store().mark_retry(f.visit_id(2), make_error(ErrorCode::unreachable, "connection refused"),
                                        f.clock.now().wall_ms + 5'000).ok());
    REQUIRE(f.model->store().set_aside(f.visit_id(4), make_error(ErrorCode::unknown_assignment,
                                                                 "HTTP 422, unknown_assignment: no such visit")).ok());
    SyncStatus status;
    status.enrolled = true;
    status.generation = 2;
    f.hooks = SyncHooks{[&] { return status; }, [] {}, {}};
    f.reopen();
    tap(f, "sync");
    f.gui.clear_seen_texts();
    f.gui.frame(2);
    CHECK(seen(f, "Het depot is niet bereikbaar."));
    CHECK(seen(f, "U hoeft niets te doen"));
    CHECK(seen(f, "Laatste poging: "));
    CHECK(seen(f, "Bel de planner over bezoek " + f.visit_id(4)));
    CHECK_FALSE(seen(f, "connection refused"));  // the English sentence stays in the store, for logs
    CHECK_FALSE(seen(f, "HTTP 422"));
}

}  // namespace fc::test
