#pragma once
// TabletFixture: a real device store in a temp dir with the demo day, a manual clock, the real
// TabletApp, and a headless GUI driver; plus walks through a whole visit by tapping the screens.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "app/tablet/tablet_app.h"
#include "app/tablet/tablet_model.h"
#include "gui_driver.h"

namespace fc::test {

struct TempDir {
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path path;
};

// The demo day of 14 Nov 2023 (local time), with the clock at 08:30 that day.
std::int64_t demo_day_start_ms();

// Where the demo day's templates come from: the shipped ones (format 2), or the format-1 versions
// pinned with the golden records, for the old handover order that format-1 visits keep.
std::filesystem::path shipped_templates();
std::filesystem::path format1_templates();

struct TabletFixture {
    explicit TabletFixture(ImVec2 display = ImVec2(1280, 800), bool demo = true, Lang lang = Lang::En,
                           const std::filesystem::path& templates = shipped_templates());
    ~TabletFixture();

    // Closes the app, the model and the store as a killed process would leave them, then opens
    // everything again from the same directory.
    void reopen();
    std::string visit_id(int n) const;  // the n-th demo visit (1-based)
    Screen screen() const { return app->screen(); }
    const std::string& message() const { return app->message(); }

    TempDir dir;
    std::filesystem::path data;
    ManualClock clock;
    GuiDriver gui;
    std::unique_ptr<TabletModel> model;
    std::unique_ptr<TabletApp> app;
    SyncHooks hooks;
    Lang lang;
};

// --- walks through the real screens (doctest REQUIREs inside) ---
void tap(TabletFixture& f, const std::string& id);           // REQUIREs the tap worked
void open_visit_to_prechecks(TabletFixture& f, const std::string& visit_id);
void meet_all_prechecks_and_begin(TabletFixture& f);
void answer_current_step(TabletFixture& f, const std::filesystem::path& photo);
// Ends on the handover: the technician's screen (format 1) or the customer's (format 2).
void walk_all_steps(TabletFixture& f, const std::filesystem::path& photo);
// Ends in customer mode at the survey: format 1, the technician taps each item with the customer and
// hands over; format 2, the customer confirms each item and signs on their own screen.
void confirm_all_handover(TabletFixture& f);
void sign_on_pad(TabletFixture& f, const std::string& pad_id);  // two strokes of a finger
void key_in(TabletFixture& f, const std::string& digits, const char* prefix = "key");
std::filesystem::path write_test_photo(const std::filesystem::path& dir);

}  // namespace fc::test
