// The PIN pad slows a guessing customer down: after five wrong PINs each try waits longer, the wait
// survives a kill or restart, and the technician's right PIN ends it. Time moves on the test clock.
#include <doctest/doctest.h>

#include "app/tablet/demo_day.h"
#include "app/tablet/pin_lockout.h"
#include "app/tablet/time_text.h"
#include "tablet_fixture.h"

namespace fc::test {

namespace {

ErrorCode code_of(const Status& s) { return s ? ErrorCode::internal : s.error().code; }

// A customer trying PINs as fast as the pad lets them for `span_ms`; the number of tries made.
int tries_within(TabletFixture& f, std::int64_t span_ms) {
    const std::int64_t end = f.clock.now().wall_ms + span_ms;
    int tries = 0;
    while (true) {
        const std::int64_t wait = f.model->pin_wait_ms();
        if (f.clock.now().wall_ms + wait > end) return tries;
        f.clock.advance_ms(wait);
        REQUIRE(code_of(f.model->check_pin("0000")) == ErrorCode::wrong_pin);
        ++tries;
        f.clock.advance_ms(1000);  // a quick finger: one second per try
    }
}

bool seen(TabletFixture& f, const std::string& text) {
    for (const std::string& t : f.gui.seen_texts()) {
        if (t.find(text) != std::string::npos) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("the waits after wrong PINs grow from the sixth try and are capped at an hour") {
    for (int i = 0; i < kPinFreeTries; ++i) CHECK(pin_delay_ms(i) == 0);
    CHECK(pin_delay_ms(5) == 30'000);
    CHECK(pin_delay_ms(6) == 60'000);
    CHECK(pin_delay_ms(8) == 300'000);
    for (int i = 6; i < 40; ++i) CHECK(pin_delay_ms(i) >= pin_delay_ms(i - 1));
    CHECK(pin_delay_ms(12) == 3'600'000);
    CHECK(pin_delay_ms(1000) == 3'600'000);
}

TEST_CASE("the countdown is rounded up and shows hours when the wait is that long") {
    CHECK(countdown_text(1) == "0:01");
    CHECK(countdown_text(30'000) == "0:30");
    CHECK(countdown_text(299'001) == "5:00");
    CHECK(countdown_text(3'600'000) == "1:00:00");
    CHECK(countdown_text(0) == "0:00");
}

TEST_CASE("a customer guessing cannot try more than a handful of PINs in minutes, nor a day's worth in hours") {
    TabletFixture f;
    CHECK(tries_within(f, 5 * 60'000) <= 8);
    TabletFixture g;
    CHECK(tries_within(g, 24 * 3'600'000LL) <= 40);  // of 10 000 four-digit PINs
}

TEST_CASE("while the wait runs even the right PIN is refused as pin_locked, after it, the right PIN opens and clears the count") {
    TabletFixture f;
    for (int i = 0; i < kPinFreeTries - 1; ++i) CHECK(code_of(f.model->check_pin("9999")) == ErrorCode::wrong_pin);
    CHECK(f.model->pin_wait_ms() == 0);
    const Status fifth = f.model->check_pin("9999");
    CHECK(code_of(fifth) == ErrorCode::wrong_pin);
    CHECK(fifth.error().param("seconds") == "30");
    CHECK(f.model->pin_wait_ms() == 30'000);

    const Status locked = f.model->check_pin(kDemoPin);
    REQUIRE(code_of(locked) == ErrorCode::pin_locked);
    CHECK(locked.error().param("seconds") == "30");
    f.clock.advance_ms(29'000);
    CHECK(code_of(f.model->check_pin(kDemoPin)) == ErrorCode::pin_locked);
    f.clock.advance_ms(1'000);
    CHECK(f.model->check_pin(kDemoPin).ok());
    // The count started over: four wrong tries are free again.
    for (int i = 0; i < kPinFreeTries - 1; ++i) CHECK(code_of(f.model->check_pin("9999")) == ErrorCode::wrong_pin);
    CHECK(f.model->pin_wait_ms() == 0);
}

TEST_CASE("the wait and the count survive a restart of the app, and the next wrong PIN waits longer") {
    TabletFixture f;
    for (int i = 0; i < kPinFreeTries; ++i) (void)f.model->check_pin("9999");
    f.clock.advance_ms(10'000);
    f.reopen();
    CHECK(f.model->pin_wait_ms() == 20'000);
    CHECK(code_of(f.model->check_pin(kDemoPin)) == ErrorCode::pin_locked);
    f.clock.advance_ms(20'000);
    CHECK(code_of(f.model->check_pin("9999")) == ErrorCode::wrong_pin);
    f.reopen();
    CHECK(f.model->pin_wait_ms() == 60'000);
}

TEST_CASE("a clock put back by years does not lock the technician out for years") {
    TabletFixture f;
    for (int i = 0; i < kPinFreeTries; ++i) (void)f.model->check_pin("9999");
    f.clock.set_wall_ms(f.clock.now().wall_ms - 365LL * 24 * 3'600'000);
    CHECK(f.model->pin_wait_ms() <= 30'000);
    CHECK(f.model->pin_wait_ms() > 0);
}

TEST_CASE("the survey's PIN pad shows the wait as a countdown, declines nothing while it runs, and still after a restart") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    confirm_all_handover(f);
    REQUIRE(f.model->visit().phase() == VisitPhase::CustomerSurvey);
    tap(f, "technician");
    for (int i = 0; i < kPinFreeTries; ++i) {
        key_in(f, "9876", "pin");
        tap(f, "pin-ok");
    }
    f.gui.clear_seen_texts();
    f.gui.frame(2);
    CHECK(f.app->counting_down());
    // The customer's screen speaks the template's language (Dutch).
    CHECK(seen(f, "Te vaak een verkeerde pincode"));
    CHECK(seen(f, "0:30"));  // the whole half minute: no tap moved the clock since
    f.clock.advance_ms(10'000);
    f.gui.frame(1);
    CHECK(seen(f, "0:20"));  // it counts down as frames are drawn (the loop draws one a second)

    key_in(f, kDemoPin, "pin");
    tap(f, "pin-ok");  // drawn, but sends nothing while the wait runs
    CHECK(f.model->visit().phase() == VisitPhase::CustomerSurvey);
    CHECK(f.screen() == Screen::CustomerMode);

    f.reopen();
    CHECK(code_of(f.model->decline_survey(kDemoPin)) == ErrorCode::pin_locked);
    CHECK(f.model->visit().phase() == VisitPhase::CustomerSurvey);
    f.clock.advance_ms(30'000);
    CHECK(f.model->decline_survey(kDemoPin).ok());
}

}  // namespace fc::test
