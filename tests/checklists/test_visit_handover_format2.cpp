// Story 003 in template format 2: the handover is the customer's. Customer mode begins when the
// handover does, the customer confirms each item and signs the signature item, and the survey opens
// when the last item is confirmed. Older formats keep the old order.
#include "visit_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

// A walk on the format-2 template up to the start of the handover.
Walk format2_at_handover() {
    Walk w(fiber_template_format2());
    w.to_handover();
    return w;
}

}  // namespace

TEST_CASE("template format 2: the handover begins in customer mode and the last confirmation opens the survey") {
    Walk w = format2_at_handover();
    CHECK(w.visit.handover_is_customers());
    CHECK(w.visit.phase() == VisitPhase::Handover);
    CHECK(w.visit.customer_holds_device());
    const VisitEvent& begun = w.visit.events().back();
    REQUIRE(begun.kind == EventKind::HandoverBegun);
    REQUIRE(w.visit.customer_mode_entered_at().has_value());
    CHECK(w.visit.customer_mode_entered_at()->wall_ms == begun.wall_ms);
    CHECK(w.visit.customer_mode_entered_at()->mono_ms == begun.mono_ms);

    // Nothing of the survey before the handover is confirmed, and no separate hand-over event.
    CHECK(code_of(w.visit.answer_survey("appointment", Answer::score(4), w.tick())) == ErrorCode::customer_mode_only);
    CHECK(code_of(w.visit.enter_customer_mode(w.tick())) == ErrorCode::wrong_phase);
    CHECK(code_of(w.offer(EventKind::CustomerModeEntered, Actor::Technician)) == ErrorCode::wrong_phase);
    CHECK(code_of(w.visit.decline_survey(TechnicianPin::create("4711", "00112233445566778899aabbccddeeff").value(), "4711",
                                         w.tick())) == ErrorCode::wrong_phase);

    w.take(w.visit.confirm_handover("wired_laptop", w.tick()));
    w.take(w.visit.sign_handover("customer_signature", Answer::attachment(kSignatureHash), w.tick()));
    CHECK(w.visit.phase() == VisitPhase::Handover);  // one item left
    w.take(w.visit.confirm_handover("wifi_password", w.tick()));
    CHECK(w.visit.phase() == VisitPhase::CustomerSurvey);
    CHECK(w.visit.handover_answer("customer_signature") == Answer::attachment(kSignatureHash));
    CHECK(w.visit.customer_todo() == std::vector<std::string>{"Activate the modem from a laptop on a cable"});
    w.answer_required_survey();
    w.take(w.visit.submit_survey(w.tick()));
    CHECK(w.visit.outcome() == Outcome::Completed);
    CHECK(w.visit.survey_status() == SurveyStatus::Submitted);
}

TEST_CASE("template format 2: the signature item is answered with the customer's signature and nothing else") {
    Walk w = format2_at_handover();
    const auto unsigned_ = w.visit.confirm_handover("customer_signature", w.tick());
    CHECK(code_of(unsigned_) == ErrorCode::not_answered);
    CHECK(unsigned_.error().param("subject") == "Customer's signature");
    CHECK(code_of(w.visit.sign_handover("customer_signature", Answer::attachment("not a hash"), w.tick())) ==
          ErrorCode::not_a_hash);
    CHECK(code_of(w.visit.sign_handover("customer_signature", Answer::confirmed(), w.tick())) == ErrorCode::wrong_answer_kind);
    // A confirm item carries no answer: nothing can be smuggled into it.
    CHECK(code_of(w.visit.sign_handover("wired_laptop", Answer::attachment(kSignatureHash), w.tick())) == ErrorCode::malformed);
    // Forged: a signature replacing another, or one carrying a cause.
    CHECK(code_of(w.offer(EventKind::HandoverConfirmed, Actor::Customer, "customer_signature",
                          encode_answer(Answer::attachment(kPhotoHash)), encode_answer(Answer::attachment(kSignatureHash)))) ==
          ErrorCode::malformed);
    CHECK(code_of(w.offer(EventKind::HandoverConfirmed, Actor::Technician, "customer_signature", "",
                          encode_answer(Answer::attachment(kSignatureHash)))) == ErrorCode::wrong_actor);
    w.take(w.visit.sign_handover("customer_signature", Answer::attachment(kSignatureHash), w.tick()));
    CHECK(code_of(w.visit.sign_handover("customer_signature", Answer::attachment(kPhotoHash), w.tick())) ==
          ErrorCode::already_confirmed);
}

TEST_CASE("template format 2: the customer's signature is among the files the visit uploads first") {
    Walk w(fiber_template_format2());
    w.to_steps();
    w.take(w.visit.answer_step("safety", Answer::confirmed(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("connected", Answer::done(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("power", Answer::measured(-18.5), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("model", Answer::choice("other"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("other_model", Answer::text_value("Fritz"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("other_photo", Answer::photos({kPhotoHash}), w.tick()));
    w.take(w.visit.begin_handover(w.tick()));
    CHECK(w.visit.attachment_hashes() == std::vector<std::string>{kPhotoHash});
    w.take(w.visit.sign_handover("customer_signature", Answer::attachment(kSignatureHash), w.tick()));
    CHECK(w.visit.attachment_hashes() == std::vector<std::string>{kPhotoHash, kSignatureHash});
}

TEST_CASE("template format 2 without handover items: the survey opens when the handover begins") {
    auto t = std::make_shared<ChecklistTemplate>(*fiber_template_format2());
    t->handover.clear();
    Walk w(t);
    w.to_handover();
    CHECK(w.visit.phase() == VisitPhase::CustomerSurvey);
    CHECK(w.visit.customer_mode_entered_at().has_value());
}

TEST_CASE("a format-1 template, or a format-1 record, keeps the old order: the handover first, then customer mode") {
    // Format-1 template walked by today's engine (record format 2).
    Walk old_template;
    old_template.to_handover();
    CHECK_FALSE(old_template.visit.handover_is_customers());
    CHECK_FALSE(old_template.visit.customer_holds_device());
    CHECK_FALSE(old_template.visit.customer_mode_entered_at().has_value());
    old_template.take(old_template.visit.confirm_handover("wired_laptop", old_template.tick()));
    old_template.take(old_template.visit.confirm_handover("wifi_password", old_template.tick()));
    CHECK(old_template.visit.phase() == VisitPhase::Handover);
    old_template.take(old_template.visit.enter_customer_mode(old_template.tick()));
    CHECK(old_template.visit.phase() == VisitPhase::CustomerSurvey);
    CHECK(old_template.visit.customer_holds_device());

    // A format-2 template under record format 1 replays under format 1's order.
    Walk old_record(fiber_template_format2(), 1);
    old_record.to_handover();
    CHECK_FALSE(old_record.visit.handover_is_customers());
    CHECK(code_of(old_record.visit.sign_handover("customer_signature", Answer::attachment(kSignatureHash),
                                                 old_record.tick())) == ErrorCode::malformed);
    for (const char* item : {"wired_laptop", "wifi_password", "customer_signature"}) {
        old_record.take(old_record.visit.confirm_handover(item, old_record.tick()));
    }
    CHECK(old_record.visit.phase() == VisitPhase::Handover);
    old_record.take(old_record.visit.enter_customer_mode(old_record.tick()));
    CHECK(old_record.visit.phase() == VisitPhase::CustomerSurvey);
}

TEST_CASE("a format-2 handover replays from its record to the same seal") {
    Walk w = format2_at_handover();
    w.take(w.visit.confirm_handover("wired_laptop", w.tick()));
    w.take(w.visit.confirm_handover("wifi_password", w.tick()));
    w.take(w.visit.sign_handover("customer_signature", Answer::attachment(kSignatureHash), w.tick()));
    w.answer_required_survey();
    w.take(w.visit.submit_survey(w.tick()));
    const std::string bytes = encode_visit_record(w.visit);
    // Walked under the format this build seals (3 since the phone survey); the handover rules are format 2's.
    CHECK(bytes.find("\"format\":" + std::to_string(kSealedRecordFormat)) != std::string::npos);
    const auto record = decode_visit_record(bytes);
    REQUIRE(record.ok());
    CHECK(record->format == kSealedRecordFormat);
    const auto replayed = replay_visit(*record, fiber_template_format2());
    REQUIRE(replayed.ok());
    CHECK(replayed->seal() == w.visit.seal());
    CHECK(replayed->handover_answer("customer_signature") == Answer::attachment(kSignatureHash));
}
