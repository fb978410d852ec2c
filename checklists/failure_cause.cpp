#include "failure_cause.h"

#include <array>
#include <utility>

#include "canonical_json.h"
#include "checklist_template.h"
#include "strict_json.h"

namespace fc {
namespace {

constexpr std::array<std::pair<FailureCause::Kind, const char*>, 5> kKinds{{
    {FailureCause::Kind::PrecheckNotMet, "precheck_not_met"},
    {FailureCause::Kind::CustomerAbsent, "customer_absent"},
    {FailureCause::Kind::EquipmentDoesNotFit, "equipment_does_not_fit"},
    {FailureCause::Kind::NetworkFault, "network_fault"},
    {FailureCause::Kind::Other, "other"},
}};

constexpr std::size_t kMaxEncodedCauseBytes = 32 * 1024;

std::string quoted(const std::string& s) { return "\u201C" + s + "\u201D"; }

std::string precheck_title(const FailureCause& cause, const ChecklistTemplate& t) {
    if (const Precheck* p = t.find_precheck(cause.precheck_id)) return p->title;
    return cause.precheck_id;  // a cause from an older template version: the id is still the truth
}

std::string message_nl(const FailureCause& c, const ChecklistTemplate& t) {
    switch (c.kind) {
        case FailureCause::Kind::PrecheckNotMet:
            return "Het bezoek van vandaag kon niet worden afgerond, omdat niet aan de volgende voorwaarde "
                   "was voldaan: " + quoted(precheck_title(c, t)) +
                   ". Zodra dit in orde is, maken we graag een nieuwe afspraak met u.";
        case FailureCause::Kind::CustomerAbsent:
            return "We zijn vandaag op de afgesproken tijd langsgekomen, maar hebben u niet thuis getroffen. "
                   "Neem contact met ons op om een nieuwe afspraak te maken.";
        case FailureCause::Kind::EquipmentDoesNotFit:
            return "Het bezoek van vandaag kon niet worden afgerond, omdat de meegebrachte apparatuur niet past "
                   "bij uw situatie. We nemen contact met u op over de juiste apparatuur en een nieuwe afspraak.";
        case FailureCause::Kind::NetworkFault:
            return "Het bezoek van vandaag kon niet worden afgerond door een storing in het netwerk. Zodra de "
                   "storing is verholpen, nemen we contact met u op voor een nieuwe afspraak.";
        case FailureCause::Kind::Other:
            return "Het bezoek van vandaag kon niet worden afgerond. De reden: " + quoted(c.text) +
                   ". We nemen contact met u op voor een nieuwe afspraak.";
    }
    return {};
}

std::string message_en(const FailureCause& c, const ChecklistTemplate& t) {
    switch (c.kind) {
        case FailureCause::Kind::PrecheckNotMet:
            return "Today's visit could not be completed because the following condition was not met: " +
                   quoted(precheck_title(c, t)) + ". As soon as this is in order, we will gladly make a new "
                   "appointment with you.";
        case FailureCause::Kind::CustomerAbsent:
            return "We came by at the agreed time today, but could not find you at home. Please contact us "
                   "to make a new appointment.";
        case FailureCause::Kind::EquipmentDoesNotFit:
            return "Today's visit could not be completed because the equipment we brought does not fit your "
                   "situation. We will contact you about the right equipment and a new appointment.";
        case FailureCause::Kind::NetworkFault:
            return "Today's visit could not be completed because of a fault in the network. As soon as the "
                   "fault has been repaired, we will contact you for a new appointment.";
        case FailureCause::Kind::Other:
            return "Today's visit could not be completed. The reason: " + quoted(c.text) +
                   ". We will contact you for a new appointment.";
    }
    return {};
}

}  // namespace

const char* to_string(FailureCause::Kind kind) {
    for (const auto& [k, name] : kKinds) {
        if (k == kind) return name;
    }
    return "unknown";
}

std::optional<FailureCause::Kind> failure_kind_from_string(const std::string& s) {
    for (const auto& [k, name] : kKinds) {
        if (s == name) return k;
    }
    return std::nullopt;
}

std::string encode_failure_cause(const FailureCause& cause) {
    return CanonicalJson::object()
        .set("kind", to_string(cause.kind))
        .set("precheck_id", cause.precheck_id)
        .set("text", cause.text)
        .dump();
}

Expected<FailureCause> decode_failure_cause(const std::string& json) {
    auto doc = parse_bounded_json(json, kMaxEncodedCauseBytes, 1);
    if (!doc) return make_error(ErrorCode::malformed, "failure cause: " + doc.error().message);
    StrictObject o(*doc, "$");
    FailureCause cause;
    std::string kind;
    o.string("kind", kind);
    o.string("precheck_id", cause.precheck_id);
    o.string("text", cause.text);
    if (Status s = o.finish(); !s) return make_error(ErrorCode::malformed, "failure cause: " + s.error().message);
    const auto k = failure_kind_from_string(kind);
    if (!k) return make_error(ErrorCode::malformed, "failure cause: $.kind \"" + kind + "\" is not a known cause");
    cause.kind = *k;
    return cause;
}

// Only the kind and the quoted precheck title or "other" text reach the customer: the optional
// detail of the other kinds is the technician's note for the back office.
std::string customer_message(const FailureCause& cause, const ChecklistTemplate& t) {
    return t.language == "nl" ? message_nl(cause, t) : message_en(cause, t);
}

}  // namespace fc
