// The step runner's rules: what answer fits which step, show_if, required steps, Back and Next.
#include <cmath>
#include <limits>

#include "visit_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

// Walks to the given step by answering everything before it with the fixture's defaults.
void walk_to(Walk& w, const std::string& id) {
    const std::vector<std::pair<std::string, Answer>> answers = {
        {"safety", Answer::confirmed()},
        {"connected", Answer::done()},
        {"power", Answer::measured(-18.5)},
        {"model", Answer::choice("nokia")},
    };
    for (const auto& [step, answer] : answers) {
        if (step == id) return;
        w.take(w.visit.answer_step(step, answer, w.tick()));
        w.take(w.visit.go_next(w.tick()));
    }
}

}  // namespace

TEST_CASE("step answers are taken only in the steps phase") {
    Walk w;
    w.to_prechecks();
    CHECK(code_of(w.visit.answer_step("safety", Answer::confirmed(), w.tick())) == ErrorCode::wrong_phase);
    Walk h;
    h.to_handover();
    CHECK(code_of(h.visit.answer_step("remarks", Answer::text_value("late"), h.tick())) == ErrorCode::handover_started);
    CHECK(code_of(h.offer(EventKind::StepAnswered, Actor::Technician, "remarks", "",
                                        encode_answer(Answer::text_value("late")))) == ErrorCode::handover_started);
}

TEST_CASE("a step answer is refused for an unknown, hidden or later step") {
    Walk w;
    w.to_steps();
    CHECK(code_of(w.visit.answer_step("nope", Answer::confirmed(), w.tick())) == ErrorCode::unknown_item);
    CHECK(code_of(w.visit.answer_step("connected", Answer::done(), w.tick())) == ErrorCode::step_ahead);
    CHECK(code_of(w.offer(EventKind::StepAnswered, Actor::Technician, "connected", "",
                                        encode_answer(Answer::done()))) == ErrorCode::step_ahead);
    walk_to(w, "model");
    w.take(w.visit.answer_step("model", Answer::choice("nokia"), w.tick()));
    CHECK(code_of(w.visit.answer_step("other_model", Answer::text_value("Fritz"), w.tick())) == ErrorCode::step_hidden);
    CHECK(code_of(w.offer(EventKind::StepAnswered, Actor::Technician, "other_model", "",
                                        encode_answer(Answer::text_value("Fritz")))) == ErrorCode::step_hidden);
}

TEST_CASE("an instruction takes a confirmation") {
    Walk w;
    w.to_steps();
    CHECK(code_of(w.visit.answer_step("safety", Answer::done(), w.tick())) == ErrorCode::wrong_answer_kind);
    CHECK(code_of(w.visit.answer_step("safety", Answer::text_value("ok"), w.tick())) == ErrorCode::wrong_answer_kind);
    w.take(w.visit.answer_step("safety", Answer::confirmed(), w.tick()));
    CHECK(w.visit.step_answer("safety") == Answer::confirmed());
}

TEST_CASE("a check is done, or not applicable with a reason") {
    Walk w;
    w.to_steps();
    walk_to(w, "connected");
    CHECK(code_of(w.visit.answer_step("connected", Answer::not_applicable(""), w.tick())) == ErrorCode::reason_required);
    CHECK(code_of(w.visit.answer_step("connected", Answer::not_applicable("  \n"), w.tick())) == ErrorCode::reason_required);
    CHECK(code_of(w.offer(EventKind::StepAnswered, Actor::Technician, "connected", "",
                                        encode_answer(Answer::not_applicable("")))) == ErrorCode::reason_required);
    CHECK(code_of(w.visit.answer_step("connected", Answer::confirmed(), w.tick())) == ErrorCode::wrong_answer_kind);
    w.take(w.visit.answer_step("connected", Answer::not_applicable("already connected by the operator"), w.tick()));
    w.take(w.visit.answer_step("connected", Answer::done(), w.tick()));
    CHECK(w.visit.step_answer("connected") == Answer::done());
}

TEST_CASE("a measure takes a finite number, and one out of range needs a note") {
    Walk w;
    w.to_steps();
    walk_to(w, "power");
    CHECK(code_of(w.visit.answer_step("power", Answer::measured(std::nan("")), w.tick())) == ErrorCode::not_finite);
    CHECK(code_of(w.visit.answer_step("power", Answer::measured(std::numeric_limits<double>::infinity()), w.tick())) == ErrorCode::not_finite);
    CHECK(code_of(w.visit.answer_step("power", Answer::measured(-30), w.tick())) == ErrorCode::note_required);
    CHECK(code_of(w.visit.answer_step("power", Answer::measured(-7.9, " "), w.tick())) == ErrorCode::note_required);
    CHECK(code_of(w.offer(EventKind::StepAnswered, Actor::Technician, "power", "",
                                        encode_answer(Answer::measured(-30)))) == ErrorCode::note_required);
    CHECK(code_of(w.visit.answer_step("power", Answer::choice("nokia"), w.tick())) == ErrorCode::wrong_answer_kind);
    w.take(w.visit.answer_step("power", Answer::measured(-25), w.tick()));  // the bounds are in range
    w.take(w.visit.answer_step("power", Answer::measured(-8), w.tick()));
    w.take(w.visit.answer_step("power", Answer::measured(-30, "long drop cable"), w.tick()));
    CHECK(w.visit.step_answer("power")->text == "long drop cable");
}

TEST_CASE("a choice takes one of its own options") {
    Walk w;
    w.to_steps();
    walk_to(w, "model");
    CHECK(code_of(w.visit.answer_step("model", Answer::choice("huawei"), w.tick())) == ErrorCode::unknown_option);
    CHECK(code_of(w.offer(EventKind::StepAnswered, Actor::Technician, "model", "",
                                        encode_answer(Answer::choice("huawei")))) == ErrorCode::unknown_option);
    CHECK(code_of(w.visit.answer_step("model", Answer::text_value("nokia"), w.tick())) == ErrorCode::wrong_answer_kind);
    w.take(w.visit.answer_step("model", Answer::choice("zyxel"), w.tick()));
}

TEST_CASE("a required text step takes non-empty text, an optional one may be empty") {
    Walk w;
    w.to_steps();
    walk_to(w, "model");
    w.take(w.visit.answer_step("model", Answer::choice("other"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    CHECK(code_of(w.visit.answer_step("other_model", Answer::text_value(""), w.tick())) == ErrorCode::empty_text);
    CHECK(code_of(w.visit.answer_step("other_model", Answer::text_value(std::string(5000, 'x')), w.tick())) == ErrorCode::text_too_long);
    CHECK(code_of(w.visit.answer_step("other_model", Answer::text_value("\xC3\x28"), w.tick())) == ErrorCode::not_utf8);
    w.take(w.visit.answer_step("other_model", Answer::text_value("Fritz!Box 5530"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("other_photo", Answer::photos({kPhotoHash}), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("remarks", Answer::text_value(""), w.tick()));
}

TEST_CASE("photo and signature steps take the SHA-256 of the stored file") {
    Walk w;
    w.to_steps();
    w.answer_all_steps();
    CHECK(code_of(w.visit.answer_step("signature", Answer::attachment("not-a-hash"), w.tick())) == ErrorCode::not_a_hash);
    std::string upper = kSignatureHash;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(code_of(w.visit.answer_step("signature", Answer::attachment(upper), w.tick())) == ErrorCode::not_a_hash);
    CHECK(code_of(w.visit.answer_step("signature", Answer::text_value(kSignatureHash), w.tick())) == ErrorCode::wrong_answer_kind);
    CHECK(w.visit.step_answer("signature") == Answer::attachment(kSignatureHash));
}

TEST_CASE("show_if compares the answer's token: option id, done, in_range or out_of_range, confirmed, answered") {
    Walk w;
    w.to_steps();
    CHECK_FALSE(w.visit.step_shown("other_model"));
    CHECK_FALSE(w.visit.step_shown("low_power_note"));
    walk_to(w, "power");
    w.take(w.visit.answer_step("power", Answer::measured(-30, "long cable"), w.tick()));
    CHECK(w.visit.step_shown("low_power_note"));  // out_of_range
    w.take(w.visit.answer_step("power", Answer::measured(-20), w.tick()));
    CHECK_FALSE(w.visit.step_shown("low_power_note"));  // in_range
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("model", Answer::choice("other"), w.tick()));
    CHECK(w.visit.step_shown("other_model"));  // option id
    CHECK_FALSE(w.visit.step_shown("other_photo"));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("other_model", Answer::text_value("Fritz"), w.tick()));
    CHECK(w.visit.step_shown("other_photo"));  // text "answered"
    const std::vector<int> shown = w.visit.shown_steps();
    CHECK(shown == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 8});
}

TEST_CASE("answers of steps that become hidden are discarded in the same decision") {
    Walk w;
    w.to_steps();
    walk_to(w, "model");
    w.take(w.visit.answer_step("model", Answer::choice("other"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("other_model", Answer::text_value("Fritz"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("other_photo", Answer::photos({kPhotoHash}), w.tick()));
    w.take(w.visit.go_back(w.tick()));
    w.take(w.visit.go_back(w.tick()));
    REQUIRE(w.visit.current_step() == 3);

    const Events events = w.take(w.visit.answer_step("model", Answer::choice("zyxel"), w.tick()));
    REQUIRE(events.size() == 3);
    CHECK(events[1].kind == EventKind::AnswerDiscarded);
    CHECK(events[1].item == "other_model");
    CHECK(events[1].discard == DiscardReason::Hidden);
    CHECK(events[1].old_answer == Answer::text_value("Fritz"));
    CHECK_FALSE(events[1].new_answer);
    CHECK(events[2].item == "other_photo");  // hidden through the chain
    CHECK(events[2].discard == DiscardReason::Hidden);
    CHECK_FALSE(w.visit.step_answer("other_model"));
    CHECK_FALSE(w.visit.step_answer("other_photo"));

    // Replay refuses to skip the discard: a hidden answer may not survive.
    Walk r;
    r.to_steps();
    walk_to(r, "model");
    r.take(r.visit.answer_step("model", Answer::choice("other"), r.tick()));
    r.take(r.visit.go_next(r.tick()));
    r.take(r.visit.answer_step("other_model", Answer::text_value("Fritz"), r.tick()));
    r.take(r.visit.go_back(r.tick()));
    REQUIRE(r.offer(EventKind::StepAnswered, Actor::Technician, "model",
                                  encode_answer(Answer::choice("other")), encode_answer(Answer::choice("zyxel")))
                .ok());
    CHECK(code_of(r.offer(EventKind::HandoverBegun, Actor::Technician)) == ErrorCode::consequence_pending);
    CHECK(code_of(r.visit.go_next(r.tick())) == ErrorCode::consequence_pending);
}

TEST_CASE("when the current step becomes hidden the walk returns to the step just answered") {
    Walk w;
    w.to_steps();
    walk_to(w, "model");
    w.take(w.visit.answer_step("model", Answer::choice("other"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("other_model", Answer::text_value("Fritz"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    REQUIRE(w.visit.current_step() == 5);  // other_photo, unanswered
    // Answering an earlier step (allowed: it is before the current one) hides the current step.
    const Events events = w.take(w.visit.answer_step("model", Answer::choice("nokia"), w.tick()));
    REQUIRE(events.size() == 3);
    CHECK(events[1].item == "other_model");
    CHECK(events[2].kind == EventKind::Navigated);
    CHECK(events[2].item == "model");
    CHECK(w.visit.current_step() == 3);
}

TEST_CASE("hidden steps never count as required") {
    Walk w;
    w.to_steps();
    w.answer_all_steps();  // other_model, other_photo and low_power_note are required but hidden
    CHECK(w.visit.step_satisfied("other_model"));
    CHECK(w.visit.step_problem("other_model").empty());
    w.take(w.visit.begin_handover(w.tick()));
    CHECK(w.visit.phase() == VisitPhase::Handover);
}

TEST_CASE("clearing an answer is allowed only for optional shown steps") {
    Walk w;
    w.to_steps();
    w.answer_all_steps();
    w.take(w.visit.go_back(w.tick()));  // remarks
    w.take(w.visit.answer_step("remarks", Answer::text_value("dog in the garden"), w.tick()));
    CHECK(code_of(w.visit.clear_step("power", w.tick())) == ErrorCode::step_required);
    CHECK(code_of(w.offer(EventKind::AnswerDiscarded, Actor::Technician, "power",
                                        encode_answer(Answer::measured(-18.5)), "", "cleared")) == ErrorCode::step_required);
    CHECK(code_of(w.offer(EventKind::AnswerDiscarded, Actor::Technician, "power",
                                        encode_answer(Answer::measured(-18.5)), "", "hidden")) == ErrorCode::step_shown);
    const Events events = w.take(w.visit.clear_step("remarks", w.tick()));
    REQUIRE(events.size() == 1);
    CHECK(events[0].discard == DiscardReason::Cleared);
    CHECK(events[0].old_answer == Answer::text_value("dog in the garden"));
    CHECK_FALSE(w.visit.step_answer("remarks"));
    CHECK(code_of(w.visit.clear_step("remarks", w.tick())) == ErrorCode::not_answered);
}

TEST_CASE("next is refused while the current required step is unanswered") {
    Walk w;
    w.to_steps();
    const auto r = w.visit.go_next(w.tick());
    CHECK(code_of(r) == ErrorCode::required_step_unanswered);
    CHECK(r.error().message.find("Read the safety note") != std::string::npos);
    CHECK_FALSE(w.visit.step_problem("safety").empty());
    CHECK(code_of(w.offer(EventKind::Navigated, Actor::Technician, "connected")) == ErrorCode::required_step_unanswered);
    w.take(w.visit.answer_step("safety", Answer::confirmed(), w.tick()));
    CHECK(w.visit.step_problem("safety").empty());
    w.take(w.visit.go_next(w.tick()));
    CHECK(w.visit.current_step() == 1);
}

TEST_CASE("next skips hidden steps and is refused on the last step") {
    Walk w;
    w.to_steps();
    walk_to(w, "model");
    w.take(w.visit.answer_step("model", Answer::choice("nokia"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    CHECK(w.visit.checklist().steps[static_cast<std::size_t>(w.visit.current_step())].id == "remarks");
    w.take(w.visit.go_next(w.tick()));
    CHECK(w.visit.checklist().steps[static_cast<std::size_t>(w.visit.current_step())].id == "signature");
    CHECK(code_of(w.visit.go_next(w.tick())) == ErrorCode::required_step_unanswered);  // before "last step"
    w.take(w.visit.answer_step("signature", Answer::attachment(kSignatureHash), w.tick()));
    CHECK(code_of(w.visit.go_next(w.tick())) == ErrorCode::last_step);
    // Jumping over a shown step is refused on replay.
    Walk j;
    j.to_steps();
    j.take(j.visit.answer_step("safety", Answer::confirmed(), j.tick()));
    CHECK(code_of(j.offer(EventKind::Navigated, Actor::Technician, "power")) == ErrorCode::invalid_navigation);
}

TEST_CASE("back goes to the previous shown step, and answers may be corrected there") {
    Walk w;
    w.to_steps();
    CHECK(code_of(w.visit.go_back(w.tick())) == ErrorCode::first_step);
    w.answer_all_steps();
    w.take(w.visit.go_back(w.tick()));
    CHECK(w.visit.checklist().steps[static_cast<std::size_t>(w.visit.current_step())].id == "remarks");
    w.take(w.visit.go_back(w.tick()));
    CHECK(w.visit.checklist().steps[static_cast<std::size_t>(w.visit.current_step())].id == "model");
    const Events e = w.take(w.visit.answer_step("model", Answer::choice("zyxel"), w.tick()));
    CHECK(e[0].old_answer == Answer::choice("nokia"));
    CHECK(e[0].new_answer == Answer::choice("zyxel"));
}

TEST_CASE("going back to correct is refused once the handover has started") {
    Walk w;
    w.to_handover();
    CHECK(code_of(w.visit.go_back(w.tick())) == ErrorCode::handover_started);
    CHECK(code_of(w.visit.go_next(w.tick())) == ErrorCode::handover_started);
    CHECK(code_of(w.offer(EventKind::Navigated, Actor::Technician, "model")) == ErrorCode::handover_started);
    CHECK(code_of(w.visit.clear_step("remarks", w.tick())) == ErrorCode::handover_started);
}

TEST_CASE("the handover begins only when every shown required step is answered") {
    Walk w;
    w.to_steps();
    walk_to(w, "model");
    w.take(w.visit.answer_step("model", Answer::choice("nokia"), w.tick()));
    const auto r = w.visit.begin_handover(w.tick());
    CHECK(code_of(r) == ErrorCode::required_step_unanswered);
    CHECK(r.error().message.find("Signature") != std::string::npos);
    CHECK(code_of(w.offer(EventKind::HandoverBegun, Actor::Technician)) == ErrorCode::required_step_unanswered);
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("signature", Answer::attachment(kSignatureHash), w.tick()));
    w.take(w.visit.begin_handover(w.tick()));
}

TEST_CASE("an event must carry the answer it replaces") {
    Walk w;
    w.to_steps();
    w.take(w.visit.answer_step("safety", Answer::confirmed(), w.tick()));
    CHECK(code_of(w.offer(EventKind::StepAnswered, Actor::Technician, "safety", "",
                                        encode_answer(Answer::confirmed()))) == ErrorCode::stale_old_value);
    CHECK(code_of(w.offer(EventKind::StepAnswered, Actor::Technician, "safety",
                                        encode_answer(Answer::done()), encode_answer(Answer::confirmed()))) == ErrorCode::stale_old_value);
}
