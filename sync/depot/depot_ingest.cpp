#include "depot_ingest.h"

#include <tuple>

#include "checklists/canonical_json.h"
#include "checklists/json_guard.h"
#include "checklists/template_parser.h"
#include "checklists/time_format.h"
#include "checklists/visit.h"
#include "checklists/visit_history.h"
#include "sync/wire/receipt_signature.h"
#include "sync/wire/request_signature.h"
#include "sync/wire/survey_code.h"
#include "sync/wire/wire_messages.h"
#include "sync/wire/wire_visit.h"
#include "sync/depot/assignment_check.h"
#include "sync/depot/http_status.h"

namespace fc {
namespace {

DepotReply storage_reply(const Error& e) { return depot_error_reply(storage_failure(e)); }

// Why before the store is read: a forged record must not even learn whether the visit exists,
// and must never take the visit's id from the real tablet's record (finding 1 of issue 11).
std::optional<DepotReply> refuse_unsigned_record(const RecordProof& proof, const std::string& visit_id, const std::string& seal) {
    if (!proof.key || verify_record_signature(*proof.key, visit_id, seal, proof.signature_header)) return std::nullopt;
    return depot_error_reply(make_error(ErrorCode::bad_record_signature, "visit " + visit_id + " is not signed by device key " +
                                                                 proof.key_id + " (Fieldcheck-Record-Signature)"));
}

// Each record format's replay rules. A tablet seals under the rules of its own build; the depot
// replays every record under the rules of the format it names, so visits sealed before an upgrade
// (of the tablet or of the depot) still arrive. A new format adds a row; no row is ever removed.
struct RecordFormat {
    int number;
    Expected<Visit> (*replay)(const VisitRecord&, std::shared_ptr<const ChecklistTemplate>);
};
constexpr RecordFormat kRecordFormats[] = {
    {1, replay_visit},  // the golden format-1 records pin it
    {2, replay_visit},  // intake confirmations, no "not possible" past an open blocking precheck,
                        // the handover in customer mode (template format 2); golden format-2 records
    {3, replay_visit},  // the survey answered on the customer's own phone (survey_on_phone, linked to
                        // the depot's phone_surveys row by visit); golden format-3 records
    {4, replay_visit},  // photo steps list their photos (photos_min..photos_max), serial steps with
                        // their pattern and check digit (template format 3); golden format-4 records
    {5, replay_visit},  // the customer's receipt sealed before the close (receipt_made: the code's hash and
                        // the receipt's facts), the technician's name in the assignment; golden format-5 records
};

const RecordFormat* record_format(int number) {
    for (const RecordFormat& f : kRecordFormats) {
        if (f.number == number) return &f;
    }
    return nullptr;
}

Error unknown_format(const std::string& visit_id, int number) {
    std::string known;
    for (const RecordFormat& f : kRecordFormats) known += (known.empty() ? "" : ", ") + std::to_string(f.number);
    return make_error(ErrorCode::unknown_format, "visit " + visit_id + " is a record of format " + std::to_string(number) +
                                                     "; this depot replays record formats " + known +
                                                     ". Update the depot before this tablet sends again.")
        .with("format", std::to_string(number));
}

ReceivedVisit describe(const Visit& v, const std::string& technician_id, const std::string& job_id,
                       std::string record) {
    ReceivedVisit r;
    r.visit_id = v.assignment().visit_id;
    r.technician_id = technician_id;
    r.job_id = job_id;
    r.template_id = v.checklist().id;
    r.template_version = v.checklist().version;
    r.seal = v.seal();
    r.record = std::move(record);
    r.outcome = to_string(v.outcome());
    if (v.cause()) {
        r.cause_kind = to_string(v.cause()->kind);
        r.cause_precheck = v.cause()->precheck_id;
        r.cause_text = v.cause()->text;
    }
    r.survey_status = to_string(v.survey_status());
    for (const SurveyQuestion& q : v.checklist().survey) {
        const auto answer = v.survey_answer(q.id);
        if (!answer) continue;
        if (q.kind == SurveyKind::Smiley && answer->kind == Answer::Kind::Score) {
            r.scores.push_back({q.id, q.touchpoint, static_cast<int>(answer->number)});
        } else if (q.kind == SurveyKind::Comment && answer->kind == Answer::Kind::Text) {
            if (!r.survey_comment.empty()) r.survey_comment += "\n";
            r.survey_comment += answer->text;
        }
    }
    // Judged here from the events, not sealed: records of every format get today's judgment.
    r.flags = survey_integrity_flags(v.events());
    for (const DiscardedSurveyAnswer& d : discarded_survey_answers(v.events())) {
        const Answer& a = d.answer;
        r.discarded_answers.push_back({d.question_id, a.kind == Answer::Kind::Score ? std::to_string(static_cast<int>(a.number)) : a.text});
    }
    r.tablet_sealed_ms = v.events().empty() ? 0 : v.events().back().wall_ms;
    r.history = history_entry_of(v);
    if (v.receipt()) r.receipt_hash = v.receipt()->code_hash;
    return r;
}

// The receipt code whose hash the visit sealed, made again from each survey key of the technician
// whose tablet sealed it; "" when none makes it (a key the depot never got): the visit is received
// all the same, and the receipt page opens for whoever holds the code. Every key is tried, so the
// time taken does not tell which one matched.
Expected<std::string> find_receipt_code(DepotStore& store, const std::string& technician_id, const ReceivedVisit& v) {
    if (v.receipt_hash.empty()) return std::string();
    auto keys = store.survey_keys(technician_id);
    if (!keys) return keys.error();
    std::string found;
    for (const std::string& key : *keys) {
        std::string code = receipt_code(key, v.visit_id);
        if (receipt_code_matches(code, v.receipt_hash)) found = std::move(code);
    }
    return found;
}

// Who may send a visit: the technician it is assigned to, or one it was withdrawn from (cancelled
// or reassigned) who had started it anyway: that visit is stored, with a conflict for the planner.
struct Sender {
    std::optional<DepotReply> refusal;
    std::optional<Withdrawal> withdrawn;
};

Sender check_sender(DepotStore& store, const std::optional<Assignment>& planned, const VisitRecord& record,
                    const std::string& technician_id, const std::string& visit_id) {
    Sender out;
    if (planned && record.assignment.technician_id == technician_id) {
        auto w = store.withdrawal(visit_id, technician_id);
        if (!w) return {storage_reply(w.error()), std::nullopt};
        if (w.value() && (w.value()->kind == "cancelled" || w.value()->kind == "reassigned")) out.withdrawn = w.value();
    }
    const std::string owner = planned ? planned->technician_id : record.assignment.technician_id;
    if ((owner != technician_id && !out.withdrawn) || record.assignment.technician_id != technician_id) {
        out.refusal = depot_error_reply(make_error(ErrorCode::not_your_visit, "visit " + visit_id + " is assigned to another technician"));
    } else if (!planned) {
        out.refusal = depot_error_reply(make_error(ErrorCode::unknown_assignment, "visit " + visit_id + " was never assigned by this depot"));
    }
    return out;
}

// The tablet cannot vouch for the office: every precheck sealed as confirmed by the intake must be
// a confirmation this depot gave, by the same person at the same moment.
std::optional<DepotReply> check_intake_events(DepotStore& store, const Visit& v) {
    const std::string& visit_id = v.assignment().visit_id;
    std::optional<std::vector<PrecheckConfirmation>> held;
    for (const VisitEvent& e : v.events()) {
        if (e.actor != Actor::Intake) continue;
        if (!held) {
            auto loaded = store.confirmations(visit_id);
            if (!loaded) return storage_reply(loaded.error());
            held = std::move(loaded).value();
        }
        const std::string by = e.new_answer ? e.new_answer->text : std::string();
        bool found = false;
        for (const PrecheckConfirmation& c : *held) found = found || (c.precheck_id == e.item && c.by == by && c.at_ms == e.wall_ms);
        if (!found) {
            return depot_error_reply(make_error(ErrorCode::unconfirmed_intake,
                                                "visit " + visit_id + " holds precheck " + e.item + " as confirmed by " + by +
                                                    " at " + utc_iso8601(e.wall_ms) +
                                                    ", but this depot gave no such confirmation")
                                         .with("subject", e.item));
        }
    }
    return std::nullopt;
}

// Everything the record says about its assignment, against every revision the depot held (a later
// one is not a forgery: planners move windows and addresses). The field is named in the body too, so
// a tablet can report it without parsing the sentence.
std::optional<DepotReply> check_against_revisions(DepotStore& store, const VisitRecord& record) {
    auto revisions = store.assignment_revisions(record.assignment.visit_id);
    if (!revisions) return storage_reply(revisions.error());
    auto mismatch = check_sealed_assignment(record, revisions.value());
    if (!mismatch) return std::nullopt;
    auto body = CanonicalJson::object().set("error", to_string(mismatch->code)).set("message", mismatch->message);
    for (const auto& [name, value] : mismatch->params) body.set(name, value);
    return DepotReply{http_status(mismatch->code), body.dump()};
}

}  // namespace

Error storage_failure(const Error& e) {
    return http_status(e.code) >= 500 ? e : make_error(ErrorCode::sqlite_error, e.message);
}

DepotReply depot_error_reply(const Error& e) {
    return {http_status(e.code), encode_wire_error(e.code, e.message)};
}

DepotReply ingest_visit(DepotStore& store, const SigningKey& depot_key, const std::string& technician_id,
                        const std::string& visit_id, std::string_view body, std::int64_t now_ms, const RecordProof& proof,
                        VisitCommitQueue* commits) {
    // Bounds before any parser: size is 413, nesting or broken UTF-8 is 400.
    if (Status s = check_json_bounds(body, kMaxVisitRecordBytes, kMaxJsonDepth); !s) {
        return depot_error_reply(make_error(s.error().code, "visit " + visit_id + ": " + s.error().message));
    }
    auto record = decode_visit_record(body);
    if (!record) return depot_error_reply(make_error(ErrorCode::malformed, record.error().message));
    const RecordFormat* format = record_format(record->format);
    if (!format) return depot_error_reply(unknown_format(visit_id, record->format));
    if (record->assignment.visit_id != visit_id) {
        return depot_error_reply(make_error(ErrorCode::id_mismatch, "the URL names visit " + visit_id + " but the body holds visit " +
                                                         record->assignment.visit_id));
    }
    if (auto refused = refuse_unsigned_record(proof, visit_id, record->seal)) return *refused;

    // The owner comes from the depot's assignment, not from what the record says.
    auto planned = store.assignment(visit_id);
    if (!planned) return storage_reply(planned.error());
    const Sender sender = check_sender(store, planned.value(), record.value(), technician_id, visit_id);
    if (sender.refusal) return *sender.refusal;
    const Assignment& assignment = *planned.value();

    auto head = store.visit_head(visit_id);
    if (!head) return storage_reply(head.error());
    if (head.value() && head.value()->seal != record->seal) {
        return depot_error_reply(make_error(ErrorCode::conflict, "visit " + visit_id + " was already received with other content (seal " +
                                                      head.value()->seal + ")"));
    }

    auto checklist = store.template_for(record->template_id, record->template_version);
    if (!checklist) {
        if (checklist.error().code == ErrorCode::unknown_template) return depot_error_reply(checklist.error());
        return storage_reply(checklist.error());
    }
    // After the template lookup, so a version the depot never had stays `unknown_template`.
    if (auto refused = check_against_revisions(store, record.value())) return *refused;
    if (record->seal.empty()) {
        return depot_error_reply(make_error(ErrorCode::not_sealed, "visit " + visit_id + " is not sealed; only closed visits are received"));
    }
    auto visit = format->replay(record.value(), checklist.value());
    if (!visit) {
        // Same seal but content that does not produce it: other content under a known id.
        if (head.value()) return depot_error_reply(make_error(ErrorCode::conflict, visit.error().message));
        return depot_error_reply(visit.error());
    }
    if (!visit->sealed() || visit->seal() != record->seal) {
        return depot_error_reply(make_error(ErrorCode::not_sealed, "visit " + visit_id + " does not end sealed"));
    }
    if (head.value()) return {200, encode_receipt(sign_receipt(head.value()->receipt, depot_key))};
    if (auto refused = check_intake_events(store, visit.value())) return *refused;

    for (const std::string& sha : visit_attachments(visit.value())) {
        auto has = store.has_attachment(sha);
        if (!has) return storage_reply(has.error());
        if (!has.value()) {
            return depot_error_reply(make_error(ErrorCode::attachment_missing, "visit " + visit_id + " references file " + sha +
                                                                    ", which the depot does not have; upload it first"));
        }
    }

    ReceivedVisit received = describe(visit.value(), technician_id, assignment.job_id, encode_visit_record(visit.value()));
    received.withdrawn = sender.withdrawn;
    auto code = find_receipt_code(store, technician_id, received);
    if (!code) return storage_reply(code.error());
    received.receipt_code = std::move(code).value();
    if (proof.key) std::tie(received.device_key_id, received.record_signature) = std::tie(proof.key_id, proof.signature_header);
    auto stored = commits ? commits->store(std::move(received), now_ms) : store.store_visit(std::move(received), now_ms);
    if (!stored) return storage_reply(stored.error());
    switch (stored->first) {
        case StoreVisitOutcome::Created: return {201, encode_receipt(sign_receipt(stored->second, depot_key))};
        case StoreVisitOutcome::Replay: return {200, encode_receipt(sign_receipt(stored->second, depot_key))};
        case StoreVisitOutcome::Conflict: break;
    }
    return depot_error_reply(make_error(ErrorCode::conflict, "visit " + visit_id + " was already received with other content"));
}

}  // namespace fc
