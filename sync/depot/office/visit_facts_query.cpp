#include "sync/depot/office/visit_facts_query.h"

#include "sync/depot/depot_store_error.h"

namespace fc {
namespace {

constexpr const char* kReceivedSql =
    "SELECT v.technician_id, v.job_id, v.template_id, v.template_version, v.seal, v.outcome, v.cause_kind, "
    "v.cause_precheck, v.cause_text, v.survey_status, coalesce(p.scores, v.scores), "
    "CASE WHEN p.visit_id IS NULL THEN v.survey_comment ELSE p.comment END, v.flags, v.tablet_sealed_ms, "
    "v.received_ms, v.depot_seq, coalesce(v.device_key_id, ''), coalesce(k.device, ''), v.discarded_answers, "
    "v.receipt_hash, v.receipt_code, "
    "CASE WHEN p.channel = 'mailed_link' AND v.survey_status <> 'submitted' THEN 'mailed_link' "
    "WHEN v.survey_status = 'submitted' THEN 'tablet' WHEN v.survey_status = 'on_phone' THEN 'phone_qr' ELSE 'none' END "
    "FROM visits v LEFT JOIN device_keys k ON k.key_id = v.device_key_id "
    "LEFT JOIN phone_surveys p ON p.visit_id = v.visit_id "
    "AND (v.survey_status = 'on_phone' OR (p.channel = 'mailed_link' AND v.survey_status <> 'submitted')) "
    "WHERE v.visit_id = ?";

// The JSON lists the store keeps in columns (the store wrote them), one row per element in the
// list's order: SQLite's json_each, or PostgreSQL's jsonb elements numbered by their place.
std::string json_rows_sql(SqlDialect dialect, std::initializer_list<const char*> fields) {
    const bool pg = dialect == SqlDialect::postgresql;
    std::string sql = "SELECT ";
    int n = 0;
    for (const char* f : fields) {
        sql += std::string(n++ ? ", " : "") + "coalesce(" +
               (pg ? std::string("value->>'") + f + "'" : std::string("json_extract(value, '$.") + f + "')") + ", '')";
    }
    return sql + (pg ? " FROM jsonb_array_elements(CAST(? AS jsonb)) WITH ORDINALITY e(value, key) ORDER BY key"
                     : " FROM json_each(?) ORDER BY key");
}

Expected<std::vector<std::vector<std::string>>> json_rows(DepotDb& db, const std::string& json,
                                                         std::initializer_list<const char*> fields) {
    const int n = static_cast<int>(fields.size());
    auto st = db.prepare(json_rows_sql(db.dialect(), fields));
    if (!st) return st.error();
    st->bind(1, json);
    std::vector<std::vector<std::string>> out;
    while (st->next_row()) {
        std::vector<std::string> row;
        for (int i = 0; i < n; ++i) row.push_back(st->text(i));
        out.push_back(std::move(row));
    }
    if (Status s = st->done(); !s) return s.error();
    return out;
}

Status read_survey_lists(DepotDb& db, ReceivedVisit& v, const std::string& scores, const std::string& flags,
                         const std::string& discarded) {
    auto s = json_rows(db, scores, {"question", "touchpoint", "score"});
    if (!s) return s.error();
    for (auto& r : *s) v.scores.push_back({r[0], r[1], std::atoi(r[2].c_str())});
    auto f = json_rows(db, flags, {"code", "message"});
    if (!f) return f.error();
    for (auto& r : *f) v.flags.push_back({r[0], r[1]});
    auto d = json_rows(db, discarded, {"question", "value"});
    if (!d) return d.error();
    for (auto& r : *d) v.discarded_answers.push_back({r[0], r[1]});
    return {};
}

Expected<std::optional<ReceivedVisit>> received_of(DepotDb& db, const std::string& visit_id) {
    auto st = db.prepare(kReceivedSql);
    if (!st) return st.error();
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<ReceivedVisit>();
    ReceivedVisit v;
    v.visit_id = visit_id;
    v.technician_id = st->text(0);
    v.job_id = st->text(1);
    v.template_id = st->text(2);
    v.template_version = st->int32(3);
    v.seal = st->text(4);
    v.outcome = st->text(5);
    v.cause_kind = st->text(6);
    v.cause_precheck = st->text(7);
    v.cause_text = st->text(8);
    v.survey_status = st->text(9);
    v.survey_comment = st->text(11);
    v.tablet_sealed_ms = st->int64(13);
    v.received_ms = st->int64(14);
    v.depot_seq = st->int64(15);
    v.device_key_id = st->text(16);
    v.device = st->text(17);
    v.receipt_hash = st->text(19);
    v.receipt_code = st->text(20);
    v.survey_channel = st->text(21);
    if (Status s = read_survey_lists(db, v, st->text(10), st->text(12), st->text(18)); !s) return s.error();
    return std::optional<ReceivedVisit>(std::move(v));
}

Expected<std::optional<Assignment>> assignment_of(DepotDb& db, const std::string& visit_id) {
    auto st = db.prepare("SELECT technician_id, customer_name, address, job_id, customer_id, window_start_ms, window_end_ms, "
            "template_id, template_version, technician_name FROM assignments WHERE visit_id = ?");
    if (!st) return st.error();
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<Assignment>();
    Assignment a;
    a.visit_id = visit_id;
    a.technician_id = st->text(0);
    a.customer_name = st->text(1);
    a.address = st->text(2);
    a.job_id = st->text(3);
    a.customer_id = st->text(4);
    a.window_start_ms = st->int64(5);
    a.window_end_ms = st->int64(6);
    a.template_id = st->text(7);
    a.template_version = st->int32(8);
    a.technician_name = st->text(9);
    return std::optional<Assignment>(std::move(a));
}

Status planning_of(DepotDb& db, const std::string& visit_id, VisitFacts& out) {
    auto w = db.prepare("SELECT technician_id, kind, why, withdrawn_ms FROM withdrawals WHERE visit_id = ? ORDER BY seq");
    if (!w) return w.error();
    w->bind(1, visit_id);
    while (w->next_row()) out.withdrawals.push_back({visit_id, w->text(0), w->text(1), w->text(2), w->int64(3)});
    if (Status s = w->done(); !s) return s;
    auto c = db.prepare("SELECT technician_id, kind, detail, recorded_ms FROM conflicts WHERE visit_id = ? ORDER BY id");
    if (!c) return c.error();
    c->bind(1, visit_id);
    while (c->next_row()) out.conflicts.push_back({visit_id, c->text(0), c->text(1), c->text(2), c->int64(3)});
    if (Status s = c->done(); !s) return s;
    auto a = db.prepare("SELECT seal, error, technician_id, status, message, reported_ms, resolved_ms FROM set_aside WHERE visit_id = ? "
            "ORDER BY reported_ms");
    if (!a) return a.error();
    a->bind(1, visit_id);
    while (a->next_row()) {
        out.set_aside.push_back({visit_id, a->text(0), a->text(1), a->text(2), a->int32(3), a->text(4), a->int64(5), a->int64(6)});
    }
    return a->done();
}

}  // namespace

Expected<VisitFacts> query_visit_facts(DepotStore& store, const std::string& visit_id) {
    return store.with_db([&](DepotDb& db, const std::filesystem::path& dir) -> Expected<VisitFacts> {
        VisitFacts out;
        auto received = received_of(db, visit_id);
        if (!received) return depot_error(received.error(), dir);
        out.received = std::move(received).value();
        auto assignment = assignment_of(db, visit_id);
        if (!assignment) return depot_error(assignment.error(), dir);
        out.assignment = std::move(assignment).value();
        if (Status s = planning_of(db, visit_id, out); !s) return depot_error(s.error(), dir);
        return out;
    });
}

}  // namespace fc
