#include "precheck_confirmation.h"

#include "canonical_json.h"

namespace fc {
namespace {

bool has_control_character(const std::string& s) {
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7F) return true;
    }
    return false;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; }

}  // namespace

std::string confirmable_prechecks(const ChecklistTemplate& t) {
    std::string ids;
    for (const Precheck& p : t.prechecks) {
        if (p.moment == PrecheckMoment::BeforeDeparture) ids += (ids.empty() ? "" : ", ") + p.id;
    }
    return ids.empty() ? "none" : ids;
}

Status check_confirmation(const ChecklistTemplate& t, const PrecheckConfirmation& c) {
    const std::string which = "template " + t.id + " version " + std::to_string(t.version);
    const Precheck* p = t.find_precheck(c.precheck_id);
    if (!p) {
        return make_error(ErrorCode::unknown_item, which + " has no precheck '" + c.precheck_id +
                                                       "'; it can confirm: " + confirmable_prechecks(t))
            .with("subject", c.precheck_id);
    }
    // The technician checks on-arrival prechecks with their own eyes; nobody can do that for them.
    if (p->moment != PrecheckMoment::BeforeDeparture) {
        return make_error(ErrorCode::wrong_actor, "precheck '" + c.precheck_id + "' of " + which +
                                                      " is checked on arrival by the technician, not confirmed "
                                                      "beforehand; it can confirm: " + confirmable_prechecks(t))
            .with("subject", p->title);
    }
    if (blank(c.by)) {
        return make_error(ErrorCode::empty_text, "who confirmed precheck '" + c.precheck_id + "' is empty").with("subject", p->title);
    }
    if (c.by.size() > kMaxConfirmedByBytes || !is_valid_utf8(c.by) || has_control_character(c.by)) {
        return make_error(ErrorCode::text_too_long, "who confirmed precheck '" + c.precheck_id + "' must be at most " +
                                                        std::to_string(kMaxConfirmedByBytes) +
                                                        " bytes of text on one line")
            .with("subject", p->title);
    }
    if (c.at_ms <= 0) return make_error(ErrorCode::invalid_time, "a confirmation needs the time it was given");
    return {};
}

Status check_confirmation_time(const PrecheckConfirmation& c, std::int64_t now_ms) {
    if (c.at_ms <= now_ms + kConfirmationClockSlackMs) return {};
    return make_error(ErrorCode::invalid_time, "visit " + c.visit_id + ": the confirmation of precheck '" + c.precheck_id +
                                                   "' is dated in the future; give the time it was given")
        .with("subject", c.precheck_id);
}

}  // namespace fc
