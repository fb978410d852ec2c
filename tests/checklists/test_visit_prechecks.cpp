// Phases before the steps: opening the visit, prechecks, and the early honest "not possible" close.
#include "visit_fixtures.h"

using namespace fc;
using namespace fc::test;

TEST_CASE("a visit moves assigned, prechecks, steps, handover, customer survey, closed in that order") {
    Walk w;
    CHECK(w.visit.phase() == VisitPhase::Assigned);
    CHECK(code_of(w.visit.begin_steps(w.tick())) == ErrorCode::not_opened);
    CHECK(code_of(w.visit.begin_handover(w.tick())) == ErrorCode::wrong_phase);
    w.to_prechecks();
    CHECK(w.visit.phase() == VisitPhase::Prechecks);
    CHECK(code_of(w.visit.open(w.tick())) == ErrorCode::wrong_phase);
    CHECK(code_of(w.visit.begin_handover(w.tick())) == ErrorCode::wrong_phase);
    w.take(w.visit.record_precheck("patch", Answer::met(), w.tick()));
    w.take(w.visit.record_precheck("socket", Answer::met(), w.tick()));
    w.take(w.visit.record_precheck("parking", Answer::met(), w.tick()));
    w.take(w.visit.begin_steps(w.tick()));
    CHECK(w.visit.phase() == VisitPhase::Steps);
    w.answer_all_steps();
    w.take(w.visit.begin_handover(w.tick()));
    CHECK(w.visit.phase() == VisitPhase::Handover);
    w.take(w.visit.confirm_handover("wired_laptop", w.tick()));
    w.take(w.visit.confirm_handover("wifi_password", w.tick()));
    w.take(w.visit.enter_customer_mode(w.tick()));
    CHECK(w.visit.phase() == VisitPhase::CustomerSurvey);
    w.answer_required_survey();
    w.take(w.visit.submit_survey(w.tick()));
    CHECK(w.visit.phase() == VisitPhase::Closed);

    // The phase change is in apply(), not only in the verbs: a forged skip is refused on replay too.
    Walk skip;
    skip.to_prechecks();
    CHECK(code_of(skip.offer(EventKind::HandoverBegun, Actor::Technician)) == ErrorCode::wrong_phase);
}

TEST_CASE("prechecks can be recorded before driving out and on arrival, never after the steps begin") {
    Walk w;
    // Assigned: before driving out.
    w.take(w.visit.record_precheck("patch", Answer::met(), w.tick()));
    CHECK(w.visit.precheck_answer("patch") == Answer::met());
    CHECK(w.visit.phase() == VisitPhase::Assigned);
    w.take(w.visit.open(w.tick()));
    w.take(w.visit.record_precheck("socket", Answer::met(), w.tick()));
    w.take(w.visit.record_precheck("parking", Answer::not_met("street works"), w.tick()));
    w.take(w.visit.begin_steps(w.tick()));
    CHECK(code_of(w.visit.record_precheck("parking", Answer::met(), w.tick())) == ErrorCode::wrong_phase);
    CHECK(code_of(w.offer(EventKind::PrecheckRecorded, Actor::Technician, "parking",
                                        encode_answer(Answer::not_met("street works")),
                                        encode_answer(Answer::met()))) == ErrorCode::wrong_phase);
}

TEST_CASE("a precheck takes met or not met only, for a precheck that exists") {
    Walk w;
    w.to_prechecks();
    CHECK(code_of(w.visit.record_precheck("patch", Answer::done(), w.tick())) == ErrorCode::wrong_answer_kind);
    CHECK(code_of(w.visit.record_precheck("patch", Answer::score(5), w.tick())) == ErrorCode::wrong_answer_kind);
    CHECK(code_of(w.visit.record_precheck("nope", Answer::met(), w.tick())) == ErrorCode::unknown_item);
    CHECK(code_of(w.offer(EventKind::PrecheckRecorded, Actor::Technician, "patch", "",
                                        encode_answer(Answer::confirmed()))) == ErrorCode::wrong_answer_kind);
    CHECK(code_of(w.offer(EventKind::PrecheckRecorded, Actor::Technician, "patch", "", "{not json")) == ErrorCode::malformed);
    CHECK(w.visit.events().size() == 1);
}

TEST_CASE("a blocking precheck not met closes the visit as not possible with that precheck as cause") {
    Walk w;
    w.to_prechecks();
    const Events events = w.take(w.visit.record_precheck("patch", Answer::not_met("operator says next week"), w.tick()));
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == EventKind::PrecheckRecorded);
    CHECK(events[1].kind == EventKind::ClosedNotPossible);
    CHECK(events[1].item == "patch");
    CHECK(w.visit.phase() == VisitPhase::Closed);
    CHECK(w.visit.outcome() == Outcome::NotPossible);
    REQUIRE(w.visit.cause().has_value());
    CHECK(w.visit.cause()->kind == FailureCause::Kind::PrecheckNotMet);
    CHECK(w.visit.cause()->precheck_id == "patch");
    CHECK(w.visit.sealed());
    CHECK(w.visit.precheck_badge() == PrecheckBadge{PrecheckBadge::State::NotMet, "patch"});

    // Replaying only the precheck without its close is refused: the close is part of the rule.
    Walk replay;
    replay.to_prechecks();
    REQUIRE(replay.visit.apply(events[0]).ok());
    CHECK(code_of(replay.offer(EventKind::Navigated, Actor::Technician, "safety")) == ErrorCode::consequence_pending);
    FailureCause other{FailureCause::Kind::CustomerAbsent, "", ""};
    CHECK(code_of(replay.visit.close_not_possible(other, replay.tick())) == ErrorCode::consequence_pending);
}

TEST_CASE("a non-blocking precheck not met does not stop the visit") {
    Walk w;
    w.to_prechecks();
    const Events events = w.take(w.visit.record_precheck("parking", Answer::not_met(), w.tick()));
    CHECK(events.size() == 1);
    CHECK(w.visit.phase() == VisitPhase::Prechecks);
    CHECK(w.visit.precheck_badge() == PrecheckBadge{PrecheckBadge::State::NotYetConfirmed, "patch"});
    w.take(w.visit.record_precheck("patch", Answer::met(), w.tick()));
    w.take(w.visit.record_precheck("socket", Answer::met(), w.tick()));
    CHECK(w.visit.precheck_badge() == PrecheckBadge{PrecheckBadge::State::Pending, ""});
    w.take(w.visit.begin_steps(w.tick()));
    CHECK(w.visit.phase() == VisitPhase::Steps);
}

TEST_CASE("steps begin only when every precheck is answered and every blocking one is met") {
    Walk w;
    w.to_prechecks();
    w.take(w.visit.record_precheck("patch", Answer::met(), w.tick()));
    w.take(w.visit.record_precheck("socket", Answer::met(), w.tick()));
    CHECK(code_of(w.visit.begin_steps(w.tick())) == ErrorCode::precheck_unanswered);
    CHECK(code_of(w.offer(EventKind::StepsBegun, Actor::Technician)) == ErrorCode::precheck_unanswered);
    w.take(w.visit.record_precheck("parking", Answer::met(), w.tick()));
    CHECK(w.visit.precheck_badge() == PrecheckBadge{PrecheckBadge::State::AllMet, ""});
    w.take(w.visit.begin_steps(w.tick()));
    CHECK(w.visit.phase() == VisitPhase::Steps);
}

TEST_CASE("the day's list shows a blocking precheck still open before driving out") {
    Walk w;
    CHECK(w.visit.precheck_badge() == PrecheckBadge{PrecheckBadge::State::NotYetConfirmed, "patch"});
    w.take(w.visit.record_precheck("patch", Answer::met(), w.tick()));
    w.take(w.visit.record_precheck("socket", Answer::met(), w.tick()));
    CHECK(w.visit.precheck_badge() == PrecheckBadge{PrecheckBadge::State::Pending, ""});
    w.take(w.visit.record_precheck("parking", Answer::met(), w.tick()));
    CHECK(w.visit.precheck_badge() == PrecheckBadge{PrecheckBadge::State::AllMet, ""});
}

namespace {

using State = PrecheckBadge::State;

// Records one precheck answer, then the badge must be `expected`.
void record_then_badge(Walk& w, const std::string& id, const Answer& answer, const PrecheckBadge& expected) {
    CAPTURE(id);
    w.take(w.visit.record_precheck(id, answer, w.tick()));
    CHECK(w.visit.precheck_badge() == expected);
}

}  // namespace

TEST_CASE("the precheck badge: red for a blocking check not met or unconfirmed before departure, amber on arrival, grey, green") {
    // Red, named: the blocking before-departure precheck nobody confirmed yet.
    Walk w;
    CHECK(w.visit.precheck_badge() == PrecheckBadge{State::NotYetConfirmed, "patch"});
    w.to_prechecks();
    // Amber, named: what is left blocking can only be checked on arrival.
    record_then_badge(w, "patch", Answer::met(), {State::CheckOnArrival, "socket"});
    // Grey: only a non-blocking precheck is open, or it was not met.
    record_then_badge(w, "socket", Answer::met(), {State::Pending, ""});
    record_then_badge(w, "parking", Answer::not_met("street works"), {State::Pending, ""});
    record_then_badge(w, "parking", Answer::met(), {State::AllMet, ""});

    // Red, named: a blocking check made on arrival that was not met.
    Walk arrival;
    arrival.to_prechecks();
    record_then_badge(arrival, "patch", Answer::met(), {State::CheckOnArrival, "socket"});
    record_then_badge(arrival, "socket", Answer::not_met("no free socket"), {State::NotMet, "socket"});
}

TEST_CASE("the precheck badge names the most urgent precheck, the first in template order among equals") {
    auto t = std::make_shared<ChecklistTemplate>(*fiber_template());
    // On-arrival checks listed first, then two before departure: urgency decides, not the list.
    t->prechecks = {
        {"socket", "Free double socket", "", PrecheckMoment::OnArrival, true},
        {"ladder", "Ladder reaches the attic", "", PrecheckMoment::OnArrival, true},
        {"patch", "Patch confirmed", "", PrecheckMoment::BeforeDeparture, true},
        {"permit", "Building permit", "", PrecheckMoment::BeforeDeparture, true},
    };
    Walk w(t);
    CHECK(w.visit.precheck_badge() == PrecheckBadge{State::NotYetConfirmed, "patch"});
    w.to_prechecks();
    record_then_badge(w, "patch", Answer::met(), {State::NotYetConfirmed, "permit"});
    record_then_badge(w, "permit", Answer::met(), {State::CheckOnArrival, "socket"});
    record_then_badge(w, "socket", Answer::met(), {State::CheckOnArrival, "ladder"});
    record_then_badge(w, "ladder", Answer::met(), {State::AllMet, ""});
}

TEST_CASE("steps begin at the first shown step") {
    Walk w;
    w.to_steps();
    CHECK(w.visit.current_step() == 0);

    // A step whose show_if source is not earlier (a template the parser would refuse) stays hidden,
    // so the walk starts after it.
    auto t = std::make_shared<ChecklistTemplate>(*fiber_template());
    std::swap(t->steps[0], t->steps[7]);  // low_power_note (show_if on a later step) first
    Walk odd(t);
    odd.to_steps();
    CHECK(odd.visit.current_step() == 1);
    CHECK_FALSE(odd.visit.step_shown("low_power_note"));
}
