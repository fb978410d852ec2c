// What the acceptance walk on the real binary showed: a new screen must be drawn until it has
// settled, a new page starts at its top, the bar's title sits level with its buttons, and the
// handover's to-do list and the PIN pad's buttons stay where the person looks.
#include <imgui_internal.h>

#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tablet_fixture.h"

namespace fc::test {

namespace {

bool same_layout(const std::vector<HitTarget>& a, const std::vector<HitTarget>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].id != b[i].id || a[i].full_min.x != b[i].full_min.x || a[i].full_min.y != b[i].full_min.y ||
            a[i].full_max.x != b[i].full_max.x || a[i].full_max.y != b[i].full_max.y) {
            return false;
        }
    }
    return true;
}

// The scroll offset of a screen's scrolling body, found by the id the screen gives it.
float body_scroll(const std::string& body_id) {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    for (const ImGuiWindow* w : g.Windows) {
        if (std::string(w->Name).find("/" + body_id + "_") != std::string::npos) return w->Scroll.y;
    }
    FAIL("no scrolling body '", body_id, "'");
    return -1;
}

ImVec2 centre(const HitTarget& t) { return ImVec2((t.min.x + t.max.x) / 2, (t.min.y + t.max.y) / 2); }

}  // namespace

TEST_CASE("after a tap the app keeps drawing until the next screen has settled, then asks for no frame") {
    TabletFixture f;
    const HitTarget* card = f.gui.find("visit:" + f.visit_id(3));
    REQUIRE(card);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = centre(*card);
    io.MouseDown[0] = true;
    f.gui.frame();
    io.MouseDown[0] = false;
    f.gui.frame();  // the release: the card's intent opens the overview
    REQUIRE(f.screen() == Screen::VisitOverview);
    CHECK(f.app->wants_frame());

    f.gui.frame();  // the overview's first frame
    const std::vector<HitTarget> first = f.app->targets();
    int frames = 1;
    while (f.app->wants_frame() && frames < 10) {
        f.gui.frame();
        ++frames;
    }
    // ImGui sizes the body's scrollbar from the frame before: the first frame is not the picture.
    CHECK_FALSE(same_layout(first, f.app->targets()));
    CHECK(frames >= 2);
    CHECK(frames < 10);
    const std::vector<HitTarget> settled = f.app->targets();
    f.gui.frame();
    CHECK(same_layout(settled, f.app->targets()));
    // With nothing moving the loop may sleep: idle CPU stays at zero.
    CHECK_FALSE(f.app->wants_frame());
}

TEST_CASE("the title in the top bar is level with the bar's buttons and clear of them") {
    TabletFixture f;
    tap(f, "visit:" + f.visit_id(3));
    const HitTarget* title = f.gui.find("title");
    const HitTarget* back = f.gui.find("back");
    const HitTarget* not_possible = f.gui.find("not-possible");
    REQUIRE(title);
    REQUIRE(back);
    REQUIRE(not_possible);
    const float title_middle = (title->min.y + title->max.y) / 2;
    const float button_middle = (back->min.y + back->max.y) / 2;
    CHECK(std::fabs(title_middle - button_middle) <= 1.5f);
    CHECK(title->min.x >= back->max.x);
    CHECK(title->max.x <= not_possible->min.x);
}

TEST_CASE("in portrait Dutch the Today title is not cut off by its three buttons") {
    TabletFixture f(ImVec2(800, 1280), true, Lang::Nl);
    const HitTarget* title = f.gui.find("title");
    REQUIRE(title);
    for (const char* id : {"sync", "practice", "language"}) {
        const HitTarget* button = f.gui.find(id);
        REQUIRE(button);
        CHECK_MESSAGE(title->max.x <= button->min.x, id);
    }
}

TEST_CASE("another visit's overview opens at its top, not where the last one was scrolled to") {
    TabletFixture f(ImVec2(1280, 500));
    tap(f, "visit:" + f.visit_id(3));
    REQUIRE(f.gui.drag("escalation", 0, -300, 10));
    REQUIRE(body_scroll("overview-body") > 50);
    tap(f, "back");
    tap(f, "visit:" + f.visit_id(6));
    REQUIRE(f.screen() == Screen::VisitOverview);
    CHECK(body_scroll("overview-body") == 0.0f);
}

TEST_CASE("the thank-you page after a survey scrolled to its end is shown from its top") {
    TabletFixture f(ImVec2(1280, 600));
    open_visit_to_prechecks(f, f.visit_id(3));
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    confirm_all_handover(f);
    for (const SurveyQuestion& q : f.model->visit().checklist().survey) {
        if (q.kind == SurveyKind::Smiley) tap(f, "smiley:" + q.id + ":5");
    }
    REQUIRE(body_scroll("survey-body") > 50);
    tap(f, "submit");
    REQUIRE(f.model->visit().survey_status() == SurveyStatus::Submitted);
    // The receipt comes first now; its body opens at its top, the to-do list in sight.
    REQUIRE(f.screen() == Screen::Receipt);
    CHECK(f.gui.visible("receipt-todo"));
}

TEST_CASE("in portrait the customer sees the to-do list grow without scrolling while confirming items") {
    TabletFixture f(ImVec2(800, 1280));
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    const std::string first = "confirm:" + f.model->visit().checklist().handover.front().id;
    REQUIRE(f.gui.visible(first));
    tap(f, first);
    REQUIRE(f.model->visit().customer_todo().size() == 1);
    CHECK(f.gui.visible("todo:1"));
}

TEST_CASE("the PIN pad's Cancel and OK sit right under its keys") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    confirm_all_handover(f);
    tap(f, "technician");
    const HitTarget* zero = f.gui.find("pin:0");
    const HitTarget* cancel = f.gui.find("pin-cancel");
    REQUIRE(zero);
    REQUIRE(cancel);
    const float gap = cancel->full_min.y - zero->full_max.y;
    CHECK(gap >= 0.0f);
    CHECK(gap <= 2 * ImGui::GetStyle().ItemSpacing.y + 0.5f);
}

TEST_CASE("the PRACTICE band covers the top of the screen from edge to edge, above the top bar") {
    TabletFixture f(ImVec2(800, 1280));
    tap(f, "practice");
    tap(f, "template:fiber-modem-install-nl:3");
    const HitTarget* band = f.gui.find("practice-banner");
    const HitTarget* back = f.gui.find("back");
    REQUIRE(band);
    REQUIRE(back);
    CHECK(band->min.x == 0.0f);
    CHECK(band->min.y == 0.0f);
    CHECK(band->max.x == 800.0f);
    CHECK(band->max.y <= back->min.y);
}

TEST_CASE("on the first step Back is greyed: it cannot be tapped and no refusal is shown") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(6));
    meet_all_prechecks_and_begin(f);
    const HitTarget* back = f.gui.find("back");
    REQUIRE(back);
    CHECK_FALSE(back->tappable);
    // A finger on it anyway: nothing happens.
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = centre(*back);
    io.MouseDown[0] = true;
    f.gui.frame();
    io.MouseDown[0] = false;
    f.gui.frame(2);
    CHECK(f.message().empty());
    CHECK(f.screen() == Screen::StepRunner);
    // From the second step on, Back works.
    answer_current_step(f, write_test_photo(f.dir.path));
    tap(f, "next");
    REQUIRE(f.gui.find("back"));
    CHECK(f.gui.find("back")->tappable);
    const int second = f.model->visit().current_step();
    tap(f, "back");
    CHECK(f.model->visit().current_step() < second);
}

}  // namespace fc::test
