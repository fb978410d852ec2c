// Record format 5's receipt_made event: sealed by the system right before a close, once, with a code
// hash that is its item and facts that pass their checks, carrying nothing else; refused before
// format 5; and it survives the record's encoding and a replay byte for byte.
#include <doctest/doctest.h>

#include <cctype>

#include "tests/checklists/visit_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

ReceiptFacts receipt_facts() {
    ReceiptFacts f;
    f.code_hash = sha256_hex("Rc7aQ2xZ9kLmN4pB1vT8wY");
    f.company = "Glasvezel Noord B.V.";
    f.helpdesk = "088 123 45 67";
    f.link_base = "https://depot.example.nl";
    f.technician = "Jan de Vries";
    f.utc_offset_minutes = 60;
    return f;
}

// A receipt_made event numbered to come next, built in code (as a received record's would be read).
VisitEvent made_event(const Walk& w, const ReceiptFacts& f) {
    VisitEvent e;
    e.seq = static_cast<std::int64_t>(w.visit.events().size()) + 1;
    e.wall_ms = w.clock.now().wall_ms;
    e.mono_ms = w.clock.now().mono_ms;
    e.actor = Actor::System;
    e.kind = EventKind::ReceiptMade;
    e.item = f.code_hash;
    e.receipt = f;
    return e;
}

}  // namespace

TEST_CASE("a format-5 close with a receipt seals receipt_made right before it and the visit knows its receipt") {
    Walk w;
    w.to_customer_mode();
    w.answer_required_survey();
    const Events events = w.take(w.visit.submit_survey(w.tick(), receipt_facts()));
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == EventKind::ReceiptMade);
    CHECK(events[0].actor == Actor::System);
    CHECK(events[0].item == receipt_facts().code_hash);
    CHECK(events[1].kind == EventKind::SurveySubmitted);
    CHECK(w.visit.sealed());
    CHECK(w.visit.receipt() == receipt_facts());
}

TEST_CASE("a visit may still be sealed without a receipt, and then has none") {
    Walk w;
    w.to_prechecks();
    w.take(w.visit.close_not_possible({FailureCause::Kind::CustomerAbsent, {}, {}}, w.tick()));
    CHECK(w.visit.sealed());
    CHECK_FALSE(w.visit.receipt().has_value());
}

TEST_CASE("a receipt is refused under record formats before 5") {
    for (const int format : {3, 4}) {
        CAPTURE(format);
        Walk w(fiber_template(), format);
        w.to_prechecks();
        const auto d = w.visit.close_not_possible({FailureCause::Kind::CustomerAbsent, {}, {}}, w.tick(), receipt_facts());
        CHECK_FALSE(d.ok());
        CHECK(d.error().code == ErrorCode::wrong_phase);
        CHECK(w.visit.apply(made_event(w, receipt_facts())).error().code == ErrorCode::wrong_phase);
    }
}

TEST_CASE("a second receipt_made is refused: a visit has one receipt") {
    Walk w;
    w.to_prechecks();
    w.tick();
    REQUIRE(w.visit.apply(made_event(w, receipt_facts())).ok());
    CHECK(w.visit.apply(made_event(w, receipt_facts())).error().code == ErrorCode::malformed);
}

TEST_CASE("a receipt_made whose item is not its facts' hash, or whose hash is not SHA-256 hex, is refused") {
    Walk w;
    w.to_prechecks();
    VisitEvent other_item = made_event(w, receipt_facts());
    other_item.item = sha256_hex("another code");
    CHECK(w.visit.apply(other_item).error().code == ErrorCode::malformed);
    ReceiptFacts upper = receipt_facts();
    for (char& c : upper.code_hash) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(w.visit.apply(made_event(w, upper)).error().code == ErrorCode::malformed);
    ReceiptFacts short_hash = receipt_facts();
    short_hash.code_hash.pop_back();
    CHECK(w.visit.apply(made_event(w, short_hash)).error().code == ErrorCode::malformed);
    // The verb checks the same facts before it decides anything.
    CHECK_FALSE(w.visit.close_not_possible({FailureCause::Kind::CustomerAbsent, {}, {}}, w.tick(), short_hash).ok());
    CHECK_FALSE(w.visit.receipt().has_value());
}

TEST_CASE("after receipt_made only the close may follow") {
    Walk w;
    w.to_prechecks();
    w.tick();
    REQUIRE(w.visit.apply(made_event(w, receipt_facts())).ok());
    const auto d = w.visit.record_precheck("patch", Answer::met(), w.tick());
    CHECK_FALSE(d.ok());
    CHECK(d.error().code == ErrorCode::consequence_pending);
    const auto closed = w.visit.close_not_possible({FailureCause::Kind::CustomerAbsent, {}, {}}, w.tick());
    REQUIRE(closed.ok());
    CHECK(closed->next.sealed());
    CHECK(closed->next.receipt() == receipt_facts());
}

TEST_CASE("a receipt_made event carrying an answer, a cause or a discard is refused") {
    Walk w;
    w.to_prechecks();
    VisitEvent with_answer = made_event(w, receipt_facts());
    with_answer.new_answer = Answer::met();
    CHECK(w.visit.apply(with_answer).error().code == ErrorCode::malformed);
    VisitEvent with_cause = made_event(w, receipt_facts());
    with_cause.cause = FailureCause{FailureCause::Kind::CustomerAbsent, {}, {}};
    CHECK(w.visit.apply(with_cause).error().code == ErrorCode::malformed);
    VisitEvent with_discard = made_event(w, receipt_facts());
    with_discard.discard = DiscardReason::Cleared;
    CHECK(w.visit.apply(with_discard).error().code == ErrorCode::malformed);
    VisitEvent without_facts = made_event(w, receipt_facts());
    without_facts.receipt.reset();
    CHECK(w.visit.apply(without_facts).error().code == ErrorCode::malformed);
    VisitEvent by_technician = made_event(w, receipt_facts());
    by_technician.actor = Actor::Technician;
    CHECK_FALSE(w.visit.apply(by_technician).ok());
}

TEST_CASE("the survey declined with a receipt: the receipt first, then the discarded answers, then the decline") {
    Walk w;
    w.to_customer_mode();
    w.take(w.visit.answer_survey("appointment", Answer::score(2), w.tick()));
    const TechnicianPin pin = TechnicianPin::create("4711", "5eed5eed5eed5eed5eed5eed5eed5eed").value();
    const Events events = w.take(w.visit.decline_survey(pin, "4711", w.tick(), receipt_facts()));
    REQUIRE(events.size() == 3);
    CHECK(events[0].kind == EventKind::ReceiptMade);
    CHECK(events[1].kind == EventKind::AnswerDiscarded);
    CHECK(events[2].kind == EventKind::SurveyDeclined);
    CHECK(w.visit.survey_status() == SurveyStatus::NotFilledIn);
    CHECK(w.visit.receipt() == receipt_facts());
}

TEST_CASE("a format-5 record with a receipt and the technician's name round-trips through encode and decode byte for byte") {
    Walk w;
    Assignment named = fiber_assignment();
    named.technician_name = "Jan de Vries";
    w.visit = Visit(named, fiber_template(), kSealedRecordFormat);
    w.to_customer_mode();
    w.answer_required_survey();
    w.take(w.visit.survey_on_phone("Sv3yQ2xZ9kLmN4pB1vT8wY", w.tick(), receipt_facts()));
    const std::string bytes = encode_visit_record(w.visit);
    CHECK(bytes.find("\"format\":5") != std::string::npos);
    CHECK(bytes.find("\"receipt_made\"") != std::string::npos);
    const auto record = decode_visit_record(bytes);
    REQUIRE(record.ok());
    CHECK(record->format == 5);
    const auto replayed = replay_visit(*record, w.visit.checklist_ptr());
    REQUIRE(replayed.ok());
    CHECK(replayed->seal() == w.visit.seal());
    CHECK(replayed->receipt() == receipt_facts());
    CHECK(replayed->assignment().technician_name == "Jan de Vries");
    CHECK(encode_visit_record(*replayed) == bytes);
    // A changed fact is a different record: the seal no longer matches.
    std::string tampered = bytes;
    tampered.replace(tampered.find("Noord"), 5, "Zuid");
    const auto bad = decode_visit_record(tampered);
    REQUIRE(bad.ok());
    CHECK(replay_visit(*bad, w.visit.checklist_ptr()).error().code == ErrorCode::seal_mismatch);
}
