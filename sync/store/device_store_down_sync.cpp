// DeviceStore: what a page of the depot's down-sync asks of the tablet besides assignments: intake
// confirmations sealed into their visits, visits the planner withdrew, the company's contact settings.
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

// True when the precheck's latest answer is this very confirmation (the same page applied again).
bool already_sealed(const Visit& v, const PrecheckConfirmation& c) {
    const Events& events = v.events();
    for (auto e = events.rbegin(); e != events.rend(); ++e) {
        if (e->kind != EventKind::PrecheckRecorded || e->item != c.precheck_id) continue;
        return e->actor == Actor::Intake && e->wall_ms == c.at_ms && e->new_answer && e->new_answer->text == c.by;
    }
    return false;
}

Status upsert_setting(sqlite3* db, const char* key, const std::string& value) {
    auto stmt = SqliteStatement::prepare(
        db, "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!stmt) return stmt.error();
    return stmt->bind(1, key).bind(2, value).run();
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

Status store_cursor(sqlite3* db, const std::string& cursor) { return upsert_setting(db, kAssignmentCursorKey, cursor); }

}  // namespace

Status seal_intake(sqlite3* db, const PrecheckConfirmation& c, Instant now, PageApplied& applied) {
    const auto skip = [&](Error why) {
        applied.intake_skipped.push_back(SkippedConfirmation{c, std::move(why)});
        return Status{};
    };
    auto visit = replay_stored_visit(db, c.visit_id);
    if (!visit) return store_failed(visit.error()) ? Status(visit.error()) : skip(visit.error());
    if (already_sealed(*visit, c)) {
        ++applied.intake_known;
        return {};
    }
    auto decided = visit->record_intake(c, now);
    if (!decided) return skip(decided.error());
    if (auto s = store_visit_events(db, decided->next, decided->events, now.wall_ms); !s) {
        return store_failed(s.error()) ? s : skip(s.error());
    }
    ++applied.intake_sealed;
    return {};
}

Expected<PageApplied> DeviceStore::apply_assignment_page(const DownSyncPage& page) {
    auto tx = Transaction::begin(db_, "applying a page of " + std::to_string(page.assignments.size()) + " assignments");
    if (!tx) return tx.error();
    TemplateCache cache;
    const Instant now = clock_.now();
    std::vector<PrecheckConfirmation> reseal;
    for (const auto& a : page.assignments) {
        if (auto s = store_assignment(db_, a, now.wall_ms, cache, reseal); !s) {
            return make_error(s.error().code, s.error().message + " (the whole page was not applied)");
        }
    }
    PageApplied applied;
    PageApplied resealed;  // confirmations already on the tablet, sealed again on a rewritten visit
    for (const PrecheckConfirmation& c : reseal) {
        if (auto s = seal_intake(db_, c, now, resealed); !s) return s.error();
    }
    // One the rewritten visit refuses (its new template has no such precheck) is off it now: said.
    applied.intake_skipped = std::move(resealed.intake_skipped);
    for (const PrecheckConfirmation& c : page.confirmations) {
        if (auto s = seal_intake(db_, c, now, applied); !s) return s.error();
    }
    for (const std::string& visit_id : page.withdrawn) {
        if (auto s = withdraw_visit(db_, visit_id, now.wall_ms, applied); !s) return s.error();
    }
    if (page.contact) {
        if (auto s = upsert_setting(db_, kSettingCompany, page.contact->company); !s) return s.error();
        if (auto s = upsert_setting(db_, kSettingHelpdesk, page.contact->helpdesk); !s) return s.error();
    }
    if (auto s = store_cursor(db_, page.cursor); !s) return s.error();
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
