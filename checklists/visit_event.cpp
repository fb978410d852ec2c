#include "visit_event.h"

#include <array>
#include <utility>

#include "strict_json.h"
#include "visit_json.h"

namespace fc {
namespace {

constexpr std::array<std::pair<Actor, const char*>, 4> kActors{{
    {Actor::Technician, "technician"},
    {Actor::Customer, "customer"},
    {Actor::System, "system"},
    {Actor::Intake, "intake"},
}};

constexpr std::array<std::pair<EventKind, const char*>, 15> kKinds{{
    {EventKind::Opened, "opened"},
    {EventKind::PrecheckRecorded, "precheck_recorded"},
    {EventKind::StepsBegun, "steps_begun"},
    {EventKind::StepAnswered, "step_answered"},
    {EventKind::AnswerDiscarded, "answer_discarded"},
    {EventKind::Navigated, "navigated"},
    {EventKind::HandoverBegun, "handover_begun"},
    {EventKind::HandoverConfirmed, "handover_confirmed"},
    {EventKind::CustomerModeEntered, "customer_mode_entered"},
    {EventKind::SurveyAnswered, "survey_answered"},
    {EventKind::SurveySubmitted, "survey_submitted"},
    {EventKind::SurveyDeclined, "survey_declined"},
    {EventKind::SurveyOnPhone, "survey_on_phone"},
    {EventKind::ClosedNotPossible, "closed_not_possible"},
    {EventKind::ReceiptMade, "receipt_made"},
}};

constexpr std::array<std::pair<DiscardReason, const char*>, 3> kDiscardReasons{{
    {DiscardReason::Hidden, "hidden"},
    {DiscardReason::Cleared, "cleared"},
    {DiscardReason::SurveyDeclined, "survey_declined"},
}};

Error payload_error(const VisitEvent& e, const std::string& what) {
    return make_error(ErrorCode::malformed, "event " + std::to_string(e.seq) + " (" + to_string(e.kind) + "): " + what);
}

// "" is no answer; anything else must be an answer exactly as encode_answer() writes it.
Status read_answer_text(const VisitEvent& e, const std::string& text, std::optional<Answer>& out) {
    if (text.empty()) return {};
    auto a = decode_answer(text);
    if (!a) return payload_error(e, a.error().message);
    if (encode_answer(*a) != text) return payload_error(e, "the answer is not written in its canonical form");
    out = std::move(*a);
    return {};
}

Status read_detail_text(VisitEvent& e, const std::string& text) {
    if (e.kind == EventKind::AnswerDiscarded) {
        e.discard = discard_reason_from_string(text);
        if (!e.discard) return payload_error(e, "a discard says why: hidden, cleared or survey_declined, not \"" + text + "\"");
        return {};
    }
    if (e.kind == EventKind::ClosedNotPossible) {
        auto cause = decode_failure_cause(text);
        if (!cause) return payload_error(e, cause.error().message);
        if (encode_failure_cause(*cause) != text) return payload_error(e, "the cause is not written in its canonical form");
        e.cause = std::move(*cause);
        return {};
    }
    if (e.kind == EventKind::ReceiptMade) {
        auto facts = decode_receipt_facts(text);
        if (!facts) return payload_error(e, facts.error().message);
        if (encode_receipt_facts(*facts) != text) return payload_error(e, "the receipt's facts are not written in their canonical form");
        facts->code_hash = e.item;
        e.receipt = std::move(*facts);
        return {};
    }
    if (!text.empty()) return payload_error(e, "this kind of event carries no detail");
    return {};
}

}  // namespace

const char* to_string(Actor a) {
    for (const auto& [k, name] : kActors) {
        if (k == a) return name;
    }
    return "unknown";
}

std::optional<Actor> actor_from_string(const std::string& s) {
    for (const auto& [k, name] : kActors) {
        if (s == name) return k;
    }
    return std::nullopt;
}

const char* to_string(EventKind k) {
    for (const auto& [kind, name] : kKinds) {
        if (kind == k) return name;
    }
    return "unknown";
}

std::optional<EventKind> event_kind_from_string(const std::string& s) {
    for (const auto& [kind, name] : kKinds) {
        if (s == name) return kind;
    }
    return std::nullopt;
}

const char* to_string(DiscardReason r) {
    for (const auto& [reason, name] : kDiscardReasons) {
        if (reason == r) return name;
    }
    return "unknown";
}

std::optional<DiscardReason> discard_reason_from_string(const std::string& s) {
    for (const auto& [reason, name] : kDiscardReasons) {
        if (s == name) return reason;
    }
    return std::nullopt;
}

EventText event_text(const VisitEvent& e) {
    EventText t;
    if (e.old_answer) t.old_value = encode_answer(*e.old_answer);
    if (e.new_answer) t.new_value = encode_answer(*e.new_answer);
    // At most one of the two is set on an event the rules accepted.
    if (e.discard) t.detail = to_string(*e.discard);
    if (e.cause) t.detail = encode_failure_cause(*e.cause);
    if (e.receipt) t.detail = encode_receipt_facts(*e.receipt);
    return t;
}

Status read_event_text(VisitEvent& e, const EventText& text) {
    if (Status s = read_answer_text(e, text.old_value, e.old_answer); !s) return s;
    if (Status s = read_answer_text(e, text.new_value, e.new_answer); !s) return s;
    return read_detail_text(e, text.detail);
}

CanonicalJson event_json(const VisitEvent& e) {
    EventText text = event_text(e);
    return CanonicalJson::object()
        .set("seq", e.seq)
        .set("wall_ms", e.wall_ms)
        .set("mono_ms", e.mono_ms)
        .set("actor", to_string(e.actor))
        .set("kind", to_string(e.kind))
        .set("item", e.item)
        .set("old_value", std::move(text.old_value))
        .set("new_value", std::move(text.new_value))
        .set("detail", std::move(text.detail));
}

Expected<VisitEvent> read_event(const rapidjson::Value& v, const std::string& path) {
    VisitEvent e;
    std::string actor;
    std::string kind;
    EventText text;
    StrictObject o(v, path);
    o.int64("seq", e.seq);
    o.int64("wall_ms", e.wall_ms);
    o.int64("mono_ms", e.mono_ms);
    o.string("actor", actor);
    o.string("kind", kind);
    o.string("item", e.item);
    o.string("old_value", text.old_value);
    o.string("new_value", text.new_value);
    o.string("detail", text.detail);
    if (Status s = o.finish(); !s) return s.error();
    const auto a = actor_from_string(actor);
    if (!a) return make_error(ErrorCode::malformed, o.path("actor") + " \"" + actor + "\" is not a known actor");
    const auto k = event_kind_from_string(kind);
    if (!k) return make_error(ErrorCode::malformed, o.path("kind") + " \"" + kind + "\" is not a known event kind");
    e.actor = *a;
    e.kind = *k;
    if (Status s = read_event_text(e, text); !s) return s.error();
    return e;
}

}  // namespace fc
