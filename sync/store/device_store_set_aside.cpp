// The DeviceStore's set-aside reports: refusals of sealed visits to be told to the depot, and the
// return of a set-aside visit to the outbox once the planner's fix reaches the tablet.
#include "sync/store/device_store.h"

#include <sqlite3.h>

#include "sync/storage/sqlite_statement.h"
#include "sync/store/device_store_rows.h"

namespace fc {

Expected<bool> DeviceStore::queue_set_aside_report(const SetAsideReportItem& r) {
    auto st = SqliteStatement::prepare(
        db_, "INSERT OR IGNORE INTO set_aside_reports(visit_id, seal, error, status, message) VALUES(?, ?, ?, ?, ?)");
    if (!st) return st.error();
    st->bind(1, r.visit_id).bind(2, r.seal).bind(3, r.error).bind(4, r.status).bind(5, r.message);
    if (auto s = st->run(); !s) return s.error();
    return st->changes() > 0;
}

Expected<std::vector<SetAsideReportItem>> DeviceStore::unreported_set_asides() {
    auto st = SqliteStatement::prepare(
        db_, "SELECT visit_id, seal, error, status, message, attempts, next_attempt_ms FROM set_aside_reports "
             "WHERE reported_ms = 0 ORDER BY rowid");
    if (!st) return st.error();
    std::vector<SetAsideReportItem> out;
    while (st->next_row()) {
        out.push_back({st->text(0), st->text(1), st->text(2), st->int32(3), st->text(4), st->int32(5), st->int64(6)});
    }
    if (Status read = st->done(); !read) return read.error();
    return out;
}

Status DeviceStore::mark_set_aside_reported(const SetAsideReportItem& r, std::int64_t now_ms) {
    auto st = SqliteStatement::prepare(
        db_, "UPDATE set_aside_reports SET reported_ms = ?4 WHERE visit_id = ?1 AND seal = ?2 AND error = ?3");
    if (!st) return st.error();
    st->bind(1, r.visit_id).bind(2, r.seal).bind(3, r.error).bind(4, now_ms);
    return st->run();
}

Status DeviceStore::mark_set_aside_retry(const SetAsideReportItem& r, std::int64_t next_attempt_ms) {
    auto st = SqliteStatement::prepare(
        db_, "UPDATE set_aside_reports SET attempts = attempts + 1, next_attempt_ms = ?4 "
             "WHERE visit_id = ?1 AND seal = ?2 AND error = ?3");
    if (!st) return st.error();
    st->bind(1, r.visit_id).bind(2, r.seal).bind(3, r.error).bind(4, next_attempt_ms);
    return st->run();
}

// Why any new revision requeues: the sealed record never changes, so a new revision is the only
// way the depot's check can now pass (the planner made the depot's assignment what the technician
// really walked). If it still does not, the visit is refused and set aside again under the same
// report: one wasted upload per planner change, never a loop.
Status requeue_set_aside_visit(sqlite3* db, const std::string& visit_id) {
    auto st = SqliteStatement::prepare(
        db, "UPDATE outbox SET state = 'pending', next_attempt_ms = 0 WHERE visit_id = ?1 AND state = 'set_aside'");
    if (!st) return st.error();
    st->bind(1, visit_id);
    return st->run();
}

}  // namespace fc
