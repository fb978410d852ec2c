#include "sync/depot/office/visit_list_query.h"

#include "sync/depot/depot_store_error.h"

namespace fc {
namespace {

// The channel as export names it (depot_store.cpp's link_phone_survey), as SQL: a list filters on it.
constexpr const char* kChannelSql =
    "CASE WHEN p.channel = 'mailed_link' AND v.survey_status <> 'submitted' THEN 'mailed_link' "
    "WHEN v.survey_status = 'submitted' THEN 'tablet' WHEN v.survey_status = 'on_phone' THEN 'phone_qr' ELSE 'none' END";

// The phone's answers stand for the survey when the tablet left it to the phone (the same join as export).
constexpr const char* kJoins =
    " FROM visits v LEFT JOIN assignments a ON a.visit_id = v.visit_id"
    " LEFT JOIN phone_surveys p ON p.visit_id = v.visit_id"
    " AND (v.survey_status = 'on_phone' OR (p.channel = 'mailed_link' AND v.survey_status <> 'submitted'))";

// The WHERE clause and its values, in bind order. Why outcome is asked through cause_kind: a
// completed visit has no cause, and cause_kind has an index on the seal time (schema 11).
struct Where {
    std::string sql;
    std::vector<std::string> texts;
    std::vector<std::int64_t> numbers;  // bound first
};

// A visit carrying the flag code bound: SQLite's json_each, or PostgreSQL's jsonb elements. '[]'
// first: most visits carry no flag, and the cheap comparison spares them the JSON.
const char* flag_clause(SqlDialect dialect) {
    return dialect == SqlDialect::postgresql
               ? "v.flags <> '[]' AND EXISTS (SELECT 1 FROM jsonb_array_elements(CAST(v.flags AS jsonb)) f(value) "
                 "WHERE f.value->>'code' = ?)"
               : "v.flags <> '[]' AND EXISTS (SELECT 1 FROM json_each(v.flags) WHERE json_extract(value, '$.code') = ?)";
}

Where where_of(const VisitFilter& f, SqlDialect dialect) {
    Where w;
    const auto add = [&](const std::string& clause, const std::string& value) {
        if (value.empty()) return;
        w.sql += " AND " + clause;
        w.texts.push_back(value);
    };
    if (f.from_ms) { w.sql += " AND v.tablet_sealed_ms >= ?"; w.numbers.push_back(*f.from_ms); }
    if (f.to_ms) { w.sql += " AND v.tablet_sealed_ms < ?"; w.numbers.push_back(*f.to_ms); }
    add("v.technician_id = ?", f.technician_id);
    add("v.template_id = ?", f.template_id);
    if (f.outcome == "completed") w.sql += " AND v.cause_kind = ''";
    else if (f.outcome == "not_possible") w.sql += " AND v.cause_kind <> ''";
    add("v.cause_kind = ?", f.cause_kind);
    add("v.cause_precheck = ?", f.cause_precheck);
    add(flag_clause(dialect), f.flag);
    add(std::string("(") + kChannelSql + ") = ?", f.channel);
    if (!w.sql.empty()) w.sql = " WHERE " + w.sql.substr(5);
    return w;
}

int bind_where(DepotStatement& st, const Where& w) {
    int i = 1;
    for (std::int64_t n : w.numbers) st.bind(i++, n);
    for (const std::string& t : w.texts) st.bind(i++, t);
    return i;
}

VisitListRow row_of(const DepotStatement& st) {
    VisitListRow r;
    r.visit_id = st.text(0);
    r.sealed_ms = st.int64(1);
    r.customer_id = st.text(2);
    r.customer_name = st.text(3);
    r.address = st.text(4);
    r.job_id = st.text(5);
    r.technician_id = st.text(6);
    r.technician_name = st.text(7);
    r.template_id = st.text(8);
    r.template_version = st.int32(9);
    r.outcome = st.text(10);
    r.cause_kind = st.text(11);
    r.cause_precheck = st.text(12);
    r.channel = st.text(13);
    if (!st.is_null(14)) r.mean_score = st.real(14);
    const std::string flags = st.text(15);
    for (std::size_t at = 0; at < flags.size();) {
        const std::size_t space = flags.find(' ', at);
        r.flags.push_back(flags.substr(at, space == std::string::npos ? std::string::npos : space - at));
        at = space == std::string::npos ? flags.size() : space + 1;
    }
    return r;
}

// The mean score and the flag codes (space-separated, in the list's order) of each listed visit.
std::string survey_columns(SqlDialect dialect) {
    if (dialect == SqlDialect::postgresql) {
        return ", (SELECT avg(CAST(s.value->>'score' AS DOUBLE PRECISION)) "
               "FROM jsonb_array_elements(CAST(coalesce(p.scores, v.scores) AS jsonb)) s(value)), "
               "(SELECT coalesce(string_agg(f.value->>'code', ' ' ORDER BY f.key), '') "
               "FROM jsonb_array_elements(CAST(v.flags AS jsonb)) WITH ORDINALITY f(value, key))";
    }
    return ", (SELECT avg(json_extract(s.value, '$.score')) FROM json_each(coalesce(p.scores, v.scores)) s), "
           "(SELECT coalesce(group_concat(json_extract(f.value, '$.code'), ' '), '') FROM json_each(v.flags) f)";
}

Expected<std::vector<VisitListRow>> rows_of(DepotDb& db, const Where& w, int page) {
    auto st = db.prepare(std::string("SELECT v.visit_id, v.tablet_sealed_ms, coalesce(a.customer_id, ''), coalesce(a.customer_name, ''), "
                        "coalesce(a.address, ''), v.job_id, v.technician_id, coalesce(a.technician_name, ''), v.template_id, "
                        "v.template_version, v.outcome, v.cause_kind, v.cause_precheck, ") +
                kChannelSql + survey_columns(db.dialect()) + kJoins + w.sql + " ORDER BY v.tablet_sealed_ms DESC, v.visit_id DESC LIMIT ? OFFSET ?");
    if (!st) return st.error();
    const int next = bind_where(*st, w);
    st->bind(next, kVisitsPerPage).bind(next + 1, static_cast<std::int64_t>(page) * kVisitsPerPage);
    std::vector<VisitListRow> rows;
    while (st->next_row()) rows.push_back(row_of(*st));
    if (Status s = st->done(); !s) return s.error();
    return rows;
}

Expected<std::int64_t> count_of(DepotDb& db, const Where& w) {
    // The phone survey join only when the channel is asked: the plain count stays on an index.
    const bool needs_joins = w.sql.find("p.channel") != std::string::npos;
    auto st = db.prepare(std::string("SELECT count(*)") +
                (needs_joins ? kJoins : " FROM visits v") + w.sql);
    if (!st) return st.error();
    bind_where(*st, w);
    auto row = st->step();
    if (!row) return row.error();
    return st->int64(0);
}

}  // namespace

Expected<VisitListPage> query_visit_list(DepotStore& store, const VisitFilter& filter, int page) {
    return store.with_db([&](DepotDb& db, const std::filesystem::path& dir) -> Expected<VisitListPage> {
        const Where w = where_of(filter, db.dialect());
        VisitListPage out;
        auto total = count_of(db, w);
        if (!total) return depot_error(total.error(), dir);
        out.total = *total;
        auto rows = rows_of(db, w, page);
        if (!rows) return depot_error(rows.error(), dir);
        out.rows = std::move(rows).value();
        return out;
    });
}

Expected<std::vector<VisitChoice>> technician_choices(DepotStore& store) {
    return store.with_db([&](DepotDb& db, const std::filesystem::path& dir) -> Expected<std::vector<VisitChoice>> {
        // DISTINCT walks visits_by_technician; each name is the newest one a planning sheet gave.
        auto st = db.prepare("SELECT t.technician_id, coalesce((SELECT a.technician_name FROM assignments a WHERE a.technician_id = "
                "t.technician_id AND a.technician_name <> '' ORDER BY a.seq DESC LIMIT 1), '') "
                "FROM (SELECT DISTINCT technician_id FROM visits) t ORDER BY t.technician_id");
        if (!st) return depot_error(st.error(), dir);
        std::vector<VisitChoice> out;
        while (st->next_row()) {
            const std::string id = st->text(0), name = st->text(1);
            out.push_back({id, name.empty() ? id : name + " (" + id + ")"});
        }
        if (Status s = st->done(); !s) return depot_error(s.error(), dir);
        return out;
    });
}

Expected<std::vector<VisitChoice>> template_choices(DepotStore& store) {
    return store.with_db([&](DepotDb& db, const std::filesystem::path& dir) -> Expected<std::vector<VisitChoice>> {
        auto st = db.prepare("SELECT id, title FROM templates t WHERE version = (SELECT max(version) FROM templates u WHERE u.id = t.id) "
                "ORDER BY id");
        if (!st) return depot_error(st.error(), dir);
        std::vector<VisitChoice> out;
        while (st->next_row()) out.push_back({st->text(0), st->text(1) + " (" + st->text(0) + ")"});
        if (Status s = st->done(); !s) return depot_error(s.error(), dir);
        return out;
    });
}

}  // namespace fc
