#pragma once
// VisitWalker: takes a visit from assigned to sealed through the real engine's verbs, the way a
// technician and a customer would; used by the depot tests and by bench/depot_ingest.cpp.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "checklists/clock.h"
#include "checklists/sha256.h"
#include "checklists/visit.h"
#include "tests/checklists/serial_examples.h"

namespace fc::test {

// How to walk a visit: sizes of the files attached, the customer's pace, and how it ends.
struct WalkPlan {
    std::size_t photo_bytes = 2048;
    std::size_t signature_bytes = 1024;
    std::int64_t step_gap_ms = 3000;
    std::int64_t survey_gap_ms = 4000;  // a customer reading each question
    std::vector<int> scores = {4, 5, 3, 4};
    bool not_possible = false;          // a blocking precheck not met: closed early
    std::string salt = "x";             // makes the attached bytes differ per visit
    std::string text_answer = "all fine";              // every text step
    std::string survey_comment = "Friendly and clear";  // every free-text survey question
    // Staged and odd surveys (issue 11, findings 6 and 7); the defaults walk a plain customer.
    std::int64_t survey_first_gap_ms = -1;  // before the first survey answer; -1: survey_gap_ms
    std::int64_t survey_dip_ms = 0;         // the third answer reads this much BEFORE the second (both clocks)
    int decline_after_answers = -1;         // the technician's PIN declines after this many answers
    // Set: the customer answers on their own phone; the visit closes with this survey code (format 3).
    std::string phone_code;
    // Set: the visit seals the customer's receipt with these facts (record format 5).
    std::optional<ReceiptFacts> receipt;
    bool customer_absent = false;  // closed not possible at the door, before any precheck
};

// The PIN walk_visit declines with (decline_after_answers).
inline TechnicianPin walker_pin() { return TechnicianPin::create("4711", "00112233445566778899aabbccddeeff").value(); }

// `record(after, events)` makes each step's events durable (the device store) or does nothing;
// `attach(bytes)` stores a file and returns its SHA-256.
struct WalkSinks {
    std::function<Status(const Visit&, const Events&)> record = [](const Visit&, const Events&) { return Status{}; };
    std::function<Expected<std::string>(const std::string&)> attach = [](const std::string& b) {
        return Expected<std::string>(sha256_hex(b));
    };
};

// Walks `v` from assigned to sealed through the engine's verbs: every precheck met (or the first
// blocking one not met), every shown step answered by kind, handover confirmed (and signed, in
// template format 2), customer mode, the survey filled in at `plan`'s pace, submitted.
inline Status walk_visit(Visit& v, const WalkPlan& plan, const WalkSinks& sinks = {},
                         Instant start = {1'700'000'100'000, 500'000}) {
    ManualClock clock(start);
    const auto take = [&](Expected<Decision> decision, std::int64_t gap) -> Status {
        if (!decision) return decision.error();
        const Events events = decision->events;
        v = std::move(decision->next);
        if (Status s = sinks.record(v, events); !s) return s;
        clock.advance_ms(gap);
        return {};
    };
    const ChecklistTemplate& t = v.checklist();
    if (Status s = take(v.open(clock.now()), plan.step_gap_ms); !s) return s;
    if (plan.customer_absent) {
        return take(v.close_not_possible({FailureCause::Kind::CustomerAbsent, {}, {}}, clock.now(), plan.receipt), 0);
    }
    for (const Precheck& p : t.prechecks) {
        if (v.sealed()) break;
        const bool fail = plan.not_possible && p.blocking;
        if (Status s = take(v.record_precheck(p.id, fail ? Answer::not_met("not there") : Answer::met(), clock.now(),
                                              fail ? plan.receipt : std::nullopt),
                            plan.step_gap_ms);
            !s) {
            return s;
        }
        if (fail && !v.sealed()) {
            return take(v.close_not_possible({FailureCause::Kind::PrecheckNotMet, p.id, {}}, clock.now(), plan.receipt), 0);
        }
    }
    if (v.sealed()) return {};
    if (Status s = take(v.begin_steps(clock.now()), plan.step_gap_ms); !s) return s;
    for (int guard = 0; guard < 200; ++guard) {
        const int index = v.current_step();
        if (index < 0) break;
        const Step& step = t.steps[static_cast<std::size_t>(index)];
        if (!v.step_answer(step.id)) {
            Answer a;
            switch (step.kind) {
                case StepKind::Instruction: a = Answer::confirmed(); break;
                case StepKind::Check: a = Answer::done(); break;
                case StepKind::Measure: a = Answer::measured((step.min + step.max) / 2); break;
                case StepKind::Choice: a = Answer::choice(step.options.at(0).id); break;
                case StepKind::Text: a = Answer::text_value(plan.text_answer); break;
                case StepKind::Serial: a = Answer::serial(serial_example(step)); break;
                case StepKind::Photo:
                case StepKind::Signature: {
                    // Record format 4 lists a photo step's photos: as many as the step asks at least.
                    const bool list = step.kind == StepKind::Photo && v.format() >= kFirstPhotoListFormat;
                    const std::size_t size = step.kind == StepKind::Photo ? plan.photo_bytes : plan.signature_bytes;
                    std::vector<std::string> hashes;
                    for (int k = 0; k < (list ? step.photos_min : 1); ++k) {
                        std::string bytes = plan.salt + ":" + step.id + ":" + (k ? std::to_string(k) + ":" : "");
                        bytes.resize(std::max(size, bytes.size()), static_cast<char>('a' + (index % 26)));
                        auto sha = sinks.attach(bytes);
                        if (!sha) return sha.error();
                        hashes.push_back(sha.value());
                    }
                    a = list ? Answer::photos(hashes) : Answer::attachment(hashes.front());
                    break;
                }
            }
            if (Status s = take(v.answer_step(step.id, a, clock.now()), plan.step_gap_ms); !s) return s;
        }
        const auto shown = v.shown_steps();
        if (shown.empty() || v.current_step() == shown.back()) break;
        if (Status s = take(v.go_next(clock.now()), plan.step_gap_ms); !s) return s;
    }
    if (Status s = take(v.begin_handover(clock.now()), plan.step_gap_ms); !s) return s;
    // Template format 2: the customer signs a signature item, and customer mode began with the handover.
    const bool customers = v.handover_is_customers();
    for (const HandoverItem& h : t.handover) {
        // In format 2 the survey opens with the last confirmation: the customer's survey pace starts there.
        const std::int64_t gap = customers && &h == &t.handover.back() ? plan.survey_gap_ms : plan.step_gap_ms;
        if (customers && h.kind == HandoverItem::Kind::Signature) {
            std::string bytes = plan.salt + ":" + h.id + ":";
            bytes.resize(std::max(plan.signature_bytes, bytes.size()), 's');
            auto sha = sinks.attach(bytes);
            if (!sha) return sha.error();
            if (Status s = take(v.sign_handover(h.id, Answer::attachment(sha.value()), clock.now()), gap); !s) return s;
            continue;
        }
        if (Status s = take(v.confirm_handover(h.id, clock.now()), gap); !s) return s;
    }
    const std::int64_t first_gap = plan.survey_first_gap_ms >= 0 ? plan.survey_first_gap_ms : plan.survey_gap_ms;
    if (!customers) {
        if (Status s = take(v.enter_customer_mode(clock.now()), first_gap); !s) return s;
    } else if (first_gap != plan.survey_gap_ms) {
        clock.advance_ms(first_gap - plan.survey_gap_ms);
    }
    if (!plan.phone_code.empty()) return take(v.survey_on_phone(plan.phone_code, clock.now(), plan.receipt), 0);
    std::size_t smiley = 0;
    int answered = 0;
    for (const SurveyQuestion& q : t.survey) {
        if (answered == plan.decline_after_answers) break;
        const Answer a = q.kind == SurveyKind::Smiley ? Answer::score(plan.scores[smiley++ % plan.scores.size()])
                                                      : Answer::text_value(plan.survey_comment);
        if (Status s = take(v.answer_survey(q.id, a, clock.now()), plan.survey_gap_ms); !s) return s;
        if (++answered == 2 && plan.survey_dip_ms > 0) clock.advance_ms(-plan.survey_gap_ms - plan.survey_dip_ms);
    }
    if (plan.decline_after_answers >= 0) return take(v.decline_survey(walker_pin(), "4711", clock.now(), plan.receipt), 0);
    return take(v.submit_survey(clock.now(), plan.receipt), 0);
}

// A walked, sealed visit with the files it references, for tests that speak HTTP themselves.
struct SealedVisit {
    std::string record;
    std::string seal;
    std::map<std::string, std::string> files;  // sha256 -> bytes
};

inline SealedVisit sealed_visit(const Assignment& a, std::shared_ptr<const ChecklistTemplate> t, const WalkPlan& plan = {}) {
    Visit v(a, std::move(t));
    SealedVisit out;
    WalkSinks sinks;
    sinks.attach = [&](const std::string& bytes) {
        const std::string sha = sha256_hex(bytes);
        out.files[sha] = bytes;
        return Expected<std::string>(sha);
    };
    if (Status s = walk_visit(v, plan, sinks); !s) throw std::runtime_error("walk failed: " + to_string(s.error().code) + ": " + s.error().message);
    out.record = encode_visit_record(v);
    out.seal = v.seal();
    return out;
}

}  // namespace fc::test
