// The down-sync's page in the device store (issue 10): intake confirmations sealed into their
// visits, withdrawn visits removed or kept and marked, the depot's contact settings.
#include <doctest/doctest.h>

#include <functional>

#include "tests/sync/store/open_store.h"
#include "tests/sync/store/store_fixtures.h"
#include "sync/store/device_store.h"

using namespace fc;
using fc::test::RawDatabase;
using fc::test::open_store;
using fc::test::TempDir;

namespace {

constexpr std::int64_t kConfirmedAt = 1'699'900'000'000;  // the evening before the visit

PrecheckConfirmation confirmation(const std::string& visit_id, const std::string& precheck = "patch",
                                  const std::string& by = "operator:KPN") {
    return PrecheckConfirmation{visit_id, precheck, by, kConfirmedAt};
}

DownSyncPage page_of(std::vector<Assignment> assignments, std::vector<PrecheckConfirmation> confirmations = {},
                     std::vector<std::string> withdrawn = {}, const std::string& cursor = "c-1") {
    DownSyncPage page;
    page.assignments = std::move(assignments);
    page.confirmations = std::move(confirmations);
    page.withdrawn = std::move(withdrawn);
    page.cursor = cursor;
    return page;
}

PageApplied apply(DeviceStore& store, const DownSyncPage& page) {
    auto applied = store.apply_assignment_page(page);
    REQUIRE_MESSAGE(applied.ok(), applied.error().message);
    return *applied;
}

std::optional<VisitSummary> listed(DeviceStore& store, const std::string& visit_id) {
    auto list = store.list_visits();
    REQUIRE_MESSAGE(list.ok(), list.error().message);
    for (const VisitSummary& s : *list) {
        if (s.assignment.visit_id == visit_id) return s;
    }
    return std::nullopt;
}

// The technician's change, made the app's way: the engine decides, the store keeps it.
void technician(DeviceStore& store, const std::string& visit_id,
                const std::function<Expected<Decision>(const Visit&, Instant)>& verb) {
    auto v = store.load_visit(visit_id);
    REQUIRE_MESSAGE(v.ok(), v.error().message);
    auto decided = verb(*v, Instant{1'700'000'100'000, 9'000});
    REQUIRE_MESSAGE(decided.ok(), decided.error().message);
    const Status s = store.append_events(decided->next, decided->events);
    REQUIRE_MESSAGE(s.ok(), s.error().message);
}

Expected<Decision> open_visit(const Visit& v, Instant t) { return v.open(t); }

// Everything the store holds about visits, to compare before and after.
std::vector<std::string> visit_rows(const TempDir& tmp) {
    RawDatabase raw(test::database_path(tmp.path()));
    auto rows = raw.column(
        "SELECT visit_id || '|' || assignment_json || '|' || phase || '|' || badge || '|' || event_count || '|' || "
        "record_format || '|' || withdrawn FROM visits ORDER BY visit_id");
    for (auto& e : raw.column("SELECT visit_id || '|' || seq || '|' || wall_ms || '|' || mono_ms || '|' || actor || "
                              "'|' || item || '|' || new_value FROM events ORDER BY visit_id, seq")) {
        rows.push_back(e);
    }
    return rows;
}

}  // namespace

TEST_CASE("a confirmation is sealed into its visit as an intake event, and the day's badge is no longer red") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    apply(*store, page_of({test::fiber_assignment("v-1")}));
    REQUIRE(listed(*store, "v-1")->badge.state == PrecheckBadge::State::NotYetConfirmed);  // red: patch

    const PageApplied applied = apply(*store, page_of({}, {confirmation("v-1")}, {}, "c-2"));
    CHECK(applied.intake_sealed == 1);
    CHECK(applied.intake_skipped.empty());
    auto v = store->load_visit("v-1");
    REQUIRE_MESSAGE(v.ok(), v.error().message);
    REQUIRE(v->events().size() == 1);
    const VisitEvent& e = v->events().front();
    CHECK(e.actor == Actor::Intake);
    CHECK(e.kind == EventKind::PrecheckRecorded);
    CHECK(e.item == "patch");
    CHECK(e.wall_ms == kConfirmedAt);  // when the operator confirmed it, not when the tablet heard
    CHECK(e.new_answer == std::optional<Answer>(Answer{Answer::Kind::Met, 0, "operator:KPN"}));
    CHECK(v->phase() == VisitPhase::Assigned);  // the technician has not opened it
    // The patch is confirmed; the socket is still checked on arrival (amber, not red).
    CHECK(listed(*store, "v-1")->badge == PrecheckBadge{PrecheckBadge::State::CheckOnArrival, "socket"});
    CHECK(store->setting("assignment_cursor").value() == std::optional<std::string>("c-2"));
}

TEST_CASE("a visit whose only blocking precheck is confirmed before departure turns from red to green") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    ChecklistTemplate t = test::fiber_template("patch-only", 1);
    t.prechecks.resize(1);  // "patch": blocking, before departure
    REQUIRE(store->put_template(t).ok());
    apply(*store, page_of({test::fiber_assignment("v-1", "patch-only")}));
    REQUIRE(listed(*store, "v-1")->badge.state == PrecheckBadge::State::NotYetConfirmed);
    apply(*store, page_of({}, {confirmation("v-1")}));
    CHECK(listed(*store, "v-1")->badge == PrecheckBadge{PrecheckBadge::State::AllMet, {}});
}

TEST_CASE("applying the same page twice changes nothing") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    apply(*store, page_of({test::fiber_assignment("v-1"), test::fiber_assignment("v-2"), test::fiber_assignment("v-3")}));
    technician(*store, "v-3", open_visit);
    DownSyncPage page = page_of({test::fiber_assignment("v-4")}, {confirmation("v-1"), confirmation("v-4")},
                                {"v-2", "v-3"}, "c-2");
    page.contact = CompanyContact{"Glasvezel Noord", "088 123 45 67"};
    const PageApplied first = apply(*store, page);
    CHECK(first.intake_sealed == 2);
    CHECK(first.removed == std::vector<std::string>{"v-2"});
    CHECK(first.kept_withdrawn == std::vector<std::string>{"v-3"});
    const auto before = visit_rows(tmp);

    const PageApplied again = apply(*store, page);
    CHECK(visit_rows(tmp) == before);
    CHECK(again.intake_sealed == 0);
    CHECK(again.intake_known == 2);  // recognised as the same confirmations, not refused
    CHECK(again.intake_skipped.empty());
    CHECK(again.removed.empty());
    CHECK(again.kept_withdrawn.empty());
}

TEST_CASE("a confirmation the visit's rules refuse is skipped and named, and the rest of the page is applied") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    apply(*store, page_of({test::fiber_assignment("v-1"), test::fiber_assignment("v-2"), test::fiber_assignment("v-3")}));
    // v-2: the technician answered the patch on site already.
    technician(*store, "v-2", open_visit);
    technician(*store, "v-2", [](const Visit& v, Instant t) { return v.record_precheck("patch", Answer::met(), t); });
    // v-3: walked before this build, under record format 1, which has no intake.
    technician(*store, "v-3", open_visit);
    RawDatabase(test::database_path(tmp.path())).exec("UPDATE visits SET record_format = 1 WHERE visit_id = 'v-3'");

    const PageApplied applied =
        apply(*store, page_of({test::fiber_assignment("v-5")},
                              {confirmation("v-2"), confirmation("v-1", "socket"), confirmation("v-1", "no-such-check"),
                               confirmation("v-3"), confirmation("v-404"), confirmation("v-1"), confirmation("v-5")},
                              {}, "c-2"));
    CHECK(applied.intake_sealed == 2);  // v-1 and v-5: "patch"
    REQUIRE(applied.intake_skipped.size() == 5);
    const auto code = [&](std::size_t i) { return applied.intake_skipped[i].why.code; };
    CHECK(applied.intake_skipped[0].confirmation == confirmation("v-2"));
    CHECK(code(0) == ErrorCode::already_confirmed);
    CHECK(code(1) == ErrorCode::wrong_actor);    // on arrival: the technician's to check
    CHECK(code(2) == ErrorCode::unknown_item);
    CHECK(code(3) == ErrorCode::wrong_actor);    // format 1
    CHECK(code(4) == ErrorCode::not_found);      // not on this tablet
    // The page went through with its cursor; the technician's own answer stands.
    CHECK(listed(*store, "v-5").has_value());
    CHECK(store->setting("assignment_cursor").value() == std::optional<std::string>("c-2"));
    auto v2 = store->load_visit("v-2");
    REQUIRE(v2.ok());
    CHECK(v2->events().back().actor == Actor::Technician);
    CHECK(store->load_visit("v-3")->events().size() == 1);
}

TEST_CASE("a page that fails applies none of it: no confirmation, no withdrawal, no contact, no cursor") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    apply(*store, page_of({test::fiber_assignment("v-1"), test::fiber_assignment("v-2")}));
    const auto before = visit_rows(tmp);
    Assignment broken = test::fiber_assignment("v-3");
    broken.template_id.clear();
    DownSyncPage page = page_of({broken}, {confirmation("v-1")}, {"v-2"}, "c-2");
    page.contact = CompanyContact{"Glasvezel Noord", "088 123 45 67"};
    REQUIRE_FALSE(store->apply_assignment_page(page).ok());
    CHECK(visit_rows(tmp) == before);
    CHECK(store->company_contact().value() == CompanyContact{});
    CHECK(store->setting("assignment_cursor").value() == std::optional<std::string>("c-1"));
}

TEST_CASE("a withdrawn visit not yet started disappears with its confirmations, and a started one stays marked and is still sent") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    apply(*store, page_of({test::fiber_assignment("v-1"), test::fiber_assignment("v-2")}, {confirmation("v-1")}));
    technician(*store, "v-2", open_visit);

    const PageApplied applied = apply(*store, page_of({}, {}, {"v-1", "v-2", "v-unknown"}, "c-2"));
    CHECK(applied.removed == std::vector<std::string>{"v-1"});
    CHECK(applied.kept_withdrawn == std::vector<std::string>{"v-2"});
    CHECK_FALSE(listed(*store, "v-1").has_value());
    CHECK(store->load_visit("v-1").error().code == ErrorCode::not_found);
    RawDatabase raw(test::database_path(tmp.path()));
    CHECK(raw.count("SELECT COUNT(*) FROM events WHERE visit_id = 'v-1'") == 0);
    const auto kept = listed(*store, "v-2");
    REQUIRE(kept.has_value());
    CHECK(kept->withdrawn);

    // The work done is finished and sealed into the outbox like any other visit.
    technician(*store, "v-2", [](const Visit& v, Instant t) {
        return v.close_not_possible(FailureCause{FailureCause::Kind::CustomerAbsent, "", ""}, t);
    });
    CHECK(listed(*store, "v-2")->sealed);
    CHECK(listed(*store, "v-2")->withdrawn);
    REQUIRE(store->outbox()->size() == 1);
    CHECK(store->outbox()->front().visit_id == "v-2");
}

TEST_CASE("an assignment for a withdrawn visit clears its mark: the visit came back to this technician") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    apply(*store, page_of({test::fiber_assignment("v-1")}));
    technician(*store, "v-1", open_visit);
    apply(*store, page_of({}, {}, {"v-1"}, "c-2"));
    REQUIRE(listed(*store, "v-1")->withdrawn);
    apply(*store, page_of({test::fiber_assignment("v-1")}, {}, {}, "c-3"));
    CHECK_FALSE(listed(*store, "v-1")->withdrawn);
}

TEST_CASE("a visit only the intake has touched follows a rescheduled assignment and keeps its confirmation") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    apply(*store, page_of({test::fiber_assignment("v-1")}, {confirmation("v-1")}));
    Assignment moved = test::fiber_assignment("v-1");
    moved.window_start_ms += 86'400'000;
    moved.window_end_ms += 86'400'000;
    const PageApplied applied = apply(*store, page_of({moved}, {}, {}, "c-2"));
    CHECK(applied.intake_skipped.empty());
    auto v = store->load_visit("v-1");
    REQUIRE_MESSAGE(v.ok(), v.error().message);
    CHECK(v->assignment().window_start_ms == moved.window_start_ms);
    REQUIRE(v->events().size() == 1);
    CHECK(v->events().front().actor == Actor::Intake);
    CHECK(v->events().front().wall_ms == kConfirmedAt);

    // Onto a new template version without that precheck: the depot sends the visit's confirmations
    // with every page that carries it, and this one no longer fits, and says so.
    ChecklistTemplate v2 = test::fiber_template("fiber-install", 2);
    v2.prechecks.erase(v2.prechecks.begin());
    REQUIRE(store->put_template(v2).ok());
    const PageApplied onto_v2 =
        apply(*store, page_of({test::fiber_assignment("v-1", "fiber-install", 2)}, {confirmation("v-1")}, {}, "c-3"));
    REQUIRE(onto_v2.intake_skipped.size() == 1);
    CHECK(onto_v2.intake_skipped.front().why.code == ErrorCode::unknown_item);
    auto on_v2 = store->load_visit("v-1");
    REQUIRE_MESSAGE(on_v2.ok(), on_v2.error().message);
    CHECK(on_v2->checklist().version == 2);
    CHECK(on_v2->events().empty());
}

TEST_CASE("the depot's contact settings are stored with the page, and a page without them leaves them") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    CHECK(store->company_contact().value() == CompanyContact{});
    DownSyncPage page = page_of({}, {}, {}, "c-1");
    page.contact = CompanyContact{"Glasvezel Noord", "088 123 45 67"};
    apply(*store, page);
    CHECK(store->company_contact().value() == CompanyContact{"Glasvezel Noord", "088 123 45 67"});
    CHECK(store->setting(kSettingCompany).value() == std::optional<std::string>("Glasvezel Noord"));
    CHECK(store->setting(kSettingHelpdesk).value() == std::optional<std::string>("088 123 45 67"));
    apply(*store, page_of({}, {}, {}, "c-2"));
    CHECK(store->company_contact().value() == CompanyContact{"Glasvezel Noord", "088 123 45 67"});
}
