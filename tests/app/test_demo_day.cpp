// The demo day: a real day at once for a newcomer, with the stories on screen.
#include <doctest/doctest.h>

#include "app/tablet/demo_day.h"
#include "tablet_fixture.h"
#include "tests/test_clock.h"

namespace fc::test {

TEST_CASE("the demo day fills an empty store with six visits today, the templates and the demo PIN") {
    TabletFixture f;
    const auto& rows = f.model->today();
    REQUIRE(rows.size() == 6);
    const std::int64_t day = demo_day_start_ms();
    for (const TodayRow& row : rows) {
        const Assignment& a = row.summary.assignment;
        CHECK(a.window_start_ms >= day + 7 * 3600 * 1000);
        CHECK(a.window_end_ms <= day + 19 * 3600 * 1000);
        CHECK(a.window_start_ms < a.window_end_ms);
        CHECK(!a.customer_name.empty());
        CHECK(!a.address.empty());
        // The template was found: a real title, not the "id vN" placeholder.
        CHECK(row.job_title != a.template_id + " v" + std::to_string(a.template_version));
    }
    auto templates = f.model->store().list_templates();
    REQUIRE(templates.ok());
    CHECK(templates->size() == 6);
    CHECK(f.model->check_pin(kDemoPin).ok());
}

TEST_CASE("the demo day shows one visit red before departure and one third attempt with its escalation banner") {
    TabletFixture f;
    int red = 0;
    for (const TodayRow& row : f.model->today()) {
        const std::string mark = "badge:" + row.summary.assignment.visit_id + ":red";
        if (f.gui.find(mark)) {
            ++red;
            CHECK(row.summary.badge.state == PrecheckBadge::State::NotYetConfirmed);
            CHECK(row.badge_precheck.find("patch") != std::string::npos);
        }
    }
    CHECK(red == 1);
    const std::string escalated = f.visit_id(3);
    tap(f, "visit:" + escalated);
    CHECK(f.gui.find("escalation"));
    CHECK(f.model->visit().assignment().history.size() == 2);
    tap(f, "back");
    tap(f, "visit:" + f.visit_id(1));
    CHECK(!f.gui.find("escalation"));
}

TEST_CASE("the demo day leaves a store that already has visits untouched") {
    TabletFixture f;
    const auto before = f.model->store().list_visits();
    REQUIRE(before.ok());
    REQUIRE(fill_demo_day(f.model->store(), FIELDCHECK_SOURCE_DIR "/templates", demo_day_start_ms() + 86'400'000, "demo").ok());
    const auto after = f.model->store().list_visits();
    REQUIRE(after.ok());
    CHECK(after->size() == before->size());
}

TEST_CASE("a demo template directory without the demo's templates is refused with the missing template named") {
    TempDir dir;
    auto store = DeviceStore::open(dir.path / "data", fc::test::still_clock());
    REQUIRE(store.ok());
    std::filesystem::create_directories(dir.path / "empty");
    const Status s = fill_demo_day(**store, dir.path / "empty", demo_day_start_ms(), "demo");
    REQUIRE(!s.ok());
    CHECK(s.error().message.find("fiber-modem-install-nl") != std::string::npos);
}

}  // namespace fc::test
