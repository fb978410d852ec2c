// The on-screen keyboard: every text field can be typed by taps alone, gloves on, in Dutch and
// English; it never covers the field; a hardware keyboard still types into the same text.
#include <algorithm>

#include <doctest/doctest.h>

#include "tablet_fixture.h"

namespace fc::test {

namespace {

void to_step(TabletFixture& f, StepKind kind) {
    const auto photo = write_test_photo(f.dir.path);
    for (int guard = 0; guard < 20; ++guard) {
        const Visit& v = f.model->visit();
        if (v.checklist().steps[static_cast<std::size_t>(v.current_step())].kind == kind) return;
        answer_current_step(f, photo);
        tap(f, "next");
    }
    FAIL("no step of that kind");
}

const Step& current(TabletFixture& f) {
    const Visit& v = f.model->visit();
    return v.checklist().steps[static_cast<std::size_t>(v.current_step())];
}

void to_text_step(TabletFixture& f) {
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    to_step(f, StepKind::Text);
}

// An out-of-range measure: the note field is on the screen.
void to_measure_note(TabletFixture& f) {
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    to_step(f, StepKind::Measure);
    key_in(f, "-31.5");
    REQUIRE(f.gui.find("measure-note"));
}

bool shows(const TabletFixture& f, const std::string& text) {
    const auto& drawn = f.app->drawn_texts();
    return std::find(drawn.begin(), drawn.end(), text) != drawn.end();
}

bool wholly_visible(const HitTarget& t) {
    return t.visible && t.min.x == t.full_min.x && t.min.y == t.full_min.y && t.max.x == t.full_max.x &&
           t.max.y == t.full_max.y;
}

// The field is wholly on screen above the keyboard, and every key is on screen and finger-sized.
void check_keyboard_layout(TabletFixture& f, const std::string& field, ImVec2 display) {
    const HitTarget* keyboard = f.gui.find("keyboard");
    REQUIRE(keyboard);
    const HitTarget* typed = f.gui.find(field);
    REQUIRE(typed);
    CHECK_MESSAGE(wholly_visible(*typed), field, " is cut off: shown ", typed->min.y, "-", typed->max.y, " of ", typed->full_min.y, "-", typed->full_max.y);
    CHECK_MESSAGE(typed->full_max.y <= keyboard->min.y, field, " ends at ", typed->full_max.y,
                  ", under the keyboard's top at ", keyboard->min.y);
    const auto keys = f.gui.with_prefix("kb:");
    CHECK(keys.size() >= 40);
    for (const HitTarget* key : keys) {
        INFO("key ", key->id);
        CHECK(wholly_visible(*key));
        CHECK(key->full_min.x >= 0);
        CHECK(key->full_min.y >= keyboard->min.y);
        CHECK(key->full_max.x <= display.x);
        CHECK(key->full_max.y <= display.y);
        CHECK(key->full_max.x - key->full_min.x >= 48.0f);
        CHECK(key->full_max.y - key->full_min.y >= 48.0f);
    }
}

}  // namespace

TEST_CASE("a note typed on the on-screen keyboard by taps alone is the text step's stored answer") {
    TabletFixture f;
    to_text_step(f);
    const std::string id = current(f).id;
    CHECK(!f.gui.find("keyboard"));
    tap(f, "text-answer");
    REQUIRE(f.gui.find("keyboard"));
    REQUIRE_MESSAGE(f.gui.type_on_keyboard("Kabel \u00f6 \u00e9 ODF-3/12"), f.gui.last_problem());
    CHECK(shows(f, "Kabel \u00f6 \u00e9 ODF-3/12"));
    REQUIRE(f.gui.tap_scrolled("save-text"));
    REQUIRE_MESSAGE(f.model->visit().step_answer(id).has_value(), f.message());
    CHECK(f.model->visit().step_answer(id)->text == "Kabel \u00f6 \u00e9 ODF-3/12");
    // The tap on Save was outside the keyboard and its field: the keyboard is gone.
    CHECK(!f.gui.find("keyboard"));
}

TEST_CASE("in Dutch the accents e-acute, e-, i- o- and u-diaeresis are on the keyboard, and a measure's out-of-range note is typed with them") {
    TabletFixture f(ImVec2(1280, 800), true, Lang::Nl);
    to_measure_note(f);
    const std::string id = current(f).id;
    tap(f, "measure-note");
    REQUIRE(f.gui.find("keyboard"));
    CHECK(shows(f, "spatie"));  // the Dutch key labels
    tap(f, "kb:accents");
    for (const char* accent : {"\u00e9", "\u00eb", "\u00ef", "\u00f6", "\u00fc"}) {
        CHECK_MESSAGE(f.gui.visible(std::string("kb:") + accent), accent, " is not on the accents layer");
    }
    tap(f, "kb:abc");
    const std::string note = "Connector twee\u00ebn gereinigd, \u00e9\u00e9n co\u00f6peratie, na\u00efef, H\u00dc";
    REQUIRE_MESSAGE(f.gui.type_on_keyboard(note), f.gui.last_problem());
    REQUIRE(f.gui.tap_scrolled("save-measure"));
    REQUIRE_MESSAGE(f.model->visit().step_answer(id).has_value(), f.message());
    CHECK(f.model->visit().step_answer(id)->number == doctest::Approx(-31.5));
    CHECK(f.model->visit().step_answer(id)->text == note);
}

TEST_CASE("the backspace deletes whole characters and repeats while held: after 0.5 s, then every 80 ms of the app's clock") {
    TabletFixture f;
    to_text_step(f);
    const std::string id = current(f).id;
    tap(f, "text-answer");
    REQUIRE(f.gui.type_on_keyboard("Kabel \u00f6 \u00e9"));  // 9 characters, 11 bytes
    REQUIRE(f.gui.press("kb:back"));
    f.gui.frame();
    CHECK(shows(f, "Kabel \u00f6 "));  // the whole é, not half of it
    f.clock.advance_ms(400);
    f.gui.frame(2);
    CHECK(shows(f, "Kabel \u00f6 "));
    f.clock.advance_ms(100);  // 500 ms: the first repeat
    f.gui.frame(2);
    CHECK(shows(f, "Kabel \u00f6"));
    f.clock.advance_ms(80);
    f.gui.frame(2);
    CHECK(shows(f, "Kabel "));
    f.clock.advance_ms(160);  // two more
    f.gui.frame(2);
    CHECK(shows(f, "Kabe"));
    f.gui.release();
    f.clock.advance_ms(2000);
    f.gui.frame(3);
    CHECK(shows(f, "Kabe"));
    REQUIRE(f.gui.tap_scrolled("save-text"));
    REQUIRE(f.model->visit().step_answer(id).has_value());
    CHECK(f.model->visit().step_answer(id)->text == "Kabe");
}

TEST_CASE("shift gives one capital, a second tap locks capitals, and enter starts a new line in a text area") {
    TabletFixture f;
    to_text_step(f);
    const std::string id = current(f).id;
    tap(f, "text-answer");
    tap(f, "kb:shift");
    CHECK(!f.gui.find("kb:k"));
    tap(f, "kb:K");
    CHECK(f.gui.find("kb:a"));  // one capital, then small letters again
    tap(f, "kb:a");
    tap(f, "kb:shift");
    tap(f, "kb:shift");
    tap(f, "kb:O");
    tap(f, "kb:K");
    tap(f, "kb:enter");
    tap(f, "kb:shift");  // caps off
    tap(f, "kb:1");
    CHECK(f.gui.find("keyboard"));  // enter in a text area does not close it
    REQUIRE(f.gui.tap_scrolled("save-text"));
    REQUIRE(f.model->visit().step_answer(id).has_value());
    CHECK(f.model->visit().step_answer(id)->text == "KaOK\n1");
}

TEST_CASE("hide, a tap outside, and done in a one-line field close the keyboard, leaving the screen closes it too") {
    TabletFixture f;
    tap(f, "search");
    REQUIRE(f.gui.find("keyboard"));
    CHECK(shows(f, "Done"));  // a one-line field: enter is done
    tap(f, "kb:enter");
    CHECK(!f.gui.find("keyboard"));
    tap(f, "search");
    tap(f, "kb:hide");
    CHECK(!f.gui.find("keyboard"));
    tap(f, "search");
    REQUIRE(f.gui.find("keyboard"));
    tap(f, "sync");
    CHECK(!f.gui.find("keyboard"));
    CHECK(f.screen() == Screen::Sync);
    tap(f, "back");

    to_text_step(f);
    tap(f, "text-answer");
    REQUIRE(f.gui.find("keyboard"));
    tap(f, "help");  // on the same screen, outside the keyboard and its field
    CHECK(!f.gui.find("keyboard"));
    CHECK(f.screen() == Screen::StepRunner);
}

TEST_CASE("a hardware keyboard still types into the field, and both keyboards edit the same text") {
    TabletFixture f;
    to_text_step(f);
    const std::string id = current(f).id;
    tap(f, "text-answer");
    f.gui.type("SN ");
    REQUIRE(f.gui.type_on_keyboard("4471"));
    tap(f, "text-answer");  // the field again: the hardware keyboard types at its end
    f.gui.type("-0098");
    CHECK(shows(f, "SN 4471-0098"));
    REQUIRE(f.gui.tap_scrolled("save-text"));
    REQUIRE(f.model->visit().step_answer(id).has_value());
    CHECK(f.model->visit().step_answer(id)->text == "SN 4471-0098");
}

TEST_CASE("the field being typed into is wholly visible above the keyboard, and every key is on screen and at least 48 px, at 1024x600, 1280x800 and 800x1280") {
    for (const ImVec2 display : {ImVec2(1024, 600), ImVec2(1280, 800), ImVec2(800, 1280)}) {
        for (const Lang lang : {Lang::En, Lang::Nl}) {
            CAPTURE(display.x);
            CAPTURE(display.y);
            CAPTURE(lang_code(lang));
            {
                TabletFixture f(display, true, lang);
                to_text_step(f);
                tap(f, "text-answer");
                check_keyboard_layout(f, "text-answer", display);
                for (const char* layer : {"kb:accents", "kb:123"}) {
                    tap(f, layer);
                    check_keyboard_layout(f, "text-answer", display);
                }
            }
            {
                TabletFixture f(display, true, lang);
                to_measure_note(f);
                REQUIRE(f.gui.scroll_to("measure-note"));
                tap(f, "measure-note");
                check_keyboard_layout(f, "measure-note", display);
            }
        }
    }
}

}  // namespace fc::test
