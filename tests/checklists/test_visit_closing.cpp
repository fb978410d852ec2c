// Closing "not possible" with its true cause, the seal, and the audit trail's order and actors.
#include "visit_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

FailureCause cause(FailureCause::Kind kind, std::string precheck = {}, std::string text = {}) {
    return FailureCause{kind, std::move(precheck), std::move(text)};
}

}  // namespace

TEST_CASE("a visit closes as not possible from assigned, prechecks or steps, never once the handover has begun") {
    for (int phase = 0; phase < 3; ++phase) {
        Walk w;
        if (phase == 1) w.to_prechecks();
        if (phase == 2) w.to_steps();
        w.take(w.visit.close_not_possible(cause(FailureCause::Kind::CustomerAbsent), w.tick()));
        CHECK(w.visit.phase() == VisitPhase::Closed);
        CHECK(w.visit.outcome() == Outcome::NotPossible);
        CHECK(w.visit.sealed());
    }
    // The work is done at the handover: what follows is the customer's survey, which only the
    // technician's PIN may skip. Closing "not possible" would erase both.
    Walk h;
    h.to_handover();
    const auto refused = h.visit.close_not_possible(cause(FailureCause::Kind::CustomerAbsent), h.tick());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::handover_started);
    CHECK(refused.error().message.find("the work is done") != std::string::npos);
    CHECK(refused.error().message.find("survey follows") != std::string::npos);
    CHECK(refused.error().message.find("PIN") != std::string::npos);
    // A forged or replayed close is refused the same way, and the visit stays open.
    CHECK(code_of(h.offer(EventKind::ClosedNotPossible, Actor::Technician, "", "", "",
                                        encode_failure_cause(cause(FailureCause::Kind::NetworkFault)))) == ErrorCode::handover_started);
    CHECK(h.visit.phase() == VisitPhase::Handover);
    CHECK_FALSE(h.visit.sealed());
    Walk c;
    c.to_customer_mode();
    CHECK(code_of(c.visit.close_not_possible(cause(FailureCause::Kind::CustomerAbsent), c.tick())) == ErrorCode::handover_started);
    CHECK(c.visit.phase() == VisitPhase::CustomerSurvey);
}

TEST_CASE("only a cause precheck not met names a precheck") {
    Walk w;
    w.to_prechecks();
    w.take(w.visit.record_precheck("parking", Answer::not_met("no space in the street"), w.tick()));
    for (const auto kind : {FailureCause::Kind::CustomerAbsent, FailureCause::Kind::EquipmentDoesNotFit,
                            FailureCause::Kind::NetworkFault, FailureCause::Kind::Other}) {
        CAPTURE(to_string(kind));
        const FailureCause named{kind, "parking", "some words"};
        CHECK(code_of(w.visit.close_not_possible(named, w.tick())) == ErrorCode::invalid_cause);
        CHECK(code_of(w.offer(EventKind::ClosedNotPossible, Actor::Technician, "", "", "",
                                            encode_failure_cause(named))) == ErrorCode::invalid_cause);
    }
    CHECK_FALSE(w.visit.sealed());
    w.take(w.visit.close_not_possible(cause(FailureCause::Kind::CustomerAbsent), w.tick()));
    CHECK(w.visit.cause()->precheck_id.empty());
}

TEST_CASE("an event with a negative wall or monotonic time is refused as invalid_time") {
    Walk w;
    w.to_steps();
    CHECK(code_of(w.visit.answer_step("safety", Answer::confirmed(), Instant{-1, 5'000})) == ErrorCode::invalid_time);
    CHECK(code_of(w.visit.answer_step("safety", Answer::confirmed(), Instant{1'700'000'000'000, -1})) == ErrorCode::invalid_time);
    VisitEvent forged = w.forge(EventKind::StepAnswered, Actor::Technician, "safety", "", encode_answer(Answer::confirmed())).value();
    forged.mono_ms = -60'000;
    CHECK(code_of(w.visit.apply(forged)) == ErrorCode::invalid_time);
    CHECK_FALSE(w.visit.step_answer("safety").has_value());
    // Zero is a real reading (the first millisecond after boot).
    w.take(w.visit.answer_step("safety", Answer::confirmed(), Instant{1'700'000'000'000, 0}));
}

TEST_CASE("closing with cause other needs a text") {
    Walk w;
    w.to_steps();
    CHECK(code_of(w.visit.close_not_possible(cause(FailureCause::Kind::Other), w.tick())) == ErrorCode::cause_text_required);
    CHECK(code_of(w.visit.close_not_possible(cause(FailureCause::Kind::Other, "", "   "), w.tick())) == ErrorCode::cause_text_required);
    CHECK(code_of(w.offer(EventKind::ClosedNotPossible, Actor::Technician, "", "", "",
                                        encode_failure_cause(cause(FailureCause::Kind::Other)))) == ErrorCode::cause_text_required);
    w.take(w.visit.close_not_possible(cause(FailureCause::Kind::Other, "", "Meterkast onbereikbaar"), w.tick()));
    CHECK(w.visit.cause()->text == "Meterkast onbereikbaar");
}

TEST_CASE("closing with cause precheck not met needs that precheck recorded as not met") {
    Walk w;
    w.to_prechecks();
    CHECK(code_of(w.visit.close_not_possible(cause(FailureCause::Kind::PrecheckNotMet, "parking"), w.tick())) == ErrorCode::cause_not_recorded);
    CHECK(code_of(w.visit.close_not_possible(cause(FailureCause::Kind::PrecheckNotMet, "nope"), w.tick())) == ErrorCode::cause_not_recorded);
    w.take(w.visit.record_precheck("parking", Answer::met(), w.tick()));
    CHECK(code_of(w.visit.close_not_possible(cause(FailureCause::Kind::PrecheckNotMet, "parking"), w.tick())) == ErrorCode::cause_not_recorded);
    w.take(w.visit.record_precheck("parking", Answer::not_met("no space in the street"), w.tick()));
    // A non-blocking precheck is a cause only once the blocking ones are recorded (record format 2).
    CHECK(code_of(w.visit.close_not_possible(cause(FailureCause::Kind::PrecheckNotMet, "parking"), w.tick())) == ErrorCode::precheck_open);
    w.take(w.visit.record_precheck("patch", Answer::met(), w.tick()));
    w.take(w.visit.record_precheck("socket", Answer::met(), w.tick()));
    w.take(w.visit.close_not_possible(cause(FailureCause::Kind::PrecheckNotMet, "parking"), w.tick()));
    CHECK(w.visit.cause()->precheck_id == "parking");
}

TEST_CASE("after the seal every change is refused and the visit stays as it was") {
    Walk w;
    w.to_customer_mode();
    w.answer_required_survey();
    w.take(w.visit.submit_survey(w.tick()));
    const std::string seal = w.visit.seal();
    const std::string content = w.visit.canonical_content();
    const std::size_t count = w.visit.events().size();

    CHECK(code_of(w.visit.answer_survey("result", Answer::score(1), w.tick())) == ErrorCode::sealed);
    CHECK(code_of(w.offer(EventKind::SurveyAnswered, Actor::Customer, "result",
                                        encode_answer(Answer::score(4)), encode_answer(Answer::score(1)))) == ErrorCode::sealed);
    CHECK(code_of(w.offer(EventKind::StepAnswered, Actor::Technician, "power",
                                        encode_answer(Answer::measured(-18.5)), encode_answer(Answer::measured(-9)))) == ErrorCode::sealed);
    CHECK(code_of(w.visit.close_not_possible(cause(FailureCause::Kind::NetworkFault), w.tick())) == ErrorCode::sealed);
    CHECK(code_of(w.visit.go_back(w.tick())) == ErrorCode::sealed);
    CHECK(w.visit.events().size() == count);
    CHECK(w.visit.seal() == seal);
    CHECK(w.visit.canonical_content() == content);
    CHECK(w.visit.survey_answer("result") == Answer::score(4));
}

TEST_CASE("the seal is the SHA-256 of the canonical content: assignment, template and events") {
    Walk w;
    w.take(w.visit.close_not_possible(cause(FailureCause::Kind::CustomerAbsent), w.tick()));
    const std::string content = w.visit.canonical_content();
    CHECK(w.visit.seal() == sha256_hex(content));
    CHECK(content.rfind("{\"assignment\":{", 0) == 0);
    CHECK(content.find("\"template\":{\"id\":\"fiber-install\",\"version\":3}") != std::string::npos);
    CHECK(content.find("\"seal\"") == std::string::npos);
    CHECK(content.find("\"kind\":\"closed_not_possible\"") != std::string::npos);
    // A different assignment gives a different seal for the same events.
    Assignment other = fiber_assignment();
    other.customer_name = "Meneer Jansen";
    Visit v(other, fiber_template());
    REQUIRE(v.apply(w.visit.events()).ok());
    CHECK(v.sealed());
    CHECK(v.seal() != w.visit.seal());
}

TEST_CASE("events are numbered 1 to n without gaps and refused out of order") {
    Walk w;
    w.to_handover();
    for (std::size_t i = 0; i < w.visit.events().size(); ++i) {
        CHECK(w.visit.events()[i].seq == static_cast<std::int64_t>(i + 1));
    }
    VisitEvent e = w.forge(EventKind::HandoverConfirmed, Actor::Customer, "wired_laptop").value();
    e.seq += 1;
    CHECK(code_of(w.visit.apply(e)) == ErrorCode::out_of_order);
    e.seq -= 2;
    CHECK(code_of(w.visit.apply(e)) == ErrorCode::out_of_order);
    e.seq += 1;
    CHECK(w.visit.apply(e).ok());
}

TEST_CASE("each event carries the wall and monotonic time, actor, item and old and new value") {
    Walk w;
    w.to_steps();
    const Instant at{1'700'000'555'000, 4'242};
    const Events e = w.take(w.visit.answer_step("safety", Answer::confirmed(), at));
    REQUIRE(e.size() == 1);
    CHECK(e[0].wall_ms == at.wall_ms);
    CHECK(e[0].mono_ms == at.mono_ms);
    CHECK(e[0].actor == Actor::Technician);
    CHECK(e[0].kind == EventKind::StepAnswered);
    CHECK(e[0].item == "safety");
    CHECK_FALSE(e[0].old_answer);
    CHECK(e[0].new_answer == Answer::confirmed());
    CHECK(w.visit.events().back() == e[0]);
}

TEST_CASE("technician events must come from the technician, customer events from the customer") {
    Walk w;
    CHECK(code_of(w.offer(EventKind::Opened, Actor::Customer)) == ErrorCode::wrong_actor);
    CHECK(code_of(w.offer(EventKind::Opened, Actor::System)) == ErrorCode::wrong_actor);
    w.to_steps();
    CHECK(code_of(w.offer(EventKind::StepAnswered, Actor::Customer, "safety", "",
                                        encode_answer(Answer::confirmed()))) == ErrorCode::wrong_actor);
    CHECK(code_of(w.offer(EventKind::ClosedNotPossible, Actor::Customer, "", "", "",
                                        encode_failure_cause(cause(FailureCause::Kind::CustomerAbsent)))) == ErrorCode::wrong_actor);
}

TEST_CASE("apply of a list is all or nothing") {
    Walk w;
    w.to_steps();
    Events events = w.visit.answer_step("safety", Answer::confirmed(), w.tick()).value().events;
    VisitEvent bad = events[0];
    bad.seq += 1;
    bad.kind = EventKind::HandoverBegun;
    bad.item.clear();
    bad.new_answer.reset();
    events.push_back(bad);
    const std::size_t before = w.visit.events().size();
    CHECK(code_of(w.visit.apply(events)) == ErrorCode::required_step_unanswered);
    CHECK(w.visit.events().size() == before);
    CHECK_FALSE(w.visit.step_answer("safety"));
}

TEST_CASE("two visits closed not possible on the same job mark the next one for escalation") {
    Assignment a;
    a.job_id = "job-1";
    CHECK_FALSE(needs_escalation(a));
    a.history.push_back({"v1", 1, "not_possible", "precheck_not_met", "patch missing"});
    a.history.push_back({"v2", 2, "completed", "", ""});
    CHECK_FALSE(needs_escalation(a));
    a.history.push_back({"v3", 3, "not_possible", "network_fault", ""});
    CHECK_FALSE(needs_escalation(a));  // one failure since the completion
    a.history.push_back({"v4", 4, "not_possible", "other", "no access"});
    CHECK(needs_escalation(a));
}

TEST_CASE("escalation counts only the job's failures since its last completed visit, in date order") {
    Assignment a;
    a.job_id = "job-1";
    // Three failures, then the third attempt completed: the next visit is an ordinary one.
    a.history = {{"v1", 1, "not_possible", "precheck_not_met", "", "job-1"},
                 {"v2", 2, "not_possible", "precheck_not_met", "", "job-1"},
                 {"v3", 3, "completed", "", "", "job-1"}};
    CHECK(failed_attempts_since_completion(a.history, "job-1") == 0);
    CHECK_FALSE(needs_escalation(a));
    CHECK_FALSE(escalated(a));
    // Out of date order on arrival: the completion is still the latest.
    std::swap(a.history[0], a.history[2]);
    CHECK_FALSE(needs_escalation(a));
    // The same customer's failures on another job never escalate this one.
    a.history.push_back({"w1", 5, "not_possible", "network_fault", "", "job-2"});
    a.history.push_back({"w2", 6, "not_possible", "network_fault", "", "job-2"});
    CHECK_FALSE(needs_escalation(a));
    CHECK(failed_attempts_since_completion(a.history, "job-2") == 2);
    // An entry without a job (written before entries named theirs) is on the assignment's own job.
    a.history.push_back({"v5", 7, "not_possible", "other", "no access"});
    a.history.push_back({"v6", 8, "not_possible", "other", "no access", "job-1"});
    CHECK(failed_attempts_since_completion(a.history, "job-1") == 2);
    CHECK(needs_escalation(a));
}

TEST_CASE("a visit is escalated when the depot marked it or its own history says so, and every screen asks the same") {
    Assignment a;
    CHECK_FALSE(escalated(a));
    a.escalation = true;  // the depot knew of attempts this tablet's history lacks
    CHECK(escalated(a));
    a.escalation = false;
    a.history = {{"v1", 1, "not_possible", "precheck_not_met", ""}, {"v2", 2, "not_possible", "other", "no access"}};
    CHECK(escalated(a));
}
