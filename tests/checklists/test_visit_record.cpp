// Visit records: canonical encoding, strict bounded decoding, and replay through the rules at the depot.
#include <random>

#include "checklists/assignment.h"
#include "visit_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

Walk completed_visit() {
    Walk w;
    w.to_customer_mode();
    w.answer_required_survey();
    w.take(w.visit.answer_survey("comment", Answer::text_value("Keurig, \xC3\xA9\xC3\xAB\xC3\xAF \"top\""), w.tick()));
    w.take(w.visit.submit_survey(w.tick()));
    return w;
}

void replace_once(std::string& s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a visit record decodes to the same assignment, template and events, and replays to the same seal") {
    const Walk w = completed_visit();
    const std::string bytes = encode_visit_record(w.visit);
    const auto record = decode_visit_record(bytes);
    REQUIRE_MESSAGE(record.ok(), (record.ok() ? "" : record.error().message));
    CHECK(record->assignment == w.visit.assignment());
    CHECK(record->template_id == "fiber-install");
    CHECK(record->template_version == 3);
    CHECK(record->events == w.visit.events());
    CHECK(record->seal == w.visit.seal());
    const auto replayed = replay_visit(record.value(), fiber_template());
    REQUIRE_MESSAGE(replayed.ok(), (replayed.ok() ? "" : replayed.error().message));
    CHECK(replayed->seal() == w.visit.seal());
    CHECK(replayed->survey_status() == SurveyStatus::Submitted);
    CHECK(replayed->survey_answer("result") == Answer::score(4));
    CHECK(encode_visit_record(replayed.value()) == bytes);
}

TEST_CASE("an open visit's record replays to the same state and can go on") {
    Walk w;
    w.to_steps();
    w.take(w.visit.answer_step("safety", Answer::confirmed(), w.tick()));
    const auto record = decode_visit_record(encode_visit_record(w.visit));
    REQUIRE(record.ok());
    CHECK(record->seal.empty());
    auto replayed = replay_visit(record.value(), fiber_template());
    REQUIRE(replayed.ok());
    CHECK(replayed->phase() == VisitPhase::Steps);
    CHECK(replayed->current_step() == 0);
    const auto next = replayed->go_next(w.tick());
    REQUIRE(next.ok());
    CHECK(replayed->apply(next->events).ok());
}

TEST_CASE("a record changed after sealing is refused as a seal mismatch") {
    const Walk w = completed_visit();
    std::string bytes = encode_visit_record(w.visit);
    // The customer's score of 3 becomes a 5: still a valid event, but not what was sealed.
    replace_once(bytes, R"({\"kind\":\"score\",\"number\":3,\"text\":\"\"})",
                 R"({\"kind\":\"score\",\"number\":5,\"text\":\"\"})");
    const auto record = decode_visit_record(bytes);
    REQUIRE(record.ok());
    const auto replayed = replay_visit(record.value(), fiber_template());
    REQUIRE_FALSE(replayed.ok());
    CHECK(replayed.error().code == ErrorCode::seal_mismatch);

    std::string renamed = encode_visit_record(w.visit);
    replace_once(renamed, "Mevrouw Jansen", "Mevrouw Janssen");
    CHECK(replay_visit(decode_visit_record(renamed).value(), fiber_template()).error().code == ErrorCode::seal_mismatch);
}

TEST_CASE("a record that breaks a rule is refused on replay, whatever its seal says") {
    Walk w;
    w.to_customer_mode();
    VisitRecord record = decode_visit_record(encode_visit_record(w.visit)).value();
    // A pre-ticked survey: a score entered by the technician.
    VisitEvent forged = w.forge(EventKind::SurveyAnswered, Actor::Technician, "result", "", encode_answer(Answer::score(5))).value();
    record.events.push_back(forged);
    const auto replayed = replay_visit(record, fiber_template());
    REQUIRE_FALSE(replayed.ok());
    CHECK(replayed.error().code == ErrorCode::customer_mode_only);
}

TEST_CASE("a record is replayed only with the template it was walked with") {
    const Walk w = completed_visit();
    const VisitRecord record = decode_visit_record(encode_visit_record(w.visit)).value();
    auto newer = std::make_shared<ChecklistTemplate>(*fiber_template());
    newer->version = 4;
    CHECK(replay_visit(record, newer).error().code == ErrorCode::template_mismatch);
    auto other = std::make_shared<ChecklistTemplate>(*fiber_template());
    other->id = "dsl-install";
    CHECK(replay_visit(record, other).error().code == ErrorCode::template_mismatch);
    CHECK(replay_visit(record, nullptr).error().code == ErrorCode::template_mismatch);
}

TEST_CASE("a malformed record is refused with the JSON path of the problem") {
    const std::string good = encode_visit_record(completed_visit().visit);
    const auto expect = [](std::string bytes, const std::string& path) {
        const auto r = decode_visit_record(bytes);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::malformed);
        CAPTURE(r.error().message);
        CHECK(r.error().message.find(path) != std::string::npos);
    };
    std::string s = good;
    replace_once(s, "\"seq\":3,", "\"seq\":\"3\",");
    expect(s, "$.events[2].seq");
    s = good;
    replace_once(s, "\"kind\":\"opened\"", "\"kind\":\"reopened\"");
    expect(s, "$.events[0].kind");
    s = good;
    replace_once(s, "\"actor\":\"technician\"", "\"actor\":\"robot\"");
    expect(s, "$.events[0].actor");
    s = good;
    replace_once(s, "\"escalation\":false", "\"escalation\":0");
    expect(s, "$.assignment.escalation");
    s = good;
    replace_once(s, "\"date_ms\":", "\"date_ms\":1.5,\"x\":");
    expect(s, "$.assignment.history[0]");
    s = good;
    replace_once(s, "\"version\":3", "\"version\":3,\"extra\":true");
    expect(s, "$.template.extra");
    s = good;
    replace_once(s, "\"seal\":", "\"seal\":null,\"seal2\":");
    expect(s, "$.seal");
    s = good;
    replace_once(s, "{\"assignment\":", "{\"assignment\":{},\"x\":");
    expect(s, "$.x");
    expect(R"({"assignment":{},"events":[],"seal":"","template":{"id":"x","version":1}})", "$.assignment.visit_id");
    expect("[]", "$");
    expect("{\"events\":[],\"events\":[]}", "$.events");
}

TEST_CASE("hostile bytes given to the record decoder are refused without a crash") {
    const std::string good = encode_visit_record(completed_visit().visit);
    std::vector<std::string> hostile = {
        "",
        std::string(100000, '['),
        std::string(20, '[') + std::string(20, ']'),
        "{\"assignment\":" + std::string(5000, '{'),
        "\xEF\xBB\xBF" + good,  // a byte-order mark is not JSON
        good.substr(0, good.size() / 2),
        good + "x",
        std::string(good).replace(10, 1, "\xC3"),
        std::string(good).replace(good.find("Keurig"), 2, "\xED\xA0\x80"),
        "{\"seal\":\"\\ud800\"}",
        "{\"events\":[1,2,3],\"assignment\":[],\"template\":\"x\",\"seal\":7}",
        "{\"events\":{},\"assignment\":{},\"template\":{},\"seal\":\"\"}",
        std::string(kMaxVisitRecordBytes + 1, ' '),
        "nul\0l",
        "{\"a\":1e400}",
    };
    // Truncations at every 97th byte and random single-byte flips.
    for (std::size_t n = 0; n < good.size(); n += 97) hostile.push_back(good.substr(0, n));
    std::mt19937 rng(7);
    for (int i = 0; i < 300; ++i) {
        std::string s = good;
        s[rng() % s.size()] = static_cast<char>(rng() % 256);
        hostile.push_back(std::move(s));
    }
    int refused = 0;
    for (const std::string& bytes : hostile) {
        const auto r = decode_visit_record(bytes);
        if (!r.ok()) {
            ++refused;
            CHECK(r.error().code == ErrorCode::malformed);
            CHECK_FALSE(r.error().message.empty());
            continue;
        }
        // Whatever decodes must still pass the rules and the seal before it counts.
        const auto v = replay_visit(r.value(), fiber_template());
        if (v.ok()) CHECK(v->seal() == r->seal);
    }
    CHECK(refused > 100);
}

TEST_CASE("edits stop before a visit's record grows too large to send, and it can still be closed and sent") {
    Walk w;
    w.to_steps();
    w.take(w.visit.answer_step("safety", Answer::confirmed(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("connected", Answer::done(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    // Quotes double twice on the way into a record: the worst ordinary text for its size.
    const std::string note(kMaxAnswerTextBytes - 1, '"');
    std::optional<ErrorCode> refused;
    for (int i = 0; i < 1000 && !refused; ++i) {
        const auto r = w.visit.answer_step("power", Answer::measured(-30 - i, note), w.tick());
        if (!r.ok()) refused = r.error().code;
        else REQUIRE(w.visit.apply(r->events).ok());
    }
    CHECK(refused == ErrorCode::visit_too_large);
    w.take(w.visit.close_not_possible({FailureCause::Kind::Other, "", std::string(kMaxAnswerTextBytes, '"')}, w.tick()));
    const std::string bytes = encode_visit_record(w.visit);
    CHECK(bytes.size() <= kMaxVisitRecordBytes);
    const auto record = decode_visit_record(bytes);
    REQUIRE(record.ok());
    CHECK(replay_visit(record.value(), fiber_template()).ok());
}

TEST_CASE("random verbs and forged events never crash the rules, and what they accept replays to the same visit") {
    const auto t = fiber_template();
    std::vector<std::string> items = {"", "nope"};
    for (const auto& p : t->prechecks) items.push_back(p.id);
    for (const auto& s : t->steps) items.push_back(s.id);
    for (const auto& h : t->handover) items.push_back(h.id);
    for (const auto& q : t->survey) items.push_back(q.id);
    const std::vector<Answer> answers = {
        Answer::met(), Answer::not_met(), Answer::confirmed(), Answer::done(), Answer::not_applicable("r"),
        Answer::not_applicable(""), Answer::measured(-18.5), Answer::measured(-30, "n"), Answer::measured(-30),
        Answer::choice("other"), Answer::choice("nokia"), Answer::text_value("x"), Answer::text_value(""),
        Answer::attachment(kPhotoHash), Answer::score(3), Answer::score(9)};
    std::vector<std::string> values = {"", "garbage", "{}", R"({"kind":"score","number":1e308,"text":""})"};
    for (const Answer& a : answers) values.push_back(encode_answer(a));
    const std::vector<FailureCause> causes = {{FailureCause::Kind::PrecheckNotMet, "patch", ""},
                                              {FailureCause::Kind::PrecheckNotMet, "parking", ""},
                                              {FailureCause::Kind::Other, "", "t"},
                                              {FailureCause::Kind::Other, "", ""},
                                              {FailureCause::Kind::NetworkFault, "", ""}};
    std::vector<std::string> details = {"", "hidden", "cleared", "survey_declined", "x"};
    for (const FailureCause& c : causes) details.push_back(encode_failure_cause(c));
    const TechnicianPin pin = TechnicianPin::create("4711", "00112233445566778899aabbccddeeff").value();

    std::mt19937 rng(2024);
    const auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
    int accepted = 0;
    for (int round = 0; round < 80; ++round) {
        Walk w;
        for (int i = 0; i < 600 && !w.visit.sealed(); ++i) {
            const Instant now = w.tick();
            const Visit& v = w.visit;
            const std::size_t before = v.events().size();
            Expected<Decision> decision = make_error(ErrorCode::internal, "");
            // Closing verbs are rare so that most rounds get far before they seal.
            switch (rng() % 16) {
                case 0: decision = v.open(now); break;
                case 1: {
                    // Mostly fitting moves, so the walk gets past each phase; the rest is noise.
                    const std::string id = rng() % 5 ? t->prechecks[rng() % 3].id : pick(items);
                    const Answer a = rng() % 5 ? Answer::met() : pick(answers);
                    decision = v.record_precheck(id, a, now);
                    break;
                }
                case 2: decision = v.begin_steps(now); break;
                case 3: {
                    if (rng() % 4 == 0 || v.current_step() < 0) {
                        decision = v.answer_step(pick(items), pick(answers), now);
                        break;
                    }
                    const Step& s = t->steps[static_cast<std::size_t>(v.current_step())];
                    Answer a = pick(answers);
                    switch (s.kind) {
                        case StepKind::Instruction: a = Answer::confirmed(); break;
                        case StepKind::Check: a = rng() % 2 ? Answer::done() : Answer::not_applicable("n/a"); break;
                        case StepKind::Measure: a = Answer::measured(rng() % 2 ? -20.0 : -30.0, "n"); break;
                        case StepKind::Choice: a = Answer::choice(s.options[rng() % s.options.size()].id); break;
                        case StepKind::Text: a = Answer::text_value("t"); break;
                        case StepKind::Serial: a = Answer::serial("S1"); break;
                        case StepKind::Photo:
                        case StepKind::Signature: a = Answer::attachment(kPhotoHash); break;
                    }
                    decision = v.answer_step(s.id, a, now);
                    break;
                }
                case 4: decision = v.clear_step(pick(items), now); break;
                case 5: decision = v.go_next(now); break;
                case 6:
                    if (rng() % 4 == 0) decision = v.go_back(now);
                    else decision = v.go_next(now);
                    break;
                case 7: decision = v.begin_handover(now); break;
                case 8: decision = v.confirm_handover(rng() % 4 ? t->handover[rng() % 2].id : pick(items), now); break;
                case 9: decision = v.enter_customer_mode(now); break;
                case 10: {
                    const std::string id = rng() % 4 ? t->survey[rng() % 5].id : pick(items);
                    const Answer a = rng() % 4 ? (id == "comment" ? Answer::text_value("c") : Answer::score(1 + static_cast<int>(rng() % 5)))
                                               : pick(answers);
                    decision = v.answer_survey(id, a, now);
                    break;
                }
                case 11:
                    if (rng() % 3 == 0) decision = v.submit_survey(now);
                    break;
                case 12:
                    if (rng() % 6 == 0) decision = v.decline_survey(pin, rng() % 2 ? "4711" : "1234", now);
                    break;
                case 13:
                    if (rng() % 20 == 0) decision = v.close_not_possible(pick(causes), now);
                    break;
                default: {
                    auto e = w.forge(static_cast<EventKind>(rng() % 13), static_cast<Actor>(rng() % 3),
                                     pick(items), pick(values), pick(values), pick(details));
                    const bool renumber = rng() % 10 == 0;
                    if (!e) continue;  // text the reading refuses never reaches the rules
                    if (renumber) e->seq += 1;
                    if (w.visit.apply(*e).ok()) ++accepted;
                    continue;
                }
            }
            if (!decision.ok()) {
                REQUIRE(w.visit.events().size() == before);
                continue;
            }
            // What a verb decides, apply accepts, and ends at the decided visit.
            accepted += static_cast<int>(w.take(std::move(decision)).size());
        }
        Visit replayed(fiber_assignment(), t);
        REQUIRE(replayed.apply(w.visit.events()).ok());
        CHECK(replayed.canonical_content() == w.visit.canonical_content());
        CHECK(replayed.seal() == w.visit.seal());
        CHECK(replayed.phase() == w.visit.phase());
        CHECK(replayed.current_step() == w.visit.current_step());
        if (w.visit.sealed()) CHECK(w.visit.seal() == sha256_hex(w.visit.canonical_content()));
        // No answer survives on a hidden step once a decision is complete.
        if (w.visit.phase() == VisitPhase::Steps) {
            for (const Step& s : t->steps) {
                if (!w.visit.step_shown(s.id)) CHECK_FALSE(w.visit.step_answer(s.id));
            }
        }
    }
    CHECK(accepted > 2000);
}

TEST_CASE("an assignment round-trips through its canonical JSON") {
    Assignment a = fiber_assignment();
    a.escalation = true;
    const auto back = decode_assignment(encode_assignment(a));
    REQUIRE(back.ok());
    CHECK(back.value() == a);
    CHECK(decode_assignment("{\"visit_id\":1}").error().code == ErrorCode::malformed);
}

TEST_CASE("an event's payload is typed inside the engine and its text form round-trips byte for byte") {
    Walk w;
    w.to_customer_mode();
    w.take(w.visit.answer_survey("result", Answer::score(2), w.tick()));
    w.take(w.visit.decline_survey(TechnicianPin::create("4711", "00112233445566778899aabbccddeeff").value(), "4711", w.tick()));
    for (const VisitEvent& e : w.visit.events()) {
        VisitEvent back;
        back.seq = e.seq;
        back.wall_ms = e.wall_ms;
        back.mono_ms = e.mono_ms;
        back.actor = e.actor;
        back.kind = e.kind;
        back.item = e.item;
        const EventText text = event_text(e);
        REQUIRE(read_event_text(back, text).ok());
        CHECK(back == e);
        const EventText again = event_text(back);
        CHECK(again.old_value == text.old_value);
        CHECK(again.new_value == text.new_value);
        CHECK(again.detail == text.detail);
    }
    const VisitEvent& discard = w.visit.events()[w.visit.events().size() - 2];
    REQUIRE(discard.kind == EventKind::AnswerDiscarded);
    CHECK(discard.discard == DiscardReason::SurveyDeclined);
    CHECK(event_text(discard).detail == "survey_declined");
    CHECK(event_text(discard).old_value == R"({"kind":"score","number":2,"text":""})");
}

TEST_CASE("an event's text is read only in the canonical form the seal is computed over") {
    Walk w;
    w.to_prechecks();
    // Each of these decodes to an answer the rules would take, but is not what encode_answer()
    // writes: the seal recomputed from the typed answer could never match its sender's.
    for (const std::string& odd : {std::string(R"({"kind":"met"})"), std::string(R"({"text":"","number":0,"kind":"met"})"),
                                   std::string(R"({"kind":"met","number":0.0,"text":""})"),
                                   std::string(R"({"kind": "met","number":0,"text":""})")}) {
        CAPTURE(odd);
        CHECK(code_of(w.offer(EventKind::PrecheckRecorded, Actor::Technician, "patch", "", odd)) == ErrorCode::malformed);
    }
    CHECK(w.offer(EventKind::PrecheckRecorded, Actor::Technician, "patch", "", encode_answer(Answer::met())).ok());
    const std::string odd_cause = R"({"precheck_id":"","kind":"network_fault","text":""})";
    CHECK(code_of(w.offer(EventKind::ClosedNotPossible, Actor::Technician, "", "", "", odd_cause)) == ErrorCode::malformed);
}

TEST_CASE("a detail is read only on the kinds that carry one, and a discard names a known reason") {
    Walk w;
    CHECK(code_of(w.offer(EventKind::Opened, Actor::Technician, "", "", "", "hidden")) == ErrorCode::malformed);
    w.to_steps();
    w.take(w.visit.answer_step("safety", Answer::confirmed(), w.tick()));
    const std::string old = encode_answer(Answer::confirmed());
    CHECK(code_of(w.offer(EventKind::AnswerDiscarded, Actor::Technician, "safety", old, "", "forgotten")) == ErrorCode::malformed);
    CHECK(code_of(w.offer(EventKind::AnswerDiscarded, Actor::Technician, "safety", old, "", "")) == ErrorCode::malformed);
    const auto read = w.forge(EventKind::AnswerDiscarded, Actor::Technician, "safety", old, "", "cleared");
    REQUIRE(read.ok());
    CHECK(read->discard == DiscardReason::Cleared);
    CHECK(read->old_answer == Answer::confirmed());
    // In the engine the typed fields are checked against the kind, as the text was: no cause on a discard.
    VisitEvent typed = read.value();
    typed.cause = FailureCause{FailureCause::Kind::NetworkFault, "", ""};
    CHECK(code_of(w.visit.apply(typed)) == ErrorCode::malformed);
}
