// Intake confirmations (story 000): a before-departure precheck the back office confirmed, sealed into
// the visit as a precheck event of actor intake (record format 2 and later), and every refusal of it.
#include <algorithm>

#include "visit_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr std::int64_t kEveningBeforeMs = 1'699'980'000'000;  // before the walk's clock

PrecheckConfirmation confirmation(std::string precheck = "patch", std::string by = "operator:KPN") {
    return PrecheckConfirmation{"v-1001", std::move(precheck), std::move(by), kEveningBeforeMs};
}

// Only before-departure prechecks: once both are met nothing is left for the day's list to show.
std::shared_ptr<const ChecklistTemplate> departure_only_template() {
    auto t = std::make_shared<ChecklistTemplate>(*fiber_template());
    t->prechecks = {
        {"patch", "Patch confirmed by the network operator", "", PrecheckMoment::BeforeDeparture, true},
        {"socket-announced", "Customer told about the double socket", "", PrecheckMoment::BeforeDeparture, false},
    };
    return t;
}

}  // namespace

TEST_CASE("an intake confirmation is a met precheck of actor intake, timed when it was given") {
    Walk w;
    const Events events = w.take(w.visit.record_intake(confirmation(), w.tick()));
    REQUIRE(events.size() == 1);
    const VisitEvent& e = events[0];
    CHECK(e.kind == EventKind::PrecheckRecorded);
    CHECK(e.actor == Actor::Intake);
    CHECK(e.item == "patch");
    CHECK(e.wall_ms == kEveningBeforeMs);
    CHECK(e.mono_ms == w.clock.now().mono_ms);
    CHECK(e.new_answer == Answer{Answer::Kind::Met, 0, "operator:KPN"});
    CHECK_FALSE(e.old_answer.has_value());
    CHECK(w.visit.phase() == VisitPhase::Assigned);
    // It survives the record's round trip with its actor.
    const auto record = decode_visit_record(encode_visit_record(w.visit));
    REQUIRE(record.ok());
    REQUIRE(record->events.size() == 1);
    CHECK(record->events[0].actor == Actor::Intake);
}

TEST_CASE("the day's badge turns from not yet confirmed to all met when the intake confirms") {
    Walk w(departure_only_template());
    CHECK(w.visit.precheck_badge() == PrecheckBadge{PrecheckBadge::State::NotYetConfirmed, "patch"});
    w.take(w.visit.record_intake(confirmation(), w.tick()));
    CHECK(w.visit.precheck_badge().state == PrecheckBadge::State::Pending);  // the non-blocking one is open
    w.take(w.visit.record_intake(confirmation("socket-announced", "intake: Anna"), w.tick()));
    CHECK(w.visit.precheck_badge() == PrecheckBadge{PrecheckBadge::State::AllMet, ""});
    // On the fiber template an on-arrival check is still left for the technician on site.
    Walk fiber;
    fiber.take(fiber.visit.record_intake(confirmation(), fiber.tick()));
    CHECK(fiber.visit.precheck_badge() == PrecheckBadge{PrecheckBadge::State::CheckOnArrival, "socket"});
}

TEST_CASE("an intake confirmation is refused in format 1, for an on-arrival precheck, and for one already recorded") {
    Walk old(fiber_template(), 1);
    CHECK(code_of(old.visit.record_intake(confirmation(), old.tick())) == ErrorCode::wrong_actor);

    Walk w;
    const auto on_arrival = w.visit.record_intake(confirmation("socket"), w.tick());
    CHECK(code_of(on_arrival) == ErrorCode::wrong_actor);
    CHECK(on_arrival.error().param("subject") == "Free double socket near the meter cupboard");
    CHECK(code_of(w.visit.record_intake(confirmation("nope"), w.tick())) == ErrorCode::unknown_item);

    w.take(w.visit.record_intake(confirmation(), w.tick()));
    const auto twice = w.visit.record_intake(confirmation("patch", "intake: Anna"), w.tick());
    CHECK(code_of(twice) == ErrorCode::already_confirmed);
    CHECK(twice.error().param("subject") == "Patch confirmed by the network operator");

    Walk technician_first;
    technician_first.take(technician_first.visit.record_precheck("patch", Answer::met(), technician_first.tick()));
    CHECK(code_of(technician_first.visit.record_intake(confirmation(), technician_first.tick())) ==
          ErrorCode::already_confirmed);
}

TEST_CASE("an intake confirmation names who confirmed it: not blank, at most 200 bytes of UTF-8 on one line, the rule the depot checks") {
    Walk w;
    for (const std::string& by : {std::string(), std::string("  \t")}) {
        CAPTURE(by);
        CHECK(code_of(w.visit.record_intake(confirmation("patch", by), w.tick())) == ErrorCode::empty_text);
    }
    for (const std::string& by : {std::string(kMaxConfirmedByBytes + 1, 'x'), std::string("intake \xff"),
                                  std::string("operator\nKPN"), std::string("intake\x1b[2J")}) {
        CAPTURE(by);
        CHECK(code_of(w.visit.record_intake(confirmation("patch", by), w.tick())) == ErrorCode::text_too_long);
        CHECK(code_of(check_confirmation(w.visit.checklist(), confirmation("patch", by))) == ErrorCode::text_too_long);
    }
    w.take(w.visit.record_intake(confirmation("patch", std::string(kMaxConfirmedByBytes, 'x')), w.tick()));
}

TEST_CASE("a forged intake event is refused unless it is exactly a first met with a name") {
    Walk w;
    const std::string met_by = encode_answer(Answer{Answer::Kind::Met, 0, "operator:KPN"});
    CHECK(code_of(w.offer(EventKind::PrecheckRecorded, Actor::Intake, "patch", "", encode_answer(Answer::not_met("no")))) ==
          ErrorCode::malformed);
    CHECK(code_of(w.offer(EventKind::PrecheckRecorded, Actor::Intake, "patch", "", encode_answer(Answer::met()))) ==
          ErrorCode::empty_text);
    CHECK(code_of(w.offer(EventKind::PrecheckRecorded, Actor::Intake, "patch", encode_answer(Answer::met()), met_by)) ==
          ErrorCode::malformed);
    CHECK(code_of(w.offer(EventKind::PrecheckRecorded, Actor::Intake, "patch", "",
                          encode_answer(Answer{Answer::Kind::Met, 3, "operator:KPN"}))) == ErrorCode::malformed);
    // The intake records prechecks and nothing else.
    CHECK(code_of(w.offer(EventKind::Opened, Actor::Intake)) == ErrorCode::wrong_actor);
    CHECK(code_of(w.offer(EventKind::ClosedNotPossible, Actor::Intake, "", "", "",
                          encode_failure_cause(FailureCause{FailureCause::Kind::CustomerAbsent, "", ""}))) ==
          ErrorCode::wrong_actor);
    CHECK(w.visit.events().empty());
    CHECK(w.offer(EventKind::PrecheckRecorded, Actor::Intake, "patch", "", met_by).ok());
}

TEST_CASE("an intake confirmation comes before the steps, and a negative time is no time") {
    Walk w;
    w.to_steps();
    CHECK(code_of(w.visit.record_intake(confirmation(), w.tick())) == ErrorCode::wrong_phase);
    Walk opened;
    opened.to_prechecks();
    opened.take(opened.visit.record_intake(confirmation(), opened.tick()));  // learned of on site: still fine
    Walk negative;
    PrecheckConfirmation c = confirmation();
    c.at_ms = -1;
    CHECK(code_of(negative.visit.record_intake(c, negative.tick())) == ErrorCode::invalid_time);
    Walk sealed;
    sealed.take(sealed.visit.close_not_possible(FailureCause{FailureCause::Kind::CustomerAbsent, "", ""}, sealed.tick()));
    CHECK(code_of(sealed.visit.record_intake(confirmation(), sealed.tick())) == ErrorCode::sealed);
}

TEST_CASE("the technician may still record an intake-confirmed precheck on site, and not met closes the visit") {
    Walk w;
    w.take(w.visit.record_intake(confirmation(), w.tick()));
    w.to_prechecks();
    const Events events = w.take(w.visit.record_precheck("patch", Answer::not_met("no light on the fiber"), w.tick()));
    REQUIRE(events.size() == 2);
    CHECK(events[0].actor == Actor::Technician);
    CHECK(events[0].old_answer == Answer{Answer::Kind::Met, 0, "operator:KPN"});
    CHECK(w.visit.cause()->kind == FailureCause::Kind::PrecheckNotMet);
    CHECK(w.visit.cause()->precheck_id == "patch");
}
