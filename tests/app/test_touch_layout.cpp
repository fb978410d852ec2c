// Tablet layout: every hit target is finger-sized at any scale, lists scroll by dragging, portrait works.
#include <algorithm>

#include <doctest/doctest.h>

#include "tablet_fixture.h"

namespace fc::test {

namespace {

// Walks every screen of a visit and practice, so `seen()` holds every kind of target.
void visit_every_screen(TabletFixture& f) {
    tap(f, "sync");
    tap(f, "back");
    tap(f, "practice");
    tap(f, "back");
    open_visit_to_prechecks(f, f.visit_id(3));
    tap(f, "not-met:fiber-box-present");  // the confirmation panel
    tap(f, "cancel-not-met");
    meet_all_prechecks_and_begin(f);
    tap(f, "help");
    walk_all_steps(f, write_test_photo(f.dir.path));
    confirm_all_handover(f);
    tap(f, "technician");
    tap(f, "pin-cancel");
}

void check_sizes(const GuiDriver& gui, float minimum) {
    REQUIRE(gui.seen().size() > 50);
    float smallest = 1e9f;
    std::string smallest_id;
    for (const HitTarget& t : gui.seen()) {
        const float w = t.full_max.x - t.full_min.x;
        const float h = t.full_max.y - t.full_min.y;
        if (std::min(w, h) < smallest) {
            smallest = std::min(w, h);
            smallest_id = t.id;
        }
    }
    INFO("smallest target: ", smallest_id, " (", smallest, " px)");
    CHECK(smallest >= minimum);
}

}  // namespace

TEST_CASE("every hit target on every screen is at least 48 px wide and tall at scale 1, landscape") {
    TabletFixture f(ImVec2(1280, 800));
    visit_every_screen(f);
    check_sizes(f.gui, 48.0f);
}

TEST_CASE("every hit target is at least 48 px at scale 1 in portrait 800x1280, and the walk works in Dutch") {
    TabletFixture f(ImVec2(800, 1280), true, Lang::Nl);
    visit_every_screen(f);
    check_sizes(f.gui, 48.0f);
}

TEST_CASE("at content scale 2 the fonts and every hit target scale with it") {
    // Scale 2 on a 2560x1600 panel: the same layout, twice the pixels.
    TabletFixture f(ImVec2(2560, 1600));
    GuiDriver scaled(ImVec2(2560, 1600), 2.0f);
    CHECK(scaled.fonts().body->FontSize == doctest::Approx(2 * kBodyFontPx));
    scaled.attach(*f.app);
    scaled.frame(2);
    REQUIRE(!f.app->targets().empty());
    for (const HitTarget& t : f.app->targets()) {
        if (!t.tappable) continue;
        CHECK(std::min(t.full_max.x - t.full_min.x, t.full_max.y - t.full_min.y) >= 96.0f);
    }
}

TEST_CASE("a new tablet asks for a technician PIN, typed twice on the keypad, before customer mode can be left") {
    TabletFixture f(ImVec2(1280, 800), false);
    REQUIRE(f.gui.find("set-pin"));
    tap(f, "set-pin");
    REQUIRE(f.screen() == Screen::PinSetup);
    key_in(f, "2468", "pin");
    tap(f, "pin-ok");
    key_in(f, "2469", "pin");
    tap(f, "pin-ok");  // the two differ: start again
    CHECK(!f.message().empty());
    CHECK(!f.model->pin_set());
    key_in(f, "2468", "pin");
    tap(f, "pin-ok");
    key_in(f, "2468", "pin");
    tap(f, "pin-ok");
    CHECK(f.screen() == Screen::Today);
    CHECK(f.model->pin_set());
    CHECK(f.model->check_pin("2468").ok());
    CHECK(!f.gui.find("set-pin"));
    // The digits themselves are not in the store, only a salted hash.
    auto stored = f.model->store().setting("technician_pin");
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    CHECK(stored->value().find("2468") == std::string::npos);
}

TEST_CASE("dragging the day's list scrolls it and does not open the visit the finger started on") {
    TabletFixture f(ImVec2(1280, 600));
    const std::string last = "visit:" + f.visit_id(6);
    const std::string first = "visit:" + f.visit_id(1);
    REQUIRE(f.gui.find(last));
    CHECK(!f.gui.visible(last));
    const float y_before = f.gui.find(first)->full_min.y;
    REQUIRE(f.gui.drag(first, 0, -700, 14));
    CHECK(f.screen() == Screen::Today);
    CHECK(!f.model->has_visit());
    CHECK(f.gui.find(first)->full_min.y < y_before - 200);
    CHECK(f.gui.visible(last));
    // A plain tap still opens a visit.
    tap(f, last);
    CHECK(f.screen() == Screen::VisitOverview);
}

TEST_CASE("the help text is one tap away and stays until tapped again (nothing depends on hover)") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    CHECK(!f.gui.find("help-text"));
    tap(f, "help");
    CHECK(f.gui.find("help-text"));
    // The finger is lifted and moved away: the help stays.
    ImGui::GetIO().MousePos = ImVec2(5, 790);
    f.gui.frame(3);
    CHECK(f.gui.find("help-text"));
    tap(f, "help");
    CHECK(!f.gui.find("help-text"));
}

}  // namespace fc::test
