// The DepotStore's assignment revisions (what a record is checked against) and set-aside reports
// (visits the depot refused, as their tablets told it). The rows are written by the triggers of
// schema step 6 (depot_schema_checks.cpp) and by record_set_aside.
#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"

namespace fc {

Expected<std::vector<Assignment>> DepotStore::assignment_revisions(const std::string& visit_id) {
    if (DepotStore* r = reader_()) return r->assignment_revisions(visit_id);
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT technician_id, customer_name, customer_id, address, job_id, window_start_ms, window_end_ms, "
             "template_id, template_version FROM assignment_revisions WHERE visit_id = ? ORDER BY rev DESC");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, visit_id);
    std::vector<Assignment> out;
    while (st->next_row()) {
        Assignment a;
        a.visit_id = visit_id;
        a.technician_id = st->text(0);
        a.customer_name = st->text(1);
        a.customer_id = st->text(2);
        a.address = st->text(3);
        a.job_id = st->text(4);
        a.window_start_ms = st->int64(5);
        a.window_end_ms = st->int64(6);
        a.template_id = st->text(7);
        a.template_version = st->int32(8);
        out.push_back(std::move(a));
    }
    if (Status read = st->done(); !read) return depot_error(read.error(), dir_);
    return out;
}

Expected<bool> DepotStore::record_set_aside(const SetAsideReport& r, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    // A report for a visit already received comes from a tablet that had not yet heard: it is
    // stored resolved, so the planner is not sent after a visit that arrived.
    auto st = cached_("INSERT INTO set_aside(visit_id, seal, error, technician_id, status, message, reported_ms, resolved_ms) "
             "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce((SELECT received_ms FROM visits WHERE visit_id = ?1), 0)) "
             "ON CONFLICT DO NOTHING");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, r.visit_id).bind(2, r.seal).bind(3, r.error).bind(4, r.technician_id);
    st->bind(5, static_cast<std::int64_t>(r.status)).bind(6, r.message).bind(7, now_ms);
    if (Status s = st->run(); !s) return depot_error(s.error(), dir_);
    return st->changes() > 0;
}

Expected<std::vector<SetAsideReport>> DepotStore::set_aside_reports() {
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT visit_id, seal, error, technician_id, status, message, reported_ms, resolved_ms FROM set_aside "
             "ORDER BY resolved_ms <> 0, reported_ms, visit_id");
    if (!st) return depot_error(st.error(), dir_);
    std::vector<SetAsideReport> out;
    while (st->next_row()) {
        out.push_back({st->text(0), st->text(1), st->text(2), st->text(3), st->int32(4), st->text(5), st->int64(6),
                       st->int64(7)});
    }
    if (Status read = st->done(); !read) return depot_error(read.error(), dir_);
    return out;
}

}  // namespace fc
