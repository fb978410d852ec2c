// DeviceStore: what a page of the depot's down-sync asks of the tablet besides assignments: intake
// confirmations sealed into their visits, visits the planner withdrew, the company's contact settings.
#include <algorithm>
#include <utility>

#include "sync/store/device_store.h"
#include "sync/store/device_store_rows.h"
#include "sync/storage/sqlite_statement.h"
#include "sync/storage/sqlite_transaction.h"

namespace fc {
namespace {

// The store failing, as against one visit refusing a confirmation: only this fails the page (it is
// fetched again), so one bad visit never blocks the down-sync of the others.
bool store_failed(const Error& e) {
    return e.code == ErrorCode::sqlite_error || e.code == ErrorCode::busy || e.code == ErrorCode::disk_full ||
           e.code == ErrorCode::io_error;
}

Status run_for_visit(sqlite3* db, const char* sql, const std::string& visit_id) {
    auto stmt = SqliteStatement::prepare(db, sql);
    if (!stmt) return stmt.error();
    return stmt->bind(1, visit_id).run();
}

// A visit the planner cancelled or gave to another technician: gone from this tablet while the
// technician has not started it (a confirmation alone does not count); once started, kept and
// marked, so the work done is finished and sent, and the depot records the conflict.
Status withdraw_visit(sqlite3* db, const std::string& visit_id, std::int64_t now_ms, PageApplied& applied) {
    auto find = SqliteStatement::prepare(db, "SELECT withdrawn FROM visits WHERE visit_id = ?1");
    if (!find) return find.error();
    find->bind(1, visit_id);
    auto row = find->step();
    if (!row) return row.error();
    if (!*row) return {};  // never here, or already removed by an earlier application of this page
    const bool marked = find->int64(0) != 0;
    auto started = started_by_technician(db, visit_id);
    if (!started) return started.error();
    if (*started) {
        if (marked) return {};
        auto mark = SqliteStatement::prepare(db, "UPDATE visits SET withdrawn = 1, updated_ms = ?2 WHERE visit_id = ?1");
        if (!mark) return mark.error();
        if (auto s = mark->bind(1, visit_id).bind(2, now_ms).run(); !s) return s;
        applied.kept_withdrawn.push_back(visit_id);
        return {};
    }
    if (auto s = run_for_visit(db, "DELETE FROM events WHERE visit_id = ?1", visit_id); !s) return s;
    if (auto s = run_for_visit(db, "DELETE FROM visits WHERE visit_id = ?1", visit_id); !s) return s;
    applied.removed.push_back(visit_id);
    return {};
}

// One visit's confirmations of the page (`first`..`last`, all for that visit), sealed with one
// replay and one write: the depot sends every confirmation of each visit in a page again.
Status seal_intake(StatementCache& statements, std::vector<PrecheckConfirmation>::const_iterator first,
                   std::vector<PrecheckConfirmation>::const_iterator last, Instant now, PageApplied& applied) {
    auto visit = replay_stored_visit(statements.db(), first->visit_id);
    // Without its template the confirmations cannot be sealed yet, and the depot sends them only
    // once: the page is not applied (its cursor stays), so it comes again once the template is here.
    if (!visit && (visit.error().code == ErrorCode::template_missing || store_failed(visit.error()))) return visit.error();
    Events events;
    for (auto c = first; c != last; ++c) {
        if (!visit) {
            applied.intake_skipped.push_back(SkippedConfirmation{*c, visit.error()});
        } else if (visit->intake_confirmation(c->precheck_id) == std::optional<PrecheckConfirmation>(*c)) {
            ++applied.intake_known;  // the same page applied again
        } else if (auto decided = visit->record_intake(*c, now); !decided) {
            applied.intake_skipped.push_back(SkippedConfirmation{*c, decided.error()});
        } else {
            events.insert(events.end(), decided->events.begin(), decided->events.end());
            *visit = std::move(decided->next);
            ++applied.intake_sealed;
        }
    }
    if (events.empty()) return {};
    return store_visit_events(statements, *visit, events, now.wall_ms);
}

}  // namespace

Expected<PageApplied> DeviceStore::apply_assignment_page(const DownSyncPage& page) {
    auto tx = Transaction::begin(db_, "applying a page of " + std::to_string(page.assignments.size()) + " assignments");
    if (!tx) return tx.error();
    TemplateCache cache;
    const Instant now = clock_.now();
    for (const auto& a : page.assignments) {
        if (auto s = store_assignment(db_, a, now.wall_ms, cache); !s) {
            return make_error(s.error().code, s.error().message + " (the whole page was not applied)");
        }
        if (auto s = requeue_set_aside_visit(db_, a.visit_id); !s) return s.error();
    }
    PageApplied applied;
    // The depot lists a visit's confirmations together; a visit named twice apart is replayed twice.
    const auto& all = page.confirmations;
    for (auto first = all.begin(); first != all.end();) {
        const auto last = std::find_if(first, all.end(), [&](const PrecheckConfirmation& c) { return c.visit_id != first->visit_id; });
        if (auto s = seal_intake(statements_(), first, last, now, applied); !s) return s.error();
        first = last;
    }
    for (const std::string& visit_id : page.withdrawn) {
        if (auto s = withdraw_visit(db_, visit_id, now.wall_ms, applied); !s) return s.error();
    }
    // set_setting is one statement: inside this transaction it is part of the page.
    if (page.contact) {
        if (auto s = set_setting(kSettingCompany, page.contact->company); !s) return s.error();
        if (auto s = set_setting(kSettingHelpdesk, page.contact->helpdesk); !s) return s.error();
    }
    if (auto s = set_setting(kAssignmentCursorKey, page.cursor); !s) return s.error();
    if (auto s = tx->commit(); !s) return s.error();
    return applied;
}

Expected<CompanyContact> DeviceStore::company_contact() {
    // One snapshot: a down-sync between the two reads cannot pair one company with another's number.
    auto tx = Transaction::begin_read(db_, "reading the company's contact settings");
    if (!tx) return tx.error();
    auto company = setting(kSettingCompany);
    if (!company) return company.error();
    auto helpdesk = setting(kSettingHelpdesk);
    if (!helpdesk) return helpdesk.error();
    if (auto s = tx->commit(); !s) return s.error();
    return CompanyContact{company->value_or(""), helpdesk->value_or("")};
}

}  // namespace fc
