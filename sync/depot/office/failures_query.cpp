#include "sync/depot/office/failures_query.h"

#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"

namespace fc {

long long FailuresFigures::failed() const {
    long long n = 0;
    for (const auto& [cause, count] : causes) n += count;
    return n;
}

Expected<FailuresFigures> failures_figures(DepotStore& store, const StatsFilter& filter) {
    return store.with_db([&](DepotDb& db, const std::filesystem::path& dir) -> Expected<FailuresFigures> {
        // A year is a few thousand rows (weeks x templates x causes): summed here in one pass.
        auto st = db.prepare("SELECT week, template_id, cause_kind, cause_precheck, confirmed, n "
                                               "FROM cause_weeks WHERE week BETWEEN ?1 AND ?2 AND (CAST(?3 AS TEXT) = '' OR template_id = ?3)");
        if (!st) return depot_error(st.error(), dir);
        st->bind(1, filter.from_week).bind(2, filter.to_week).bind(3, filter.template_id);
        FailuresFigures f;
        while (st->next_row()) {
            const int week = st->int32(0);
            const std::string template_id = st->text(1), cause = st->text(2), precheck = st->text(3);
            const long long n = st->int64(5);
            f.visits += n;
            f.visits_per_week[week] += n;
            f.visits_per_template[template_id] += n;
            if (cause.empty()) continue;  // completed
            f.causes[cause] += n;
            f.causes_per_week[week][cause] += n;
            f.causes_per_template[template_id][cause] += n;
            if (precheck.empty()) continue;
            PrecheckMisses& miss = f.prechecks[{template_id, precheck}];
            miss.not_met += n;
            if (st->int64(4) != 0) miss.confirmed += n;
        }
        if (Status read = st->done(); !read) return depot_error(read.error(), dir);
        return f;
    });
}

}  // namespace fc
