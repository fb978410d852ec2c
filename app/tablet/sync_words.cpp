#include "app/tablet/sync_words.h"

#include <algorithm>
#include <iterator>
#include <vector>

#include "sync/client/sync_client.h"

namespace fc {
namespace {

std::string count(int n) { return std::to_string(n); }

// Why one/many keys: the catalogue has no plural rules, and English and Dutch need only these two.
std::string counted(const Strings& t, int n, Key one, Key many) { return n == 1 ? t(one) : t(many, {{"count", count(n)}}); }

// The depot refused the visit for what the planning says (whose visit, which assignment or
// template): the planner can put that right; anything else is for the helpdesk.
bool planner_decides(ErrorCode code) {
    constexpr ErrorCode kPlanners[] = {ErrorCode::unknown_assignment, ErrorCode::visit_cancelled, ErrorCode::reassigned,
                                       ErrorCode::not_your_visit,     ErrorCode::assignment_mismatch, ErrorCode::unknown_template,
                                       ErrorCode::template_mismatch,  ErrorCode::template_missing, ErrorCode::bad_technician};
    return std::find(std::begin(kPlanners), std::end(kPlanners), code) != std::end(kPlanners);
}

std::optional<ErrorCode> code_of(const OutboxItem& item) { return error_code_from_name(item.last_error_code); }

}  // namespace

std::string progress_text(const SyncProgress& p, const std::string& name, const Strings& t) {
    std::string out = t("sync.progress.visit", {{"visit", name}, {"n", count(p.visit)}, {"count", count(p.visits)}});
    if (p.file > 0) out += " \u00B7 " + t("sync.progress.file", {{"n", count(p.file)}, {"count", count(p.files)}});
    return out;
}

float progress_fraction(const SyncProgress& p) {
    if (p.visits <= 0) return 0.0f;
    // The record goes after the files: a visit at its record is all but done.
    const float within = p.files > 0 ? static_cast<float>(p.file > 0 ? p.file - 1 : p.files) / static_cast<float>(p.files + 1) : 0.0f;
    return (static_cast<float>(p.visit - 1) + within) / static_cast<float>(p.visits);
}

std::string pass_result_text(const SyncPassResult& r, const Strings& t) {
    if (!r.finished) return {};
    if (r.waiting == 0 && r.set_aside == 0) {
        std::string out = r.sent == 0 ? t("sync.result.nothing") : counted(t, r.sent, "sync.result.sent.one", "sync.result.sent.many") + ".";
        // Nothing waits, yet the pass had a problem (the depot away while nothing was to be sent).
        if (r.problem) out += " " + error_text(*r.problem, t);
        return out;
    }
    std::vector<std::string> parts;
    parts.push_back(r.sent == 0 ? t("sync.result.none_sent") : counted(t, r.sent, "sync.result.sent.one", "sync.result.sent.many"));
    if (r.waiting > 0) parts.push_back(counted(t, r.waiting, "sync.result.waiting.one", "sync.result.waiting.many"));
    if (r.set_aside > 0) parts.push_back(counted(t, r.set_aside, "sync.result.set_aside.one", "sync.result.set_aside.many"));
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
    out += ".";
    if (r.problem && r.waiting > 0) out += " " + error_text(*r.problem, t);
    return out;
}

std::string visit_reason_text(const OutboxItem& item, const Strings& t) {
    if (item.state == OutboxState::Sent) return {};
    const auto code = code_of(item);
    // Rows without a code (written before schema 5, or a sentence alone): as before, the tablet's
    // own reasons in the catalogue's words and any other sentence as written.
    if (!code) {
        if (item.last_error.starts_with(kReasonReceiptNotSigned)) return t("sync.receipt_not_signed");
        if (item.last_error.starts_with(kReasonDepotKeyNotPinned)) return t("sync.depot_key_not_pinned");
        return item.last_error;
    }
    if (*code == ErrorCode::receipt_not_signed) return t("sync.receipt_not_signed");
    if (*code == ErrorCode::depot_key_not_pinned) return t("sync.depot_key_not_pinned");
    return error_text(make_error(*code, item.last_error), t);
}

std::string visit_next_step_text(const OutboxItem& item, const Strings& t) {
    if (item.state == OutboxState::Sent) return {};
    const auto code = code_of(item);
    if (item.state == OutboxState::SetAside) {
        return t(code && planner_decides(*code) ? Key("sync.next.planner") : Key("sync.next.helpdesk"), {{"visit", item.visit_id}});
    }
    if (code && (*code == ErrorCode::unauthorized || *code == ErrorCode::depot_key_not_pinned)) return t("sync.next.enroll");
    return item.attempts > 0 ? t("sync.next.by_itself") : std::string();
}

}  // namespace fc
