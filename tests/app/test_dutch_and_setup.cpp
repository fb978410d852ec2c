// What the acceptance walk on the real binary showed about Dutch screens, a tablet without a depot,
// `--demo` on a store the depot filled, and the private data directory.
#include <sys/stat.h>

#include <fstream>

#include <doctest/doctest.h>

#include "app/tablet/demo_day.h"
#include "app/tablet/pin_setting.h"
#include "platform/data_dir.h"
#include "tablet_fixture.h"

namespace fc::test {

namespace {

void walk_to_step_kind(TabletFixture& f, StepKind kind, const std::filesystem::path& photo) {
    for (int guard = 0; guard < 32; ++guard) {
        const Visit& v = f.model->visit();
        if (v.checklist().steps[static_cast<std::size_t>(v.current_step())].kind == kind) return;
        answer_current_step(f, photo);
        tap(f, "next");
    }
    FAIL("no step of the wanted kind");
}

unsigned mode_of(const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("the app's own refusals read as whole Dutch sentences, without English in brackets") {
    const Strings nl(Lang::Nl);
    CHECK(error_text(make_error(ErrorCode::wrong_pin, "that is not the technician's PIN"), nl) == "Verkeerde pincode.");
    CHECK(error_text(make_error(ErrorCode::photo_not_image, "the file notes.txt is not a JPEG or PNG photo"), nl, "notes.txt") ==
          "Het bestand notes.txt is geen leesbare JPEG- of PNG-foto.");
    CHECK(error_text(make_error(ErrorCode::photo_missing, "choose a photo file first"), nl) == "Kies eerst een fotobestand.");
    CHECK(error_text(make_error(ErrorCode::photo_missing, "there is no file /x/a.jpg"), nl, "a.jpg") ==
          "Het bestand a.jpg bestaat niet.");
    CHECK(error_text(make_error(ErrorCode::folder_unreadable, "cannot open the folder /nope: No such file"), nl, "/nope") ==
          "De map /nope kan niet worden geopend.");
    CHECK(error_text(make_error(ErrorCode::pin_not_set, "no technician PIN is set on this tablet"), nl).find("PIN") ==
          std::string::npos);
    // English names the file the same way, from the catalogue rather than the engine's log sentence.
    const Strings en(Lang::En);
    CHECK(error_text(make_error(ErrorCode::photo_not_image, "the file notes.txt is not a JPEG or PNG photo"), en, "notes.txt") ==
          "The file notes.txt is not a readable JPEG or PNG photo.");
}

TEST_CASE("Dutch labels that read as English or as another button are translated apart") {
    const Strings nl(Lang::Nl);
    CHECK(nl("today.sync") == "Synchroniseren");
    // The keypad's delete key said "Terug", like the step's Back button right under it.
    CHECK(nl("keypad.delete") != nl("common.back"));
    CHECK(nl("keypad.delete") != nl("keypad.clear"));
}

TEST_CASE("on a Dutch tablet a file that is not a photo and an empty signature are refused in Dutch") {
    // A signature step: format 1 (in format 2 the customer signs at the handover: test_customer_handover.cpp).
    TabletFixture f(ImVec2(1280, 800), true, Lang::Nl, format1_templates());
    open_visit_to_prechecks(f, f.visit_id(1));
    meet_all_prechecks_and_begin(f);
    const auto photo = write_test_photo(f.dir.path);
    walk_to_step_kind(f, StepKind::Photo, photo);
    const std::filesystem::path notes = f.dir.path / "notes.txt";
    std::ofstream(notes) << "not a photo";
    tap(f, "photo-path");
    f.gui.type(notes.string());
    tap(f, "use-photo-path");
    CHECK(f.message() == "Het bestand notes.txt is geen leesbare JPEG- of PNG-foto.");

    tap(f, "message-ok");
    CHECK_FALSE(f.model->visit().step_answer("modem-photo").has_value());
    tap(f, "back");  // away and back again empties the path field
    tap(f, "next");
    walk_to_step_kind(f, StepKind::Signature, photo);
    tap(f, "save-signature");
    CHECK(f.message() == "Het handtekeningvak is leeg; zet eerst een handtekening met de vinger.");
}

TEST_CASE("a practice walk names its customer in the UI's language") {
    TabletFixture nl(ImVec2(1280, 800), true, Lang::Nl);
    tap(nl, "practice");
    tap(nl, "template:wifi-activation-en:3");
    REQUIRE(nl.model->practice());
    CHECK(nl.model->visit().assignment().customer_name == "Oefenklant");
    TabletFixture en;
    tap(en, "practice");
    tap(en, "template:wifi-activation-nl:3");
    REQUIRE(en.model->practice());
    CHECK(en.model->visit().assignment().customer_name == "Practice customer");
}

TEST_CASE("Sync now on a tablet that is not enrolled says so and asks the depot for nothing") {
    TabletFixture f;
    int sync_requests = 0;
    SyncStatus status;  // the real app always has a background sync; without a depot it is not enrolled
    f.hooks = SyncHooks{[&] { return status; }, [&] { ++sync_requests; }, {}};
    f.reopen();
    tap(f, "sync");
    tap(f, "sync-now");
    CHECK(sync_requests == 0);
    CHECK(f.message() == Strings(Lang::En)("sync.not_enrolled"));
    status.enrolled = true;
    status.depot_url = "http://127.0.0.1:9";
    f.gui.frame(2);
    tap(f, "message-ok");
    tap(f, "sync-now");
    CHECK(sync_requests == 1);
    CHECK(f.message().empty());
}

TEST_CASE("--demo on a store the depot already filled keeps its visits and sets the demo PIN only when none is set") {
    TabletFixture f;
    const auto before = f.model->store().list_visits();
    REQUIRE(before.ok());
    REQUIRE(f.model->store().set_setting(kPinSetting, "").ok());  // as a tablet enrolled with a depot
    REQUIRE_FALSE(f.model->pin_set());
    REQUIRE(fill_demo_day(f.model->store(), FIELDCHECK_SOURCE_DIR "/templates", demo_day_start_ms(), "demo").ok());
    CHECK(f.model->check_pin(kDemoPin).ok());
    const auto after = f.model->store().list_visits();
    REQUIRE(after.ok());
    CHECK(after->size() == before->size());

    REQUIRE(f.model->set_pin("2468").ok());
    REQUIRE(fill_demo_day(f.model->store(), FIELDCHECK_SOURCE_DIR "/templates", demo_day_start_ms(), "demo").ok());
    CHECK(f.model->check_pin("2468").ok());
}

TEST_CASE("the data directory and every parent it creates are private (0700) whatever the umask") {
    TempDir dir;
    const std::filesystem::path data = dir.path / "home" / ".local" / "share" / "fieldcheck";
    const mode_t old_mask = ::umask(0);
    const std::string problem = ensure_private_dir(data);
    ::umask(old_mask);
    REQUIRE(problem.empty());
    CHECK(mode_of(dir.path / "home") == 0700u);
    CHECK(mode_of(dir.path / "home" / ".local") == 0700u);
    CHECK(mode_of(dir.path / "home" / ".local" / "share") == 0700u);
    CHECK(mode_of(data) == 0700u);
    // An existing directory is made private too, and its contents are left alone.
    std::filesystem::permissions(data, std::filesystem::perms::all);
    std::ofstream(data / "keep.txt") << "x";
    CHECK(ensure_private_dir(data).empty());
    CHECK(mode_of(data) == 0700u);
    CHECK(std::filesystem::exists(data / "keep.txt"));
    // What cannot be made is refused with the directory that was asked for.
    const std::filesystem::path blocked = dir.path / "a-file" / "fieldcheck";
    std::ofstream(dir.path / "a-file") << "x";
    const std::string refused = ensure_private_dir(blocked);
    CHECK(refused.find(blocked.string()) != std::string::npos);
}

}  // namespace fc::test
