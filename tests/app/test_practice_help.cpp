// A trainer can have every step's help open by default in practice (a setting on the practice
// picker, kept in the tablet's store); the PRACTICE banner stays on every screen of the walk.
#include <doctest/doctest.h>

#include "tablet_fixture.h"

namespace fc::test {

namespace {

void start_practice(TabletFixture& f) {
    tap(f, "practice");
    REQUIRE(f.screen() == Screen::PracticePicker);
    tap(f, "template:fiber-modem-install-en:3");
    REQUIRE(f.model->practice());
    meet_all_prechecks_and_begin(f);
    REQUIRE(f.screen() == Screen::StepRunner);
}

// True when the current step has help text at all (a step without any shows no help button).
bool step_has_help(TabletFixture& f) {
    const auto& steps = f.model->visit().checklist().steps;
    return !steps.at(static_cast<std::size_t>(f.model->visit().current_step())).help.empty();
}

}  // namespace

TEST_CASE("with the trainer's setting on, each practice step shows its help open until closed, and the setting survives a restart") {
    TabletFixture f;
    tap(f, "practice");
    REQUIRE_FALSE(f.gui.selected("practice-help-open"));
    tap(f, "practice-help-open");
    CHECK(f.gui.selected("practice-help-open"));
    CHECK(f.model->practice_help_open());
    f.reopen();
    CHECK(f.model->practice_help_open());

    start_practice(f);
    const std::filesystem::path photo = write_test_photo(f.dir.path);
    int steps_with_help = 0;
    for (int guard = 0; guard < 64 && f.screen() == Screen::StepRunner; ++guard) {
        CHECK(f.gui.find("practice-banner"));
        if (step_has_help(f)) {
            ++steps_with_help;
            CHECK_MESSAGE(f.gui.find("help-text"), "step " << f.model->visit().current_step());
            tap(f, "help");  // the trainer closes it: closed on this step
            CHECK_FALSE(f.gui.find("help-text"));
            tap(f, "help");
        }
        answer_current_step(f, photo);
        if (f.gui.find("start-handover")) tap(f, "start-handover");
        else tap(f, "next");
    }
    CHECK(steps_with_help > 0);
    CHECK(f.gui.find("practice-banner"));
}

TEST_CASE("the help stays closed by default in practice without the setting, and on real visits with it") {
    TabletFixture f;
    start_practice(f);
    if (step_has_help(f)) CHECK_FALSE(f.gui.find("help-text"));
    tap(f, "back-to-today");
    REQUIRE(f.screen() == Screen::Today);
    REQUIRE(f.model->set_practice_help_open(true).ok());
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    REQUIRE_FALSE(f.model->practice());
    if (step_has_help(f)) CHECK_FALSE(f.gui.find("help-text"));
}

TEST_CASE("switching the setting off on the picker closes the help again in the next practice") {
    TabletFixture f;
    REQUIRE(f.model->set_practice_help_open(true).ok());
    tap(f, "practice");
    CHECK(f.gui.selected("practice-help-open"));
    tap(f, "practice-help-open");
    CHECK_FALSE(f.model->practice_help_open());
    tap(f, "template:fiber-modem-install-en:3");
    meet_all_prechecks_and_begin(f);
    if (step_has_help(f)) CHECK_FALSE(f.gui.find("help-text"));
}

}  // namespace fc::test
