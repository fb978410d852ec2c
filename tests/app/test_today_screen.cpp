// The Today screen drawn from the day's list: headings per day in their order, a search that narrows
// the cards as the technician types, and earlier days that stay only while they hold work.
#include <doctest/doctest.h>

#include "checklists/demo_day.h"
#include "checklists/time_format.h"

#include "tablet_fixture.h"

namespace fc::test {
namespace {

constexpr std::int64_t kHour = 3600 * 1000;

std::int64_t yesterday_start() { return local_day_start_ms(demo_day_start_ms() - 12 * kHour); }
std::int64_t tomorrow_start() { return local_day_start_ms(demo_day_start_ms() + 36 * kHour); }

// A visit of the demo's first job, moved to another day and customer.
Assignment visit_on(TabletFixture& f, const std::string& id, std::int64_t start, const std::string& customer) {
    Assignment a = demo_assignments(demo_day_start_ms(), "demo").front();
    a.visit_id = id;
    a.customer_name = customer;
    a.window_start_ms = start;
    a.window_end_ms = start + 2 * kHour;
    REQUIRE(f.model->store().put_assignment(a).ok());
    return a;
}

float top_of(TabletFixture& f, const std::string& id) {
    const HitTarget* t = f.gui.find(id);
    REQUIRE_MESSAGE(t, id);
    return t->full_min.y;
}

void search_for(TabletFixture& f, const std::string& text) {
    tap(f, "search");
    f.gui.type(text);
    f.gui.frame(3);
}

}  // namespace

TEST_CASE("Today lists today's visits under today's heading, then an earlier day with an open visit, then tomorrow") {
    TabletFixture f;
    visit_on(f, "V-YESTERDAY", yesterday_start() + 10 * kHour, "Mevr. A. Gisteren");
    visit_on(f, "V-TOMORROW", tomorrow_start() + 9 * kHour, "Dhr. B. Morgen");
    f.reopen();
    REQUIRE(f.screen() == Screen::Today);
    const std::string today = "day:" + local_compact_date(demo_day_start_ms());
    const std::string earlier = "day:" + local_compact_date(yesterday_start());
    const std::string upcoming = "day:" + local_compact_date(tomorrow_start());
    // Layout order (positions before scrolling): every card sits under its own day's heading.
    CHECK(top_of(f, today) < top_of(f, "visit:" + f.visit_id(1)));
    CHECK(top_of(f, "visit:" + f.visit_id(6)) < top_of(f, earlier));
    CHECK(top_of(f, earlier) < top_of(f, "visit:V-YESTERDAY"));
    CHECK(top_of(f, "visit:V-YESTERDAY") < top_of(f, upcoming));
    CHECK(top_of(f, upcoming) < top_of(f, "visit:V-TOMORROW"));
    // Each heading names its day, the near ones by name too.
    const auto& texts = f.gui.seen_texts();
    const auto drawn = [&](const std::string& part) {
        for (const std::string& s : texts) {
            if (s.find(part) != std::string::npos) return true;
        }
        return false;
    };
    CHECK(drawn("Yesterday \u00B7 Mon 13 Nov 2023"));
    CHECK(drawn("Tomorrow \u00B7 Wed 15 Nov 2023"));
    CHECK(drawn("Today \u00B7 Tue 14 Nov 2023"));
}

TEST_CASE("an earlier day's closed visit stays on Today, marked, until the depot has received it") {
    TabletFixture f;
    visit_on(f, "V-YESTERDAY", yesterday_start() + 10 * kHour, "Mevr. A. Gisteren");
    f.reopen();
    REQUIRE(f.model->open_visit("V-YESTERDAY").ok());
    REQUIRE(f.model->start_visit().ok());
    REQUIRE(f.model->close_not_possible(FailureCause{FailureCause::Kind::CustomerAbsent, "", ""}).ok());
    f.model->leave_visit();
    f.reopen();
    CHECK(f.gui.find("visit:V-YESTERDAY"));
    CHECK(f.gui.find("unsent:V-YESTERDAY"));
    auto record = f.model->store().sealed_record("V-YESTERDAY");
    REQUIRE(record.ok());
    REQUIRE(f.model->store().mark_sent("V-YESTERDAY", "receipt-1", f.clock.now().wall_ms).ok());
    f.reopen();
    CHECK_FALSE(f.gui.find("visit:V-YESTERDAY"));
    CHECK_FALSE(f.gui.find("day:" + local_compact_date(yesterday_start())));
    // A search still finds it.
    search_for(f, "gisteren");
    CHECK(f.gui.find("visit:V-YESTERDAY"));
}

TEST_CASE("typing in the search narrows the cards by name, address, visit or job number, and Clear shows all again") {
    TabletFixture f;
    visit_on(f, "V-TOMORROW", tomorrow_start() + 9 * kHour, "Dhr. B. Müller");
    f.reopen();
    search_for(f, "ZEIST");  // two demo visits' addresses, in another case
    CHECK(f.gui.find("visit:" + f.visit_id(2)));
    CHECK(f.gui.find("visit:" + f.visit_id(4)));
    CHECK_FALSE(f.gui.find("visit:" + f.visit_id(1)));
    CHECK_FALSE(f.gui.find("visit:V-TOMORROW"));
    tap(f, "clear-search");
    CHECK(f.gui.find("visit:" + f.visit_id(1)));
    CHECK(f.gui.find("visit:V-TOMORROW"));

    search_for(f, "muller");  // no umlaut typed
    CHECK(f.gui.find("visit:V-TOMORROW"));
    CHECK(f.gui.with_prefix("visit:").size() == 1);
    CHECK_FALSE(f.gui.find("day:" + local_compact_date(demo_day_start_ms())));  // no empty today while searching
    tap(f, "clear-search");

    search_for(f, "J-32015");  // the job number of the fourth demo visit
    CHECK(f.gui.with_prefix("visit:").size() == 1);
    CHECK(f.gui.find("visit:" + f.visit_id(4)));
    tap(f, "clear-search");
    search_for(f, f.visit_id(6));
    CHECK(f.gui.with_prefix("visit:").size() == 1);
    CHECK(f.gui.find("visit:" + f.visit_id(6)));
}

TEST_CASE("a search that finds nothing says so, and the search stays while a visit is opened and left") {
    TabletFixture f;
    search_for(f, "Nergensstraat");
    CHECK(f.gui.with_prefix("visit:").empty());
    bool said = false;
    for (const std::string& s : f.app->drawn_texts()) said = said || s == "No visit matches \u201CNergensstraat\u201D.";
    CHECK(said);
    tap(f, "clear-search");
    search_for(f, "vries");
    tap(f, "visit:" + f.visit_id(1));
    tap(f, "back");
    REQUIRE(f.screen() == Screen::Today);
    CHECK(f.gui.with_prefix("visit:").size() == 1);
}

TEST_CASE("a day with only today's visits has no heading of its own, the title names the day") {
    TabletFixture f;
    CHECK(f.gui.with_prefix("day:").empty());
    CHECK(f.gui.with_prefix("visit:").size() == 6);
}

TEST_CASE("a day without visits today still says so under today's heading") {
    TabletFixture f(ImVec2(1280, 800), false);
    visit_on(f, "V-TOMORROW", tomorrow_start() + 9 * kHour, "Dhr. B. Morgen");
    f.reopen();
    CHECK(f.gui.find("day:" + local_compact_date(demo_day_start_ms())));
    bool said = false;
    for (const std::string& s : f.app->drawn_texts()) said = said || s == "No visits today.";
    CHECK(said);
    CHECK(f.gui.find("visit:V-TOMORROW"));
}

}  // namespace fc::test
