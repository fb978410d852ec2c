// Nothing cut off: a long name ends in "…" on one line and shows in full on a tap, every badge of the
// day's list stays on screen in portrait, and at 1024x600 every key of the numeric keypad is on
// screen, unscrolled, wherever the keypad is shown.
#include <doctest/doctest.h>

#include <algorithm>

#include "checklists/demo_day.h"
#include "tablet_fixture.h"

namespace fc::test {

namespace {

const std::string kLongName = [] {
    std::string s = "Mevr. ";
    while (s.size() < 500) s += "Van der Berg-Jansen ";
    return s.substr(0, 500);
}();

// A visit of the demo's first job with a 500-character customer name and a long address.
std::string add_long_visit(TabletFixture& f) {
    Assignment a = demo_assignments(demo_day_start_ms(), "demo").front();
    a.visit_id = "V-LONG-1";
    a.customer_name = kLongName;
    a.address = "Lange Laan " + std::string(200, 'x') + " 1, 1234 AB Ergens";
    REQUIRE(f.model->store().put_assignment(a).ok());
    return a.visit_id;
}

// Inside the display, not clipped by any window, and not scrolled out of sight.
void check_on_screen(TabletFixture& f, const std::string& id, ImVec2 display) {
    const HitTarget* t = f.gui.find(id);
    REQUIRE_MESSAGE(t, id);
    INFO(id, " at ", t->full_min.x, ",", t->full_min.y, " - ", t->full_max.x, ",", t->full_max.y);
    CHECK(t->visible);
    CHECK(t->full_min.x >= 0);
    CHECK(t->full_min.y >= 0);
    CHECK(t->full_max.x <= display.x);
    CHECK(t->full_max.y <= display.y);
    CHECK(t->min.x == t->full_min.x);
    CHECK(t->min.y == t->full_min.y);
    CHECK(t->max.x == t->full_max.x);
    CHECK(t->max.y == t->full_max.y);
}

void check_keypad(TabletFixture& f, const std::string& prefix, ImVec2 display, bool decimal) {
    for (const char* key : {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "clear"}) {
        check_on_screen(f, prefix + ":" + key, display);
    }
    if (decimal) {
        check_on_screen(f, prefix + ":.", display);
        check_on_screen(f, prefix + ":sign", display);
    }
}

bool drawn_cut(TabletFixture& f, const std::string& start, const std::string& end) {
    const auto& texts = f.gui.seen_texts();
    return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) {
        return t.find(start) != std::string::npos && t.ends_with(end) && t.size() < kLongName.size();
    });
}

}  // namespace

TEST_CASE("portrait 800x1280: a 500-character customer name ends in an ellipsis and every badge stays on screen") {
    const ImVec2 display(800, 1280);
    TabletFixture f(display);
    const std::string id = add_long_visit(f);
    f.reopen();
    f.gui.clear_seen_texts();
    REQUIRE(f.gui.scroll_to("visit:" + id));
    f.gui.frame(2);
    CHECK(drawn_cut(f, "Mevr. Van der Berg", "\u2026"));
    CHECK(drawn_cut(f, "Lange Laan xxx", "\u2026"));
    const auto badges = f.gui.with_prefix("badge:" + id + ":");
    REQUIRE(badges.size() == 1);
    check_on_screen(f, badges.front()->id, display);
    // Every visit's card and badge on the list fits the width, wherever it is scrolled.
    for (const HitTarget* t : f.gui.with_prefix("badge:")) {
        CHECK_MESSAGE(t->full_max.x <= display.x, t->id);
    }
}

TEST_CASE("a long customer name in the top bar ends in an ellipsis and a tap on it shows it in full") {
    const ImVec2 display(800, 1280);
    TabletFixture f(display);
    const std::string id = add_long_visit(f);
    f.reopen();
    tap(f, "visit:" + id);
    REQUIRE(f.screen() == Screen::VisitOverview);
    const HitTarget* title = f.gui.find("title");
    const HitTarget* action = f.gui.find("not-possible");
    REQUIRE(title);
    REQUIRE(action);
    CHECK(title->max.x <= action->min.x);
    CHECK_FALSE(f.gui.find("title-full-text"));
    f.gui.clear_seen_texts();
    tap(f, "title-full");
    REQUIRE(f.gui.find("title-full-text"));
    CHECK(f.gui.seen_texts().count(kLongName) == 1);
    tap(f, "title-full");
    CHECK_FALSE(f.gui.find("title-full-text"));
}

TEST_CASE("a short name in the top bar is not tappable: nothing to show") {
    TabletFixture f;
    tap(f, "visit:" + f.visit_id(1));
    CHECK(f.gui.find("title"));
    CHECK_FALSE(f.gui.find("title-full"));
}

TEST_CASE("at 1024x600 every key of the numeric keypad is on screen: PIN setup, the customer's PIN pad, enrollment, a measure step") {
    const ImVec2 display(1024, 600);
    {
        TabletFixture f(display, false);
        tap(f, "set-pin");
        REQUIRE(f.screen() == Screen::PinSetup);
        f.gui.frame(2);
        check_keypad(f, "pin", display, false);
        check_on_screen(f, "pin-ok", display);
    }
    {
        TabletFixture f(display);
        tap(f, "sync");
        REQUIRE(f.screen() == Screen::Sync);
        REQUIRE(f.gui.scroll_to("enroll-key:0"));
        f.gui.frame(2);
        check_keypad(f, "enroll-key", display, false);
    }
    {
        TabletFixture f(display);
        open_visit_to_prechecks(f, f.visit_id(1));
        meet_all_prechecks_and_begin(f);
        const std::filesystem::path photo = write_test_photo(f.dir.path);
        bool measured = false;
        for (int guard = 0; guard < 64 && f.screen() == Screen::StepRunner; ++guard) {
            const Step& step = f.model->visit().checklist().steps[static_cast<std::size_t>(f.model->visit().current_step())];
            if (step.kind == StepKind::Measure && !measured) {
                REQUIRE(f.gui.scroll_to("key:back"));  // the keypad's last row
                f.gui.frame(2);
                check_keypad(f, "key", display, true);
                measured = true;
            }
            answer_current_step(f, photo);
            if (f.gui.find("start-handover")) tap(f, "start-handover");
            else tap(f, "next");
        }
        CHECK(measured);
        confirm_all_handover(f);
        tap(f, "technician");
        f.gui.frame(2);
        check_keypad(f, "pin", display, false);
        check_on_screen(f, "pin-ok", display);
        check_on_screen(f, "pin-cancel", display);
    }
}

}  // namespace fc::test
