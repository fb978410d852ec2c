// The planner's side of the DepotStore: confirmations, settings, cancel / reschedule / reassign,
// the withdrawals they leave for the tablets' cursors, and the conflicts the planner settles.
#include "checklists/canonical_json.h"
#include "checklists/template_parser.h"
#include "checklists/time_format.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"
#include "sync/wire/wire_ids.h"

namespace fc {
namespace {

constexpr std::size_t kMaxWhyBytes = 200;

bool one_line_text(const std::string& s, std::size_t max_bytes) {
    if (s.size() > max_bytes || !is_valid_utf8(s)) return false;
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7F) return false;
    }
    return true;
}

}  // namespace

// --- internals: the caller holds the mutex (and a transaction where it writes) ---

Expected<bool> DepotStore::received_(const std::string& visit_id) {
    auto st = cached_("SELECT 1 FROM visits WHERE visit_id = ?");
    if (!st) return st.error();
    st->bind(1, visit_id);
    return st->step();
}

Expected<std::optional<Withdrawal>> DepotStore::withdrawal_(const std::string& visit_id, const std::string& technician_id) {
    auto st = cached_("SELECT kind, why, withdrawn_ms FROM withdrawals WHERE visit_id = ? AND technician_id = ?");
    if (!st) return st.error();
    st->bind(1, visit_id).bind(2, technician_id);
    auto row = st->step();
    if (!row) return row.error();
    if (!row.value()) return std::optional<Withdrawal>();
    return std::optional<Withdrawal>(Withdrawal{visit_id, technician_id, st->text(0), st->text(1), st->int64(2)});
}

Expected<std::string> DepotStore::open_visit_owner_(const std::string& visit_id, bool cancelled_ok) {
    auto st = cached_("SELECT technician_id FROM assignments WHERE visit_id = ?");
    if (!st) return st.error();
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return row.error();
    if (!row.value()) {
        return make_error(ErrorCode::unknown_assignment, "visit " + visit_id + " is not planned on this depot (see `assign`)");
    }
    const std::string owner = st->text(0);
    auto received = received_(visit_id);
    if (!received) return received.error();
    if (received.value()) {
        return make_error(ErrorCode::already_received, "visit " + visit_id + " was already carried out and received; "
                                                                            "it can no longer change");
    }
    auto withdrawn = withdrawal_(visit_id, owner);
    if (!withdrawn) return withdrawn.error();
    if (!cancelled_ok && withdrawn.value() && withdrawn.value()->kind == "cancelled") {
        return make_error(ErrorCode::visit_cancelled, "visit " + visit_id + " was cancelled; plan a new visit id instead");
    }
    return owner;
}

Status DepotStore::bump_assignment_(const std::string& visit_id, std::int64_t now_ms) {
    auto seq = next_seq_();
    if (!seq) return seq.error();
    auto st = cached_("UPDATE assignments SET seq = ?, changed_ms = ? WHERE visit_id = ?");
    if (!st) return st.error();
    st->bind(1, seq.value()).bind(2, now_ms).bind(3, visit_id);
    return st->run();
}

Status DepotStore::withdraw_(const Withdrawal& w) {
    auto seq = next_seq_();
    if (!seq) return seq.error();
    auto st = cached_("INSERT INTO withdrawals(visit_id, technician_id, kind, why, seq, withdrawn_ms) VALUES(?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT(visit_id, technician_id) DO UPDATE SET kind = excluded.kind, why = excluded.why, "
                      "seq = excluded.seq, withdrawn_ms = excluded.withdrawn_ms");
    if (!st) return st.error();
    st->bind(1, w.visit_id).bind(2, w.technician_id).bind(3, w.kind).bind(4, w.why).bind(5, seq.value()).bind(6, w.withdrawn_ms);
    return st->run();
}

Expected<std::shared_ptr<const ChecklistTemplate>> DepotStore::template_locked_(const std::string& id, int version) {
    {
        std::lock_guard cache_lock(template_mutex_);
        if (auto it = template_cache_.find({id, version}); it != template_cache_.end()) return it->second;
    }
    auto st = cached_("SELECT json FROM templates WHERE id = ? AND version = ?");
    if (!st) return st.error();
    st->bind(1, id).bind(2, version);
    auto row = st->step();
    if (!row) return row.error();
    if (!row.value()) {
        return make_error(ErrorCode::unknown_template, "template " + id + " version " + std::to_string(version) +
                                                           " is not on this depot");
    }
    TemplateParseResult parsed = parse_template(st->text(0));
    if (!parsed.checklist) {
        return make_error(ErrorCode::corrupt, "the depot's stored template " + id + " version " + std::to_string(version) +
                                                  " no longer parses");
    }
    auto shared = std::make_shared<const ChecklistTemplate>(std::move(*parsed.checklist));
    std::lock_guard cache_lock(template_mutex_);
    template_cache_.emplace(std::make_pair(id, version), shared);
    return shared;
}

// --- confirmations ---

Expected<bool> DepotStore::confirm_precheck_(const PrecheckConfirmation& c, std::int64_t now_ms) {
    const std::string where = "visit " + c.visit_id;
    auto owner = open_visit_owner_(c.visit_id, false);
    if (!owner) return owner.error();
    auto planned = cached_("SELECT template_id, template_version FROM assignments WHERE visit_id = ?");
    if (!planned) return planned.error();
    planned->bind(1, c.visit_id);
    if (auto row = planned->step(); !row) return row.error();
    auto checklist = template_locked_(planned->text(0), planned->int32(1));
    if (!checklist) return checklist.error();
    if (Status s = check_confirmation(*checklist.value(), c); !s) {
        Error e = s.error();
        e.message = where + ": " + e.message;
        return e;
    }
    auto existing = confirmations_(c.visit_id);
    if (!existing) return existing.error();
    for (const PrecheckConfirmation& old : existing.value()) {
        if (old.precheck_id != c.precheck_id) continue;
        if (old == c) return false;
        // The tablet may already have sealed the first one into the visit: it cannot be taken back.
        return make_error(ErrorCode::confirmation_conflict,
                          where + ": precheck " + c.precheck_id + " was already confirmed by " + old.by + " at " +
                              utc_iso8601_seconds(old.at_ms) + "; a confirmation never changes once given")
            .with("subject", c.precheck_id);
    }
    if (existing->size() >= static_cast<std::size_t>(kMaxConfirmationsPerVisit)) {
        return make_error(ErrorCode::too_large, where + " already holds " + std::to_string(kMaxConfirmationsPerVisit) +
                                                    " confirmations");
    }
    auto ins = cached_("INSERT INTO confirmations(visit_id, precheck_id, confirmed_by, at_ms, recorded_ms) VALUES(?, ?, ?, ?, ?)");
    if (!ins) return ins.error();
    ins->bind(1, c.visit_id).bind(2, c.precheck_id).bind(3, c.by).bind(4, c.at_ms).bind(5, now_ms);
    if (Status s = ins->run(); !s) return s.error();
    if (Status s = bump_assignment_(c.visit_id, now_ms); !s) return s.error();
    return true;
}

Expected<std::vector<PrecheckConfirmation>> DepotStore::confirmations_(const std::string& visit_id) {
    auto st = cached_("SELECT precheck_id, confirmed_by, at_ms FROM confirmations WHERE visit_id = ? ORDER BY precheck_id");
    if (!st) return st.error();
    st->bind(1, visit_id);
    std::vector<PrecheckConfirmation> out;
    while (st->next_row()) out.push_back({visit_id, st->text(0), st->text(1), st->int64(2)});
    if (Status read = st->done(); !read) return read.error();
    return out;
}

Expected<bool> DepotStore::confirm_precheck(const PrecheckConfirmation& c, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto tx = DepotTransaction::begin(*db_, "confirming precheck " + c.precheck_id + " of visit " + c.visit_id);
    if (!tx) return depot_error(tx.error(), dir_);
    auto fresh = confirm_precheck_(c, now_ms);
    if (!fresh) return depot_error(fresh.error(), dir_);
    if (Status s = tx->commit(); !s) return depot_error(s.error(), dir_);
    return fresh;
}

Expected<std::vector<PrecheckConfirmation>> DepotStore::confirmations(const std::string& visit_id) {
    if (DepotStore* r = reader_()) return r->confirmations(visit_id);
    std::lock_guard lock(mutex_);
    auto out = confirmations_(visit_id);
    if (!out) return depot_error(out.error(), dir_);
    return out;
}

// --- settings ---

Expected<std::optional<CompanyContact>> DepotStore::contact_() {
    auto st = cached_("SELECT key, value FROM settings WHERE key IN ('company', 'helpdesk')");
    if (!st) return st.error();
    std::optional<CompanyContact> out;
    while (st->next_row()) {
        if (!out) out.emplace();
        (st->text(0) == "company" ? out->company : out->helpdesk) = st->text(1);
    }
    if (Status read = st->done(); !read) return read.error();
    return out;
}

Expected<std::optional<CompanyContact>> DepotStore::contact() {
    std::lock_guard lock(mutex_);
    auto out = contact_();
    if (!out) return depot_error(out.error(), dir_);
    return out;
}

Status DepotStore::set_contact(const CompanyContact& contact, std::int64_t now_ms) {
    if (Status s = check_contact(contact); !s) return s;
    std::lock_guard lock(mutex_);
    auto tx = DepotTransaction::begin(*db_, "changing the settings");
    if (!tx) return depot_error(tx.error(), dir_);
    for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"company", &contact.company},
                                     {"helpdesk", &contact.helpdesk}}) {
        auto st = cached_("INSERT INTO settings(key, value, changed_ms) VALUES(?, ?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_ms = excluded.changed_ms");
        if (!st) return depot_error(st.error(), dir_);
        st->bind(1, std::string(key)).bind(2, *value).bind(3, now_ms);
        if (Status s = st->run(); !s) return depot_error(s.error(), dir_);
    }
    if (Status s = tx->commit(); !s) return depot_error(s.error(), dir_);
    return {};
}

// --- cancel, reschedule, reassign ---

Expected<bool> DepotStore::cancel_visit(const std::string& visit_id, const std::string& why, std::int64_t now_ms) {
    if (!one_line_text(why, kMaxWhyBytes)) {
        return make_error(ErrorCode::text_too_long, "the reason is at most " + std::to_string(kMaxWhyBytes) +
                                                        " bytes of text on one line");
    }
    std::lock_guard lock(mutex_);
    auto tx = DepotTransaction::begin(*db_, "cancelling visit " + visit_id);
    if (!tx) return depot_error(tx.error(), dir_);
    auto owner = open_visit_owner_(visit_id, true);
    if (!owner) return depot_error(owner.error(), dir_);
    auto withdrawn = withdrawal_(visit_id, owner.value());
    if (!withdrawn) return depot_error(withdrawn.error(), dir_);
    if (withdrawn.value()) return false;  // cancelled before: the tablet was told then
    if (Status s = withdraw_({visit_id, owner.value(), "cancelled", why, now_ms}); !s) return depot_error(s.error(), dir_);
    if (Status s = tx->commit(); !s) return depot_error(s.error(), dir_);
    return true;
}

Expected<bool> DepotStore::reschedule_visit(const std::string& visit_id, std::int64_t start_ms, std::int64_t end_ms,
                                            std::int64_t now_ms) {
    if (end_ms <= start_ms) return make_error(ErrorCode::invalid_time, "the window must end after it starts");
    std::lock_guard lock(mutex_);
    auto tx = DepotTransaction::begin(*db_, "rescheduling visit " + visit_id);
    if (!tx) return depot_error(tx.error(), dir_);
    auto owner = open_visit_owner_(visit_id, false);
    if (!owner) return depot_error(owner.error(), dir_);
    auto st = cached_("UPDATE assignments SET window_start_ms = ?, window_end_ms = ? WHERE visit_id = ? AND "
             "(window_start_ms <> ? OR window_end_ms <> ?)");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, start_ms).bind(2, end_ms).bind(3, visit_id).bind(4, start_ms).bind(5, end_ms);
    if (Status s = st->run(); !s) return depot_error(s.error(), dir_);
    if (st->changes() == 0) return false;
    if (Status s = bump_assignment_(visit_id, now_ms); !s) return depot_error(s.error(), dir_);
    if (Status s = tx->commit(); !s) return depot_error(s.error(), dir_);
    return true;
}

Expected<bool> DepotStore::reassign_visit(const std::string& visit_id, const std::string& technician_id, std::int64_t now_ms) {
    if (!is_wire_id(technician_id)) {
        return make_error(ErrorCode::bad_technician, "a technician id is 1 to 64 letters, digits, '-' or '_'");
    }
    std::lock_guard lock(mutex_);
    auto tx = DepotTransaction::begin(*db_, "reassigning visit " + visit_id);
    if (!tx) return depot_error(tx.error(), dir_);
    auto owner = open_visit_owner_(visit_id, false);
    if (!owner) return depot_error(owner.error(), dir_);
    if (owner.value() == technician_id) return false;
    // Moved back to a technician it was taken from: that tablet gets it as an assignment again.
    auto back = cached_("DELETE FROM withdrawals WHERE visit_id = ? AND technician_id = ?");
    if (!back) return depot_error(back.error(), dir_);
    back->bind(1, visit_id).bind(2, technician_id);
    if (Status s = back->run(); !s) return depot_error(s.error(), dir_);
    if (Status s = withdraw_({visit_id, owner.value(), "reassigned", "to " + technician_id, now_ms}); !s) {
        return depot_error(s.error(), dir_);
    }
    auto move = cached_("UPDATE assignments SET technician_id = ? WHERE visit_id = ?");
    if (!move) return depot_error(move.error(), dir_);
    move->bind(1, technician_id).bind(2, visit_id);
    if (Status s = move->run(); !s) return depot_error(s.error(), dir_);
    if (Status s = bump_assignment_(visit_id, now_ms); !s) return depot_error(s.error(), dir_);
    if (Status s = tx->commit(); !s) return depot_error(s.error(), dir_);
    return true;
}

Expected<std::optional<Withdrawal>> DepotStore::withdrawal(const std::string& visit_id, const std::string& technician_id) {
    if (DepotStore* r = reader_()) return r->withdrawal(visit_id, technician_id);
    std::lock_guard lock(mutex_);
    auto out = withdrawal_(visit_id, technician_id);
    if (!out) return depot_error(out.error(), dir_);
    return out;
}

// --- conflicts ---

Status DepotStore::record_conflict_(const ReceivedVisit& v, std::int64_t now_ms) {
    const Withdrawal& w = *v.withdrawn;
    const std::string what = w.kind == "cancelled" ? "was cancelled" + (w.why.empty() ? std::string() : " (" + w.why + ")")
                                                   : "was reassigned " + w.why;
    const std::string detail = "visit " + v.visit_id + " " + what + " at " + utc_iso8601_seconds(w.withdrawn_ms) +
                               ", but " + v.technician_id + " had started it and sent it in at " +
                               utc_iso8601_seconds(now_ms) + "; it is stored: settle it with the customer";
    auto st = cached_("INSERT INTO conflicts(visit_id, technician_id, kind, detail, recorded_ms) VALUES(?, ?, ?, ?, ?) "
                      "ON CONFLICT(visit_id, technician_id) DO UPDATE SET kind = excluded.kind, detail = excluded.detail, "
                      "recorded_ms = excluded.recorded_ms");
    if (!st) return st.error();
    st->bind(1, v.visit_id).bind(2, v.technician_id).bind(3, w.kind).bind(4, detail).bind(5, now_ms);
    if (Status s = st->run(); !s) return s;
    if (w.kind != "reassigned") return {};
    // The visit is done: the technician it went to need not drive out (their tablet drops it
    // unless they started it too, which then is a conflict the depot refuses as such).
    auto owner = cached_("SELECT technician_id FROM assignments WHERE visit_id = ?");
    if (!owner) return owner.error();
    owner->bind(1, v.visit_id);
    auto row = owner->step();
    if (!row) return row.error();
    if (!row.value() || owner->text(0) == v.technician_id) return {};
    return withdraw_({v.visit_id, owner->text(0), "carried_out_elsewhere", "carried out by " + v.technician_id, now_ms});
}

Expected<std::vector<PlanningConflict>> DepotStore::conflicts() {
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT visit_id, technician_id, kind, detail, recorded_ms FROM conflicts ORDER BY recorded_ms, id");
    if (!st) return depot_error(st.error(), dir_);
    std::vector<PlanningConflict> out;
    while (st->next_row()) out.push_back({st->text(0), st->text(1), st->text(2), st->text(3), st->int64(4)});
    if (Status read = st->done(); !read) return depot_error(read.error(), dir_);
    return out;
}

// --- the assignment page ---

Expected<std::vector<DepotStore::PageRow>> DepotStore::page_rows_(const std::string& technician_id, std::int64_t since,
                                                                  int limit, AssignmentPage& page) {
    auto st = cached_("SELECT seq, visit_id, 0 FROM assignments a WHERE technician_id = ?1 AND seq > ?2 AND NOT EXISTS "
             "(SELECT 1 FROM withdrawals w WHERE w.visit_id = a.visit_id AND w.technician_id = ?1) "
             "UNION ALL SELECT seq, visit_id, 1 FROM withdrawals WHERE technician_id = ?1 AND seq > ?2 "
             "ORDER BY 1 LIMIT ?3");
    if (!st) return st.error();
    st->bind(1, technician_id).bind(2, since).bind(3, limit + 1);
    std::vector<PageRow> rows;
    while (st->next_row()) {
        if (static_cast<int>(rows.size()) == limit) {
            page.more = true;
            break;
        }
        rows.push_back({st->int64(0), st->text(1), st->int64(2) != 0});
    }
    if (Status read = st->done(); !read) return read.error();
    return rows;
}

// The page carries every confirmation of its visits (applying one twice changes nothing on the
// tablet) and the settings on every page, so a tablet enrolled later or reset still has them.
Status DepotStore::add_planning_to_page_(AssignmentPage& page) {
    for (const Assignment& a : page.assignments) {
        auto confirmed = confirmations_(a.visit_id);
        if (!confirmed) return confirmed.error();
        page.confirmations.insert(page.confirmations.end(), confirmed->begin(), confirmed->end());
    }
    auto contact = contact_();
    if (!contact) return contact.error();
    page.contact = contact.value();
    return {};
}

}  // namespace fc
