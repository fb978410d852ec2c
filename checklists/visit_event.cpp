#include "visit_event.h"

#include <array>
#include <utility>

#include "strict_json.h"
#include "visit_json.h"

namespace fc {
namespace {

constexpr std::array<std::pair<Actor, const char*>, 3> kActors{{
    {Actor::Technician, "technician"},
    {Actor::Customer, "customer"},
    {Actor::System, "system"},
}};

constexpr std::array<std::pair<EventKind, const char*>, 13> kKinds{{
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
    {EventKind::ClosedNotPossible, "closed_not_possible"},
}};

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

CanonicalJson event_json(const VisitEvent& e) {
    return CanonicalJson::object()
        .set("seq", e.seq)
        .set("wall_ms", e.wall_ms)
        .set("mono_ms", e.mono_ms)
        .set("actor", to_string(e.actor))
        .set("kind", to_string(e.kind))
        .set("item", e.item)
        .set("old_value", e.old_value)
        .set("new_value", e.new_value)
        .set("detail", e.detail);
}

Expected<VisitEvent> read_event(const rapidjson::Value& v, const std::string& path) {
    VisitEvent e;
    std::string actor;
    std::string kind;
    StrictObject o(v, path);
    o.int64("seq", e.seq);
    o.int64("wall_ms", e.wall_ms);
    o.int64("mono_ms", e.mono_ms);
    o.string("actor", actor);
    o.string("kind", kind);
    o.string("item", e.item);
    o.string("old_value", e.old_value);
    o.string("new_value", e.new_value);
    o.string("detail", e.detail);
    if (Status s = o.finish(); !s) return s.error();
    const auto a = actor_from_string(actor);
    if (!a) return make_error(ErrorCode::malformed, o.path("actor") + " \"" + actor + "\" is not a known actor");
    const auto k = event_kind_from_string(kind);
    if (!k) return make_error(ErrorCode::malformed, o.path("kind") + " \"" + kind + "\" is not a known event kind");
    e.actor = *a;
    e.kind = *k;
    return e;
}

}  // namespace fc
