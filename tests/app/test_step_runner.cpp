// The step runner: required steps cannot be skipped, measures use the keypad, help is one tap away.
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <doctest/doctest.h>

#include "checklists/sha256.h"

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

}  // namespace

TEST_CASE("a required step cannot be skipped: Next shows the engine's own sentence and stays on the step") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    const int first = f.model->visit().current_step();
    const std::string problem = f.model->visit().step_problem(current(f).id);
    REQUIRE(!problem.empty());
    tap(f, "next");
    CHECK(f.model->visit().current_step() == first);
    CHECK(f.message() == problem);
    tap(f, "message-ok");
    CHECK(f.message().empty());
    tap(f, "confirm");
    tap(f, "next");
    CHECK(f.model->visit().current_step() != first);
    // And back again: correcting is allowed until the handover starts.
    tap(f, "back");
    CHECK(f.model->visit().current_step() == first);
}

TEST_CASE("a measure is typed on the keypad - out of range turns red and needs a note before it is accepted") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    to_step(f, StepKind::Measure);
    const std::string id = current(f).id;
    tap(f, "save-measure");  // nothing typed yet
    CHECK(!f.message().empty());
    CHECK(!f.model->visit().step_answer(id).has_value());

    key_in(f, "-31.5");
    CHECK(f.gui.find("measure-note"));  // out of range: the note field appears
    tap(f, "save-measure");
    CHECK(f.message().find("note") != std::string::npos);
    CHECK(!f.model->visit().step_answer(id).has_value());

    tap(f, "measure-note");
    f.gui.type("Connector cleaned twice; helpdesk informed.");
    tap(f, "save-measure");
    REQUIRE_MESSAGE(f.model->visit().step_answer(id).has_value(), f.message());
    CHECK(f.model->visit().step_answer(id)->number == doctest::Approx(-31.5));
    CHECK(f.model->visit().step_answer(id)->text == "Connector cleaned twice; helpdesk informed.");
    // The out-of-range answer shows the re-measure step the template asks for next.
    tap(f, "next");
    CHECK(current(f).id == "power-remeasured");
}

TEST_CASE("keypad keys edit the value: sign toggles, one decimal point, delete and clear") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    to_step(f, StepKind::Measure);
    const std::string id = current(f).id;
    key_in(f, "12..5");
    tap(f, "key:sign");
    tap(f, "key:back");
    key_in(f, "0");
    tap(f, "save-measure");
    REQUIRE(f.model->visit().step_answer(id).has_value());
    CHECK(f.model->visit().step_answer(id)->number == doctest::Approx(-12.0));
    tap(f, "key:clear");
    key_in(f, "-9");
    tap(f, "save-measure");
    CHECK(f.model->visit().step_answer(id)->number == doctest::Approx(-9.0));
}

TEST_CASE("a photo that is not an image is refused with the file's name, and nothing is recorded") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    to_step(f, StepKind::Photo);
    const auto bogus = f.dir.path / "notes.jpg";
    {
        std::ofstream(bogus) << "this is text, not a JPEG";
    }
    tap(f, "photo-path");
    f.gui.type(bogus.string());
    tap(f, "use-photo-path");
    INFO("message: ", f.message());
    CHECK(f.message().find("notes.jpg") != std::string::npos);
    CHECK(!f.model->visit().step_answer(current(f).id).has_value());
}

TEST_CASE("a photo picked from the list of ~/Pictures is stored by its SHA-256") {
    TabletFixture f;
    // The list starts in ~/Pictures; this test's home is its temp dir.
    const std::string old_home = std::getenv("HOME") ? std::getenv("HOME") : "";
    std::filesystem::create_directories(f.dir.path / "Pictures");
    const auto photo = write_test_photo(f.dir.path / "Pictures");
    ::setenv("HOME", f.dir.path.c_str(), 1);
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    to_step(f, StepKind::Photo);
    tap(f, "photo:modem.png");
    ::setenv("HOME", old_home.c_str(), 1);
    const auto answer = f.model->visit().step_answer(current(f).id);
    REQUIRE_MESSAGE(answer.has_value(), f.message());
    std::ifstream in(photo, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Record format 4: the photo step's answer lists the photo.
    REQUIRE(answer->kind == Answer::Kind::Photos);
    CHECK(answer->hashes == std::vector<std::string>{sha256_hex(bytes)});
    CHECK(f.model->store().read_attachment(answer->hashes.front()).ok());
}

TEST_CASE("an empty signature pad is not a signature") {
    TabletFixture f(ImVec2(1280, 800), true, Lang::En, format1_templates());  // a signature step: format 1
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    to_step(f, StepKind::Signature);
    tap(f, "save-signature");
    CHECK(!f.message().empty());
    CHECK(!f.model->visit().step_answer(current(f).id).has_value());
    REQUIRE(f.gui.drag("signature-pad", 300, 30));
    tap(f, "clear-signature");
    tap(f, "save-signature");
    CHECK(!f.model->visit().step_answer(current(f).id).has_value());
}

}  // namespace fc::test
