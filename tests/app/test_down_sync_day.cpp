// The day after a down-sync (issue 10): a confirmed visit no longer red, a withdrawn one gone or
// marked, the open visit showing the confirmation, the company's contact for the customer's messages.
#include <algorithm>

#include <doctest/doctest.h>

#include "app/screens/today_screen.h"
#include "tablet_fixture.h"
#include "tests/test_clock.h"

namespace fc::test {
namespace {

constexpr std::int64_t kConfirmedAt = 1'699'900'000'000;

// The demo visit that is red before departure, and its open blocking before-departure prechecks.
std::string red_visit(TabletFixture& f) {
    const auto red = std::find_if(f.model->today().begin(), f.model->today().end(), [](const TodayRow& r) {
        return r.summary.badge.state == PrecheckBadge::State::NotYetConfirmed;
    });
    REQUIRE(red != f.model->today().end());
    return red->summary.assignment.visit_id;
}

std::vector<PrecheckConfirmation> confirm_before_departure(DeviceStore& store, const std::string& visit_id) {
    auto v = store.load_visit(visit_id);
    REQUIRE(v.ok());
    std::vector<PrecheckConfirmation> out;
    for (const Precheck& p : v->checklist().prechecks) {
        if (p.moment == PrecheckMoment::BeforeDeparture && !v->precheck_answer(p.id)) {
            out.push_back(PrecheckConfirmation{visit_id, p.id, "operator:KPN", kConfirmedAt});
        }
    }
    REQUIRE_FALSE(out.empty());
    return out;
}

PageApplied apply(DeviceStore& store, DownSyncPage page) {
    if (page.cursor.empty()) page.cursor = "c-1";
    auto applied = store.apply_assignment_page(page);
    REQUIRE_MESSAGE(applied.ok(), applied.error().message);
    return *applied;
}

const TodayRow* row_of(TabletFixture& f, const std::string& visit_id) {
    for (const TodayRow& row : f.model->today()) {
        if (row.summary.assignment.visit_id == visit_id) return &row;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("the day's list turns a visit from red when the down-sync seals the intake's confirmation") {
    TabletFixture f;
    const std::string id = red_visit(f);
    f.gui.frame();
    REQUIRE(f.gui.find("badge:" + id + ":red"));
    DownSyncPage page;
    page.confirmations = confirm_before_departure(f.model->store(), id);
    CHECK(apply(f.model->store(), page).intake_sealed == static_cast<int>(page.confirmations.size()));

    REQUIRE(f.model->refresh().ok());
    f.gui.frame();
    CHECK_FALSE(f.gui.find("badge:" + id + ":red"));
    const TodayRow* row = row_of(f, id);
    REQUIRE(row);
    CHECK(row->summary.badge == f.model->store().load_visit(id)->precheck_badge());
    CHECK(row->summary.badge.state != PrecheckBadge::State::NotYetConfirmed);
}

TEST_CASE("a withdrawn visit not started leaves the day's list, and a started one stays with its mark in the catalogue's words") {
    TabletFixture f;
    // A demo visit the technician opens now, and one more for the day that nobody touches.
    const std::string started = f.visit_id(1);
    Assignment extra = f.model->store().load_visit(started)->assignment();
    extra.visit_id = "V-EXTRA";
    REQUIRE(f.model->store().put_assignment(extra).ok());
    const std::string untouched = extra.visit_id;
    REQUIRE(f.model->open_visit(started).ok());
    REQUIRE(f.model->start_visit().ok());
    f.model->leave_visit();
    DownSyncPage page;
    page.withdrawn = {started, untouched};
    const PageApplied applied = apply(f.model->store(), page);
    CHECK(applied.removed == std::vector<std::string>{untouched});
    CHECK(applied.kept_withdrawn == std::vector<std::string>{started});

    REQUIRE(f.model->refresh().ok());
    f.gui.clear_seen_texts();
    f.gui.frame();
    CHECK_FALSE(f.gui.find("visit:" + untouched));
    CHECK(row_of(f, untouched) == nullptr);
    REQUIRE(f.gui.find("visit:" + started));
    CHECK(f.gui.find("withdrawn:" + started));
    CHECK(f.gui.seen_texts().count(Strings(Lang::En)("today.withdrawn_finish")));
    // Only the withdrawn visit carries the mark.
    CHECK_FALSE(f.gui.find("withdrawn:" + f.visit_id(2)));

    const TodayRow* row = row_of(f, started);
    REQUIRE(row);
    CHECK(withdrawn_mark_text(Strings(Lang::Nl), row->summary) ==
          "Ingetrokken door de planning: rond het af, dan wordt het verstuurd");
    VisitSummary closed = row->summary;
    closed.phase = VisitPhase::Closed;
    CHECK(withdrawn_mark_text(Strings(Lang::En), closed) == "Withdrawn by the planner");
    closed.withdrawn = false;
    CHECK(withdrawn_mark_text(Strings(Lang::En), closed).empty());
    // It can still be walked: the technician's next answer is stored.
    REQUIRE(f.model->open_visit(started).ok());
    const Precheck& first = f.model->visit().checklist().prechecks.front();
    CHECK(f.model->record_precheck(first.id, true).ok());
}

TEST_CASE("the open visit shows a confirmation the background sync sealed into it, and the next answer follows it") {
    TabletFixture f;
    const std::string id = red_visit(f);
    REQUIRE(f.model->open_visit(id).ok());
    REQUIRE(f.model->start_visit().ok());
    // The background sync has its own connection to the same file.
    auto sync = DeviceStore::open(f.data, still_clock());
    REQUIRE(sync.ok());
    DownSyncPage page;
    page.confirmations = confirm_before_departure(**sync, id);
    REQUIRE(apply(**sync, page).intake_sealed == static_cast<int>(page.confirmations.size()));

    REQUIRE(f.model->refresh().ok());
    const PrecheckConfirmation& c = page.confirmations.front();
    CHECK(f.model->visit().precheck_answer(c.precheck_id) == std::optional<Answer>(Answer{Answer::Kind::Met, 0, "operator:KPN"}));
    for (const Precheck& p : f.model->visit().checklist().prechecks) {
        if (f.model->visit().precheck_answer(p.id)) continue;
        const Status s = f.model->record_precheck(p.id, true);
        CHECK_MESSAGE(s.ok(), s.error().message);
    }
    CHECK(f.model->begin_steps().ok());
}

TEST_CASE("the company and helpdesk the depot sends are readable by the app for the customer's messages") {
    TabletFixture f;
    CHECK(f.model->company_contact() == CompanyContact{});
    DownSyncPage page;
    page.contact = CompanyContact{"Glasvezel Noord", "088 123 45 67"};
    apply(f.model->store(), page);
    REQUIRE(f.model->refresh().ok());  // what the app does when a sync pass has brought a page
    CHECK(f.model->company_contact() == CompanyContact{"Glasvezel Noord", "088 123 45 67"});
}

}  // namespace fc::test
