// The tablet stays flat with history: Today draws the lines near its view, not every visit stored;
// start-up checks the file once however many connections open it; an idle sync pass draws nothing.
// Counted (lines, checks, decisions), never timed.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "checklists/demo_day.h"
#include "sync/store/checked_file.h"

#include "tablet_fixture.h"

namespace fc::test {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;

// `count` more visits of the demo's first job today, one page (one transaction), then the app again.
void add_visits_today(TabletFixture& f, int count) {
    const Assignment first = demo_assignments(demo_day_start_ms(), "demo").front();
    std::vector<Assignment> page;
    for (int i = 0; i < count; ++i) {
        Assignment a = first;
        a.visit_id = "V-MANY-" + std::to_string(100000 + i);
        a.customer_name = "Customer " + std::to_string(i);
        a.window_start_ms = demo_day_start_ms() + 7 * 3600 * 1000 + i * kMinute / 10;
        a.window_end_ms = a.window_start_ms + 3600 * 1000;
        page.push_back(a);
    }
    REQUIRE(f.model->store().apply_assignment_page(page, "many").ok());
    f.reopen();
}

std::size_t visible_cards(const TabletFixture& f) {
    std::size_t n = 0;
    for (const HitTarget* t : f.gui.with_prefix("visit:")) n += t->visible ? 1 : 0;
    return n;
}

// A drag up the middle of the screen, as a finger scrolls the list down.
void drag_list_up(TabletFixture& f) {
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 start(io.DisplaySize.x / 2, io.DisplaySize.y * 0.8f);
    io.MousePos = start;
    f.gui.frame();
    io.MouseDown[0] = true;
    f.gui.frame();
    for (int s = 1; s <= 10; ++s) {
        io.MousePos = ImVec2(start.x, start.y - 40.0f * static_cast<float>(s));
        f.gui.frame();
    }
    io.MouseDown[0] = false;
    f.gui.frame(3);
}

// The lines beyond the view (10 each side, today_screen.cpp) and a heading or two: a constant.
constexpr std::size_t kBeyondView = 22;

}  // namespace

TEST_CASE("with thousands of visits today, Today draws and formats only the cards near its view") {
    TabletFixture f;
    add_visits_today(f, 3000);
    REQUIRE(f.screen() == Screen::Today);
    REQUIRE(f.model->today().size() >= 3000);
    const std::size_t seen = visible_cards(f);
    REQUIRE(seen > 0);
    CHECK(f.gui.with_prefix("visit:").size() <= seen + kBeyondView);
    CHECK(static_cast<std::size_t>(f.app->today_lines_drawn()) <= seen + kBeyondView);

    // Scrolling keeps working, and still draws only the view's neighbourhood.
    const std::string first_drawn = f.gui.with_prefix("visit:").front()->id;
    for (int i = 0; i < 8; ++i) drag_list_up(f);
    REQUIRE(f.gui.find(first_drawn) == nullptr);
    CHECK(visible_cards(f) > 0);
    CHECK(f.gui.with_prefix("visit:").size() <= visible_cards(f) + kBeyondView);
    CHECK(static_cast<std::size_t>(f.app->today_lines_drawn()) <= visible_cards(f) + kBeyondView);

    // A card far down the list is found and opened by its search, as before.
    tap(f, "search");
    f.gui.type("Customer 2999");
    f.gui.frame(3);
    REQUIRE(f.gui.find("visit:V-MANY-102999"));
    tap(f, "visit:V-MANY-102999");
    CHECK(f.screen() == Screen::VisitOverview);
}

TEST_CASE("a card just below the view is reached by scrolling and opens") {
    TabletFixture f;
    add_visits_today(f, 40);
    // Sorted by window: the demo's six first, then these; the 25th is well below the fold.
    const bool tapped = f.gui.tap_scrolled("visit:V-MANY-100025");
    std::string drawn;
    for (const HitTarget* t : f.gui.with_prefix("visit:")) drawn += t->id + (t->visible ? "+ " : "- ");
    REQUIRE_MESSAGE(tapped, f.gui.last_problem() << " screen " << static_cast<int>(f.screen()) << " drawn " << drawn);
    CHECK(f.screen() == Screen::VisitOverview);
}

TEST_CASE("the device file is checked whole once while the app holds it, not again for the sync worker's connection") {
    TempDir dir;
    ManualClock clock(Instant{demo_day_start_ms(), 1});
    const std::uint64_t before = whole_file_checks_run();
    auto gui_store = DeviceStore::open(dir.path, clock);
    REQUIRE(gui_store.ok());
    CHECK(whole_file_checks_run() == before + 1);
    {
        auto sync_store = DeviceStore::open(dir.path, clock);  // the background sync's connection
        REQUIRE(sync_store.ok());
        CHECK(whole_file_checks_run() == before + 1);
    }
    // Once every connection closed, the next open checks the file again (it may have been damaged since).
    gui_store->reset();
    auto again = DeviceStore::open(dir.path, clock);
    REQUIRE(again.ok());
    CHECK(whole_file_checks_run() == before + 2);
}

TEST_CASE("an idle sync pass asks for no frame, and news on screen does") {
    TabletFixture f;
    SyncStatus status;
    status.enrolled = true;
    status.depot_url = "http://127.0.0.1:1";
    status.last_contact_ms = demo_day_start_ms() + 8 * 3600 * 1000;
    status.generation = 3;
    f.hooks.status = [&status] { return status; };
    f.reopen();
    REQUIRE(f.screen() == Screen::Today);

    // A pass starts, reaches the depot, finds nothing new, ends: nothing Today shows moved.
    SyncStatus pass = status;
    pass.running = true;
    CHECK_FALSE(f.app->sync_news_shown(pass));
    pass.running = false;
    pass.last_contact_ms += 30 * 1000;
    CHECK_FALSE(f.app->sync_news_shown(pass));
    // New rows (a visit received, an assignment) are news everywhere.
    SyncStatus news = pass;
    ++news.generation;
    CHECK(f.app->sync_news_shown(news));

    // The Sync screen shows the pass running and the moment of the last contact.
    tap(f, "sync");
    REQUIRE(f.screen() == Screen::Sync);
    SyncStatus running = status;
    running.running = true;
    CHECK(f.app->sync_news_shown(running));
    SyncStatus later = status;
    later.last_contact_ms += 5 * kMinute;
    CHECK(f.app->sync_news_shown(later));
    // Within the same minute the text is the same: no frame.
    SyncStatus same_minute = status;
    same_minute.last_contact_ms += 1;
    CHECK_FALSE(f.app->sync_news_shown(same_minute));
}

}  // namespace fc::test
