#include "sync/depot/office/integrity_query.h"

#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"

namespace fc {
namespace {

// The samples of the range (survey_samples_by_week), as technician-stats.csv weighs them.
Expected<std::vector<SurveySample>> samples(DepotDb& db, const StatsFilter& f) {
    auto st = db.prepare("SELECT technician_id, filled_in, flagged, all_top, discarded, duration_ms "
                                           "FROM survey_samples WHERE week BETWEEN ?1 AND ?2 AND (filled_in <> 0 OR discarded <> 0)");
    if (!st) return st.error();
    st->bind(1, f.from_week).bind(2, f.to_week);
    std::vector<SurveySample> out;
    while (st->next_row()) {
        SurveySample s;
        s.technician_id = st->text(0);
        s.filled_in = st->int64(1) != 0;
        s.flagged = st->int64(2) != 0;
        s.all_top = st->int64(3) != 0;
        s.discarded = st->int64(4) != 0;
        if (!st->is_null(5)) s.duration_ms = st->int64(5);
        out.push_back(std::move(s));
    }
    if (Status read = st->done(); !read) return read.error();
    return out;
}

Status count_flagged(DepotDb& db, const StatsFilter& f, IntegrityFigures& out) {
    auto st = db.prepare("SELECT count(*) FROM survey_samples WHERE flagged = 1 AND sealed_ms >= ?1 AND sealed_ms < ?2");
    if (!st) return st.error();
    st->bind(1, f.from_ms).bind(2, f.to_ms);
    auto row = st->step();
    if (!row) return row.error();
    out.flagged_total = st->int64(0);
    return {};
}

// One page by the (flagged, sealed_ms) index, then each of its visits' flags (one row per flag, in
// the list's order): SQLite's json_each, or PostgreSQL's jsonb elements numbered by their place.
constexpr const char* kFlaggedPage = "(SELECT visit_id, technician_id, sealed_ms FROM survey_samples WHERE flagged = 1 "
                                     "AND sealed_ms >= ?1 AND sealed_ms < ?2 ORDER BY sealed_ms DESC, visit_id LIMIT ?3 OFFSET ?4) s "
                                     "JOIN visits v ON v.visit_id = s.visit_id ";

std::string flagged_sql(SqlDialect dialect) {
    const std::string columns = "SELECT s.visit_id, s.technician_id, v.template_id, s.sealed_ms, ";
    if (dialect == SqlDialect::postgresql) {
        return columns + "coalesce(j.value->>'code', ''), coalesce(j.value->>'message', '') FROM " + kFlaggedPage +
               "CROSS JOIN jsonb_array_elements(CAST(v.flags AS jsonb)) WITH ORDINALITY j(value, key) "
               "ORDER BY s.sealed_ms DESC, s.visit_id, j.key";
    }
    return columns + "coalesce(json_extract(j.value, '$.code'), ''), coalesce(json_extract(j.value, '$.message'), '') FROM " +
           kFlaggedPage + "CROSS JOIN json_each(v.flags) j ORDER BY s.sealed_ms DESC, s.visit_id, j.key";
}

Status read_flagged(DepotDb& db, const StatsFilter& f, int page, IntegrityFigures& out) {
    auto st = db.prepare(flagged_sql(db.dialect()));
    if (!st) return st.error();
    st->bind(1, f.from_ms).bind(2, f.to_ms).bind(3, kFlaggedPerPage + 1).bind(4, static_cast<std::int64_t>(page) * kFlaggedPerPage);
    while (st->next_row()) {
        if (out.flagged.empty() || out.flagged.back().visit_id != st->text(0)) {
            if (out.flagged.size() == static_cast<std::size_t>(kFlaggedPerPage)) {
                out.more = true;
                break;
            }
            out.flagged.push_back({st->text(0), st->text(1), st->text(2), st->int64(3), {}});
        }
        out.flagged.back().flags.push_back({st->text(4), st->text(5)});
    }
    return st->done();
}

}  // namespace

Expected<IntegrityFigures> integrity_figures(DepotStore& store, const StatsFilter& filter, int page) {
    return store.with_db([&](DepotDb& db, const std::filesystem::path& dir) -> Expected<IntegrityFigures> {
        auto tx = DepotTransaction::begin_read(db, "reading the survey integrity figures");
        if (!tx) return depot_error(tx.error(), dir);
        auto s = samples(db, filter);
        if (!s) return depot_error(s.error(), dir);
        IntegrityFigures out;
        out.report = technician_statistics(*s);
        if (Status c = count_flagged(db, filter, out); !c) return depot_error(c.error(), dir);
        if (Status r = read_flagged(db, filter, page, out); !r) return depot_error(r.error(), dir);
        return out;
    });
}

}  // namespace fc
