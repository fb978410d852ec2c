// Every query reads one slice of the score_weeks cube by its key: ('', '') for the fleet, (t, '')
// for a technician, ('', p) for a template, (t, p) for both (depot_rollups.cpp), so no page view
// sums answers a second time.
#include "sync/depot/office/satisfaction_query.h"

#include <cmath>

#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"

namespace fc {
namespace {

constexpr const char* kSums = "sum(n1), sum(n2), sum(n3), sum(n4), sum(n5)";

ScoreCounts counts_at(const DepotStatement& st, int first) {
    ScoreCounts c;
    for (int i = 0; i < 5; ++i) c.n[static_cast<std::size_t>(i)] = st.int64(first + i);
    return c;
}

// The fleet's (or the filter's) distribution and weekly trend.
Status read_weeks(DepotDb& db, const StatsFilter& f, SatisfactionFigures& out) {
    auto st = db.prepare((std::string("SELECT week, touchpoint, flagged, ") + kSums +
                                            " FROM score_weeks WHERE technician_id = ?1 AND template_id = ?2 "
                                            "AND week BETWEEN ?3 AND ?4 GROUP BY week, touchpoint, flagged").c_str());
    if (!st) return st.error();
    st->bind(1, f.technician).bind(2, f.template_id).bind(3, f.from_week).bind(4, f.to_week);
    while (st->next_row()) {
        const ScoreCounts c = counts_at(*st, 3);
        const std::string touchpoint = st->text(1);
        if (st->int64(2) != 0) {
            out.flagged[touchpoint] += c;
            continue;
        }
        out.plain[touchpoint] += c;
        out.trend[touchpoint][st->int32(0)] += c;
    }
    return st->done();
}

// One row per technician (template fixed) or per template (technician fixed).
Status read_breakdown(DepotDb& db, const StatsFilter& f, bool by_technician, std::map<std::string, TouchpointCounts>& plain,
                      std::map<std::string, long long>& flagged) {
    const std::string sql =
        by_technician
            ? std::string("SELECT technician_id, touchpoint, flagged, ") + kSums +
                  " FROM score_weeks WHERE template_id = ?2 AND technician_id <> '' AND (CAST(?1 AS TEXT) = '' OR technician_id = ?1) "
                  "AND week BETWEEN ?3 AND ?4 GROUP BY 1, 2, 3"
            : std::string("SELECT template_id, touchpoint, flagged, ") + kSums +
                  " FROM score_weeks WHERE technician_id = ?1 AND template_id <> '' AND (CAST(?2 AS TEXT) = '' OR template_id = ?2) "
                  "AND week BETWEEN ?3 AND ?4 GROUP BY 1, 2, 3";
    auto st = db.prepare(sql.c_str());
    if (!st) return st.error();
    st->bind(1, f.technician).bind(2, f.template_id).bind(3, f.from_week).bind(4, f.to_week);
    while (st->next_row()) {
        const ScoreCounts c = counts_at(*st, 3);
        if (st->int64(2) != 0) flagged[st->text(0)] += c.total();
        else plain[st->text(0)][st->text(1)] += c;
    }
    return st->done();
}

Status read_technician_choices(DepotDb& db, const StatsFilter& f, std::vector<std::string>& out) {
    auto st = db.prepare("SELECT DISTINCT technician_id FROM score_weeks WHERE template_id = '' "
                                           "AND technician_id <> '' AND week BETWEEN ?1 AND ?2 ORDER BY 1");
    if (!st) return st.error();
    st->bind(1, f.from_week).bind(2, f.to_week);
    while (st->next_row()) out.push_back(st->text(0));
    return st->done();
}

}  // namespace

long long ScoreCounts::total() const {
    long long t = 0;
    for (long long c : n) t += c;
    return t;
}

double ScoreCounts::mean() const {
    long long sum = 0;
    for (std::size_t i = 0; i < n.size(); ++i) sum += static_cast<long long>(i + 1) * n[i];
    const long long t = total();
    return t > 0 ? static_cast<double>(sum) / static_cast<double>(t) : std::nan("");
}

ScoreCounts& ScoreCounts::operator+=(const ScoreCounts& other) {
    for (std::size_t i = 0; i < n.size(); ++i) n[i] += other.n[i];
    return *this;
}

Expected<SatisfactionFigures> satisfaction_figures(DepotStore& store, const StatsFilter& filter) {
    return store.with_db([&](DepotDb& db, const std::filesystem::path& dir) -> Expected<SatisfactionFigures> {
        SatisfactionFigures out;
        // One snapshot: a visit arriving between the statements would make the tables disagree.
        auto tx = DepotTransaction::begin_read(db, "reading the satisfaction figures");
        if (!tx) return depot_error(tx.error(), dir);
        if (Status s = read_weeks(db, filter, out); !s) return depot_error(s.error(), dir);
        if (Status s = read_breakdown(db, filter, true, out.technicians, out.technicians_flagged); !s) return depot_error(s.error(), dir);
        if (Status s = read_breakdown(db, filter, false, out.templates, out.templates_flagged); !s) return depot_error(s.error(), dir);
        if (Status s = read_technician_choices(db, filter, out.technician_choices); !s) return depot_error(s.error(), dir);
        return out;
    });
}

}  // namespace fc
