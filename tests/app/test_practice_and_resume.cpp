// Practice keeps nothing; a real visit resumes where it was; a refused write is never shown as saved.
#include <sqlite3.h>

#include <fstream>
#include <iterator>
#include <map>

#include <doctest/doctest.h>

#include "checklists/sha256.h"
#include "tablet_fixture.h"

namespace fc::test {

namespace {

// Every byte the store keeps on disk, by file. The WAL index (-shm) is shared memory that readers
// also touch, so it is not part of what the store "writes".
std::map<std::string, std::string> store_files(const std::filesystem::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        const std::string name = std::filesystem::relative(e.path(), dir).string();
        if (e.is_directory()) {
            out[name + "/"] = "";
            continue;
        }
        if (name.size() >= 4 && name.compare(name.size() - 4, 4, "-shm") == 0) continue;
        std::ifstream in(e.path(), std::ios::binary);
        out[name] = sha256_hex(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
    }
    return out;
}

void run_sql(const std::filesystem::path& db, const char* sql) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(handle, sql, nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(handle);
    REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

}  // namespace

TEST_CASE("a whole practice walk writes nothing to the store and shows the PRACTICE banner on every screen") {
    TabletFixture f;
    const auto before = store_files(f.data);
    const auto visits_before = f.model->store().list_visits();
    REQUIRE(visits_before.ok());

    tap(f, "practice");
    REQUIRE(f.screen() == Screen::PracticePicker);
    tap(f, "template:fiber-modem-install-en:3");
    REQUIRE(f.screen() == Screen::Prechecks);
    REQUIRE(f.model->practice());
    CHECK(f.gui.find("practice-banner"));
    meet_all_prechecks_and_begin(f);
    CHECK(f.gui.find("practice-banner"));
    // The help text of each step is one tap away, as a trainer walks it.
    tap(f, "help");
    CHECK(f.gui.find("help-text"));
    walk_all_steps(f, write_test_photo(f.dir.path));  // photo and signature included
    CHECK(f.gui.find("practice-banner"));
    confirm_all_handover(f);
    CHECK(f.gui.find("practice-banner"));
    for (const SurveyQuestion& q : f.model->visit().checklist().survey) {
        if (q.kind == SurveyKind::Smiley) tap(f, "smiley:" + q.id + ":4");
    }
    tap(f, "submit");
    CHECK(f.model->visit().survey_status() == SurveyStatus::Submitted);
    tap(f, "technician");
    key_in(f, "1234", "pin");
    tap(f, "pin-ok");
    REQUIRE(f.screen() == Screen::Close);
    CHECK(f.gui.find("practice-banner"));
    tap(f, "done");
    CHECK(f.screen() == Screen::Today);
    CHECK(!f.gui.find("practice-banner"));

    CHECK(store_files(f.data) == before);
    const auto visits_after = f.model->store().list_visits();
    REQUIRE(visits_after.ok());
    CHECK(visits_after->size() == visits_before->size());
    auto outbox = f.model->store().outbox();
    REQUIRE(outbox.ok());
    CHECK(outbox->empty());
}

TEST_CASE("reopening after the process is gone resumes the visit at its stored current step with its answers") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    const auto photo = write_test_photo(f.dir.path);
    for (int i = 0; i < 3; ++i) {
        answer_current_step(f, photo);
        tap(f, "next");
    }
    const int step = f.model->visit().current_step();
    std::string measured;
    for (const Step& s : f.model->visit().checklist().steps) {
        if (s.kind == StepKind::Measure) measured = s.id;
    }
    REQUIRE(f.model->visit().step_answer(measured).has_value());

    f.reopen();  // nothing is flushed or closed on purpose: the store is durable per answer
    REQUIRE(f.screen() == Screen::StepRunner);
    REQUIRE(f.model->has_visit());
    CHECK(f.model->visit().current_step() == step);
    CHECK(f.model->visit().step_answer(measured).has_value());
    // Going back shows the stored value on the keypad display.
    tap(f, "back");
    CHECK(f.model->visit().current_step() < step);
}

TEST_CASE("an answer the store refuses is not shown as saved, and the store's message is shown") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    tap(f, "confirm");
    tap(f, "next");  // the choice step
    const std::string step = f.model->visit().checklist().steps[static_cast<std::size_t>(f.model->visit().current_step())].id;
    const std::size_t events_before = f.model->visit().events().size();

    // Another writer makes every insert fail, as a full disk would.
    run_sql(f.data / "fieldcheck.db",
            "CREATE TRIGGER refuse_events BEFORE INSERT ON events BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END;");
    tap(f, "option:port-1");
    CHECK(!f.message().empty());
    CHECK(!f.model->visit().step_answer(step).has_value());
    CHECK(f.model->visit().events().size() == events_before);
    CHECK_FALSE(f.gui.selected("option:port-1"));

    run_sql(f.data / "fieldcheck.db", "DROP TRIGGER refuse_events;");
    tap(f, "option:port-1");
    CHECK(f.message().empty());
    CHECK(f.gui.selected("option:port-1"));
    auto stored = f.model->store().load_visit(f.visit_id(1));
    REQUIRE(stored.ok());
    CHECK(stored->step_answer(step).has_value());
}

}  // namespace fc::test
