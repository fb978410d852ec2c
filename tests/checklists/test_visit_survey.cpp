// Handover and the customer's survey: confirmation, customer mode, answers, submit, decline with PIN.
#include "visit_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

TechnicianPin pin() { return TechnicianPin::create("4711", "00112233445566778899aabbccddeeff").value(); }

}  // namespace

TEST_CASE("handover items are confirmed by the customer, during the handover") {
    Walk w;
    w.to_steps();
    CHECK(code_of(w.visit.confirm_handover("wired_laptop", w.tick())) == ErrorCode::wrong_phase);
    Walk h;
    h.to_handover();
    CHECK(code_of(h.offer(EventKind::HandoverConfirmed, Actor::Technician, "wired_laptop")) == ErrorCode::wrong_actor);
    CHECK(code_of(h.visit.confirm_handover("nope", h.tick())) == ErrorCode::unknown_item);
    const Events e = h.take(h.visit.confirm_handover("wired_laptop", h.tick()));
    CHECK(e[0].actor == Actor::Customer);
    CHECK(h.visit.handover_confirmed("wired_laptop"));
    CHECK_FALSE(h.visit.handover_confirmed("wifi_password"));
    CHECK(code_of(h.visit.confirm_handover("wired_laptop", h.tick())) == ErrorCode::already_confirmed);
}

TEST_CASE("confirmed handover items with a to-do build the customer's list") {
    Walk w;
    w.to_handover();
    CHECK(w.visit.customer_todo().empty());
    w.take(w.visit.confirm_handover("wifi_password", w.tick()));  // no to-do line
    CHECK(w.visit.customer_todo().empty());
    w.take(w.visit.confirm_handover("wired_laptop", w.tick()));
    CHECK(w.visit.customer_todo() == std::vector<std::string>{"Activate the modem from a laptop on a cable"});
}

TEST_CASE("the survey is locked until every handover item is confirmed and the device is handed over") {
    Walk w;
    w.to_steps();
    CHECK(code_of(w.visit.enter_customer_mode(w.tick())) == ErrorCode::survey_locked);
    CHECK(code_of(w.visit.answer_survey("result", Answer::score(5), w.tick())) == ErrorCode::customer_mode_only);
    Walk h;
    h.to_handover();
    CHECK(code_of(h.visit.answer_survey("result", Answer::score(5), h.tick())) == ErrorCode::customer_mode_only);
    CHECK(code_of(h.visit.enter_customer_mode(h.tick())) == ErrorCode::survey_locked);
    h.take(h.visit.confirm_handover("wired_laptop", h.tick()));
    const auto partly = h.visit.enter_customer_mode(h.tick());
    CHECK(code_of(partly) == ErrorCode::survey_locked);
    CHECK(partly.error().message.find("Wi-Fi password") != std::string::npos);
    CHECK(code_of(h.offer(EventKind::CustomerModeEntered, Actor::Technician)) == ErrorCode::survey_locked);
    h.take(h.visit.confirm_handover("wifi_password", h.tick()));
    // All confirmed is not yet customer mode: the explicit hand-over is what opens the survey.
    CHECK(code_of(h.visit.answer_survey("result", Answer::score(5), h.tick())) == ErrorCode::customer_mode_only);
    h.take(h.visit.enter_customer_mode(h.tick()));
    CHECK(h.visit.phase() == VisitPhase::CustomerSurvey);
}

TEST_CASE("entering customer mode is the technician's act and records its time") {
    Walk w;
    w.to_handover();
    w.take(w.visit.confirm_handover("wired_laptop", w.tick()));
    w.take(w.visit.confirm_handover("wifi_password", w.tick()));
    CHECK_FALSE(w.visit.customer_mode_entered_at());
    CHECK(code_of(w.offer(EventKind::CustomerModeEntered, Actor::Customer)) == ErrorCode::wrong_actor);
    const Instant at{1'700'000'123'456, 98'765};
    const Events e = w.take(w.visit.enter_customer_mode(at));
    CHECK(e[0].actor == Actor::Technician);
    CHECK(e[0].wall_ms == at.wall_ms);
    CHECK(e[0].mono_ms == at.mono_ms);
    REQUIRE(w.visit.customer_mode_entered_at());
    CHECK(w.visit.customer_mode_entered_at()->wall_ms == at.wall_ms);
    CHECK(w.visit.customer_mode_entered_at()->mono_ms == at.mono_ms);
}

TEST_CASE("survey answers are refused outside customer mode") {
    Walk w;
    w.to_customer_mode();
    // The technician cannot answer for the customer, not even in customer mode.
    CHECK(code_of(w.offer(EventKind::SurveyAnswered, Actor::Technician, "result", "",
                                        encode_answer(Answer::score(5)))) == ErrorCode::customer_mode_only);
    CHECK(code_of(w.offer(EventKind::SurveySubmitted, Actor::Technician)) == ErrorCode::customer_mode_only);
    Walk h;
    h.to_handover();
    CHECK(code_of(h.offer(EventKind::SurveyAnswered, Actor::Customer, "result", "",
                                        encode_answer(Answer::score(5)))) == ErrorCode::customer_mode_only);
    w.take(w.visit.answer_survey("result", Answer::score(5), w.tick()));
}

TEST_CASE("the survey starts empty: no answer exists until the customer gives one") {
    Walk w;
    w.to_customer_mode();
    for (const SurveyQuestion& q : w.visit.checklist().survey) CHECK_FALSE(w.visit.survey_answer(q.id));
    for (const VisitEvent& e : w.visit.events()) CHECK(e.kind != EventKind::SurveyAnswered);
    CHECK(w.visit.survey_status() == SurveyStatus::NotAsked);
    CHECK(code_of(w.visit.submit_survey(w.tick())) == ErrorCode::survey_incomplete);
}

TEST_CASE("a smiley takes a whole score from 1 to 5 and a comment takes text") {
    Walk w;
    w.to_customer_mode();
    CHECK(code_of(w.visit.answer_survey("result", Answer::score(0), w.tick())) == ErrorCode::invalid_score);
    CHECK(code_of(w.visit.answer_survey("result", Answer::score(6), w.tick())) == ErrorCode::invalid_score);
    Answer half = Answer::score(4);
    half.number = 4.5;
    CHECK(code_of(w.visit.answer_survey("result", half, w.tick())) == ErrorCode::invalid_score);
    CHECK(code_of(w.offer(EventKind::SurveyAnswered, Actor::Customer, "result", "",
                                        encode_answer(half))) == ErrorCode::invalid_score);
    CHECK(code_of(w.visit.answer_survey("result", Answer::text_value("great"), w.tick())) == ErrorCode::wrong_answer_kind);
    CHECK(code_of(w.visit.answer_survey("comment", Answer::score(5), w.tick())) == ErrorCode::wrong_answer_kind);
    CHECK(code_of(w.visit.answer_survey("comment", Answer::text_value(""), w.tick())) == ErrorCode::empty_comment);
    CHECK(code_of(w.visit.answer_survey("nope", Answer::score(5), w.tick())) == ErrorCode::unknown_item);
    w.take(w.visit.answer_survey("result", Answer::score(1), w.tick()));
    w.take(w.visit.answer_survey("comment", Answer::text_value("Keurig geholpen, dank u wel"), w.tick()));
}

TEST_CASE("the customer may change a survey answer, recorded old to new") {
    Walk w;
    w.to_customer_mode();
    w.take(w.visit.answer_survey("arrival", Answer::score(2), w.tick()));
    const Events e = w.take(w.visit.answer_survey("arrival", Answer::score(4), w.tick()));
    CHECK(e[0].old_answer == Answer::score(2));
    CHECK(e[0].new_answer == Answer::score(4));
    CHECK(w.visit.survey_answer("arrival") == Answer::score(4));
}

TEST_CASE("submitting needs every required smiley answered, closes as completed and seals") {
    Walk w;
    w.to_customer_mode();
    w.take(w.visit.answer_survey("appointment", Answer::score(4), w.tick()));
    const auto r = w.visit.submit_survey(w.tick());
    CHECK(code_of(r) == ErrorCode::survey_incomplete);
    CHECK(r.error().message.find("Arrival") != std::string::npos);
    CHECK(code_of(w.offer(EventKind::SurveySubmitted, Actor::Customer)) == ErrorCode::survey_incomplete);
    w.take(w.visit.answer_survey("arrival", Answer::score(5), w.tick()));
    w.take(w.visit.answer_survey("explanation", Answer::score(3), w.tick()));
    w.take(w.visit.answer_survey("result", Answer::score(4), w.tick()));
    const Events e = w.take(w.visit.submit_survey(w.tick()));  // the comment is optional
    CHECK(e[0].actor == Actor::Customer);
    CHECK(w.visit.phase() == VisitPhase::Closed);
    CHECK(w.visit.outcome() == Outcome::Completed);
    CHECK(w.visit.survey_status() == SurveyStatus::Submitted);
    CHECK(w.visit.sealed());
    CHECK(w.visit.seal() == sha256_hex(w.visit.canonical_content()));
    // What the customer is told of it is worded by the catalogue: tests/catalogue/test_customer_message.cpp.
    CHECK_FALSE(w.visit.customer_todo().empty());
}

TEST_CASE("leaving customer mode without submit needs the technician's PIN") {
    Walk w;
    w.to_customer_mode();
    w.take(w.visit.answer_survey("appointment", Answer::score(2), w.tick()));
    const std::size_t before = w.visit.events().size();
    const auto wrong = w.visit.decline_survey(pin(), "1234", w.tick());
    CHECK(code_of(wrong) == ErrorCode::wrong_pin);
    CHECK(code_of(w.visit.decline_survey(pin(), "", w.tick())) == ErrorCode::wrong_pin);
    CHECK(code_of(w.visit.decline_survey(pin(), "47110", w.tick())) == ErrorCode::wrong_pin);
    CHECK(w.visit.events().size() == before);
    CHECK(w.visit.phase() == VisitPhase::CustomerSurvey);
    Walk h;
    h.to_handover();
    CHECK(code_of(h.visit.decline_survey(pin(), "4711", h.tick())) == ErrorCode::wrong_phase);
}

TEST_CASE("a declined survey records not filled in and never a score") {
    Walk w;
    w.to_customer_mode();
    w.take(w.visit.answer_survey("appointment", Answer::score(2), w.tick()));
    w.take(w.visit.answer_survey("comment", Answer::text_value("te laat"), w.tick()));
    const Events e = w.take(w.visit.decline_survey(pin(), "4711", w.tick()));
    REQUIRE(e.size() == 3);
    CHECK(e[0].kind == EventKind::AnswerDiscarded);
    CHECK(e[0].item == "appointment");
    CHECK(e[0].discard == DiscardReason::SurveyDeclined);
    CHECK(e[0].old_answer == Answer::score(2));
    CHECK(e[1].item == "comment");
    CHECK(e[2].kind == EventKind::SurveyDeclined);
    CHECK(e[2].actor == Actor::Technician);
    CHECK(w.visit.phase() == VisitPhase::Closed);
    CHECK(w.visit.outcome() == Outcome::Completed);
    CHECK(w.visit.survey_status() == SurveyStatus::NotFilledIn);
    CHECK(w.visit.sealed());
    for (const SurveyQuestion& q : w.visit.checklist().survey) CHECK_FALSE(w.visit.survey_answer(q.id));

    // A decline that keeps a score is refused on replay.
    Walk r;
    r.to_customer_mode();
    r.take(r.visit.answer_survey("appointment", Answer::score(2), r.tick()));
    CHECK(code_of(r.offer(EventKind::SurveyDeclined, Actor::Technician)) == ErrorCode::survey_answers_present);
    // And one that starts discarding must finish declining.
    REQUIRE(r.offer(EventKind::AnswerDiscarded, Actor::Technician, "appointment",
                                  encode_answer(Answer::score(2)), "", "survey_declined")
                .ok());
    CHECK(code_of(r.offer(EventKind::SurveyAnswered, Actor::Customer, "appointment", "",
                                        encode_answer(Answer::score(5)))) == ErrorCode::consequence_pending);
}
