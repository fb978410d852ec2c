#include "sync/depot/depot_rollups.h"

#include <sqlite3.h>

#include "checklists/visit.h"
#include "sync/depot/db/sqlite_depot_db.h"
#include "sync/depot/depot_export.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"
#include "sync/depot/office/office_format.h"

namespace fc {
namespace {

// score_weeks is a small cube: every answer is counted under its technician and template, under
// its technician alone (template ''), its template alone (technician '') and the fleet ('', ''),
// so each filter of /satisfaction reads its own few rows (a year of 40 technicians: ~17,000 rows at
// most per page) instead of summing a year of answers per view. n1..n5: answers per smiley.
// flagged: any integrity flag; such answers are counted apart, never mixed into the plain numbers.
// cause_weeks: every visit, cause '' when it was completed (the week's total); confirmed: a visit
// that failed on a precheck the intake had confirmed (the intake was wrong).
// survey_samples: one row per visit whose survey the integrity page weighs (technician_stats.h);
// a median is no sum, so these stay per visit, read a date range at a time.
constexpr const char* kRollupsV12 = R"sql(
CREATE TABLE score_weeks(
  technician_id TEXT NOT NULL,
  template_id TEXT NOT NULL,
  week INTEGER NOT NULL,
  touchpoint TEXT NOT NULL,
  flagged INTEGER NOT NULL,
  n1 INTEGER NOT NULL, n2 INTEGER NOT NULL, n3 INTEGER NOT NULL, n4 INTEGER NOT NULL, n5 INTEGER NOT NULL,
  PRIMARY KEY (technician_id, template_id, week, touchpoint, flagged)) WITHOUT ROWID;
CREATE INDEX score_weeks_by_template ON score_weeks(template_id, week);
CREATE TABLE cause_weeks(
  week INTEGER NOT NULL,
  template_id TEXT NOT NULL,
  cause_kind TEXT NOT NULL,
  cause_precheck TEXT NOT NULL,
  confirmed INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (week, template_id, cause_kind, cause_precheck, confirmed)) WITHOUT ROWID;
CREATE TABLE survey_samples(
  visit_id TEXT PRIMARY KEY,
  week INTEGER NOT NULL,
  sealed_ms INTEGER NOT NULL,
  technician_id TEXT NOT NULL,
  filled_in INTEGER NOT NULL,
  flagged INTEGER NOT NULL,
  all_top INTEGER NOT NULL,
  discarded INTEGER NOT NULL,
  duration_ms INTEGER);
CREATE INDEX survey_samples_by_week ON survey_samples(week);
CREATE INDEX survey_samples_flagged ON survey_samples(flagged, sealed_ms);
-- The visit list's slow filters at a year of data (bench/backoffice_pages.cpp): flagged visits are a
-- few in a hundred, and outcome within a template is read past each row's record without these.
CREATE INDEX visits_flagged ON visits(tablet_sealed_ms) WHERE flags <> '[]';
CREATE INDEX visits_by_template_cause ON visits(template_id, cause_kind, tablet_sealed_ms);
)sql";

// The answers the back office counts: the phone's once linked, exactly as received_visits links
// them. `%WHERE%` is one visit, or every visit for the backfill.
constexpr const char* kAddScores = R"sql(
WITH a(tech, tmpl, week, touchpoint, flagged, score) AS (
  SELECT v.technician_id, v.template_id, fc_week(v.tablet_sealed_ms), coalesce(json_extract(s.value, '$.touchpoint'), ''),
         v.flags <> '[]', json_extract(s.value, '$.score')
  FROM visits v
  LEFT JOIN phone_surveys p ON p.visit_id = v.visit_id
   AND (v.survey_status = 'on_phone' OR (p.channel = 'mailed_link' AND v.survey_status <> 'submitted'))
  CROSS JOIN json_each(CASE WHEN p.visit_id IS NULL THEN v.scores ELSE p.scores END) s
  %WHERE%),
cube AS (
  SELECT tech, tmpl, week, touchpoint, flagged, score FROM a
  UNION ALL SELECT tech, '', week, touchpoint, flagged, score FROM a
  UNION ALL SELECT '', tmpl, week, touchpoint, flagged, score FROM a
  UNION ALL SELECT '', '', week, touchpoint, flagged, score FROM a)
INSERT INTO score_weeks(technician_id, template_id, week, touchpoint, flagged, n1, n2, n3, n4, n5)
SELECT * FROM (SELECT tech, tmpl, week, touchpoint, flagged, ?2 * sum(score = 1), ?2 * sum(score = 2), ?2 * sum(score = 3),
                      ?2 * sum(score = 4), ?2 * sum(score = 5) FROM cube GROUP BY 1, 2, 3, 4, 5) WHERE true
ON CONFLICT DO UPDATE SET n1 = n1 + excluded.n1, n2 = n2 + excluded.n2, n3 = n3 + excluded.n3, n4 = n4 + excluded.n4,
  n5 = n5 + excluded.n5
)sql";

constexpr const char* kAddCause = R"sql(
INSERT INTO cause_weeks(week, template_id, cause_kind, cause_precheck, confirmed, n)
SELECT * FROM (SELECT fc_week(v.tablet_sealed_ms), v.template_id, v.cause_kind, v.cause_precheck,
  v.cause_precheck <> '' AND EXISTS(SELECT 1 FROM confirmations c WHERE c.visit_id = v.visit_id
  AND c.precheck_id = v.cause_precheck), count(*) FROM visits v %WHERE% GROUP BY 1, 2, 3, 4, 5) WHERE true
ON CONFLICT DO UPDATE SET n = n + excluded.n
)sql";

// The same two statements in PostgreSQL's words: jsonb for SQLite's JSON functions, the conflict
// target spelled out, and the week (?3) computed by the depot, which knows its own time zone.
constexpr const char* kAddScoresPg = R"sql(
WITH a(tech, tmpl, week, touchpoint, flagged, score) AS (
  SELECT v.technician_id, v.template_id, CAST(?3 AS INTEGER), coalesce(s.value->>'touchpoint', ''),
         CAST(v.flags <> '[]' AS INTEGER), CAST(s.value->>'score' AS INTEGER)
  FROM visits v
  LEFT JOIN phone_surveys p ON p.visit_id = v.visit_id
   AND (v.survey_status = 'on_phone' OR (p.channel = 'mailed_link' AND v.survey_status <> 'submitted'))
  CROSS JOIN jsonb_array_elements(CAST(CASE WHEN p.visit_id IS NULL THEN v.scores ELSE p.scores END AS jsonb)) s(value)
  WHERE v.visit_id = ?1),
cube AS (
  SELECT tech, tmpl, week, touchpoint, flagged, score FROM a
  UNION ALL SELECT tech, '', week, touchpoint, flagged, score FROM a
  UNION ALL SELECT '', tmpl, week, touchpoint, flagged, score FROM a
  UNION ALL SELECT '', '', week, touchpoint, flagged, score FROM a)
INSERT INTO score_weeks(technician_id, template_id, week, touchpoint, flagged, n1, n2, n3, n4, n5)
SELECT tech, tmpl, week, touchpoint, flagged, CAST(?2 AS INTEGER) * count(*) FILTER (WHERE score = 1),
       CAST(?2 AS INTEGER) * count(*) FILTER (WHERE score = 2), CAST(?2 AS INTEGER) * count(*) FILTER (WHERE score = 3),
       CAST(?2 AS INTEGER) * count(*) FILTER (WHERE score = 4), CAST(?2 AS INTEGER) * count(*) FILTER (WHERE score = 5)
FROM cube GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (technician_id, template_id, week, touchpoint, flagged) DO UPDATE SET n1 = score_weeks.n1 + excluded.n1,
  n2 = score_weeks.n2 + excluded.n2, n3 = score_weeks.n3 + excluded.n3, n4 = score_weeks.n4 + excluded.n4,
  n5 = score_weeks.n5 + excluded.n5
)sql";

constexpr const char* kAddCausePg = R"sql(
INSERT INTO cause_weeks(week, template_id, cause_kind, cause_precheck, confirmed, n)
SELECT CAST(?3 AS INTEGER), v.template_id, v.cause_kind, v.cause_precheck,
  CAST(v.cause_precheck <> '' AND EXISTS(SELECT 1 FROM confirmations c WHERE c.visit_id = v.visit_id
  AND c.precheck_id = v.cause_precheck) AS INTEGER), CAST(?2 AS INTEGER) * count(*) FROM visits v
WHERE v.visit_id = ?1 GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (week, template_id, cause_kind, cause_precheck, confirmed) DO UPDATE SET n = cause_weeks.n + excluded.n
)sql";

std::string with_where(const char* sql, const char* where) {
    std::string out = sql;
    const std::string mark = "%WHERE%";
    out.replace(out.find(mark), mark.size(), where);
    return out;
}

void fc_week(sqlite3_context* ctx, int, sqlite3_value** argv) {
    sqlite3_result_int(ctx, iso_week_key(sqlite3_value_int64(argv[0])));
}

Status run(DepotDb& db, const std::string& sql, const std::string& visit_id, int sign, std::int64_t sealed_ms = 0) {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    st->bind(1, visit_id).bind(2, sign);
    if (db.dialect() == SqlDialect::postgresql) st->bind(3, iso_week_key(sealed_ms));
    return st->run();
}

// The visit's seal time, for PostgreSQL's week parameter; nullopt for a visit not stored.
Expected<std::optional<std::int64_t>> sealed_ms_of(DepotDb& db, const std::string& visit_id) {
    auto st = db.prepare("SELECT tablet_sealed_ms FROM visits WHERE visit_id = ?");
    if (!st) return st.error();
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return row.error();
    if (!row.value()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(st->int64(0));
}

struct Sample {
    bool keep = false;
    bool filled_in = false, flagged = false, all_top = false, discarded = false;
    std::optional<std::int64_t> duration_ms;
};

// The same sample export's survey_samples makes, so the page and technician-stats.csv agree.
Sample sample_of(const std::string& survey_status, const std::vector<SurveyScore>& scores, bool flagged, bool discarded,
                 const std::string& record) {
    Sample s;
    s.filled_in = survey_status == "submitted";
    s.discarded = discarded;
    s.flagged = flagged;
    s.keep = s.filled_in || s.discarded || s.flagged;
    if (!s.keep) return s;
    s.all_top = !scores.empty();
    for (const SurveyScore& score : scores) s.all_top = s.all_top && score.score == kTopScore;
    if (auto decoded = decode_visit_record(record)) s.duration_ms = survey_duration_ms(decoded->events);
    return s;
}

Status insert_sample(DepotDb& db, const std::string& visit_id, std::int64_t sealed_ms, const std::string& technician_id,
                     const Sample& s) {
    if (!s.keep) return {};
    auto st = db.prepare("INSERT INTO survey_samples(visit_id, week, sealed_ms, technician_id, filled_in, flagged, "
                           "all_top, discarded, duration_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(visit_id) DO UPDATE SET "
                           "week = excluded.week, sealed_ms = excluded.sealed_ms, technician_id = excluded.technician_id, "
                           "filled_in = excluded.filled_in, flagged = excluded.flagged, all_top = excluded.all_top, "
                           "discarded = excluded.discarded, duration_ms = excluded.duration_ms");
    if (!st) return st.error();
    st->bind(1, visit_id).bind(2, iso_week_key(sealed_ms)).bind(3, sealed_ms).bind(4, technician_id);
    st->bind(5, s.filled_in ? 1 : 0).bind(6, s.flagged ? 1 : 0).bind(7, s.all_top ? 1 : 0).bind(8, s.discarded ? 1 : 0);
    if (s.duration_ms) st->bind(9, *s.duration_ms);
    else st->bind_null(9);
    return st->run();
}

// Every stored visit's sample; records are decoded one at a time (a year of visits never sits in memory).
Status backfill_samples(DepotDb& db) {
    auto st = db.prepare("SELECT visit_id, tablet_sealed_ms, technician_id, survey_status, scores, flags, "
                                           "discarded_answers, record FROM visits");
    if (!st) return st.error();
    while (st->next_row()) {
        auto scores = scores_from_json(st->text(4));
        if (!scores) return scores.error();
        const Sample s = sample_of(st->text(3), *scores, st->text(5) != "[]", st->text(6) != "[]", st->text(7));
        if (Status put = insert_sample(db, st->text(0), st->int64(1), st->text(2), s); !put) return put;
    }
    return st->done();
}

}  // namespace

Status register_rollup_functions(sqlite3* db) {
    const int rc = sqlite3_create_function_v2(db, "fc_week", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, fc_week,
                                              nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return make_error(ErrorCode::sqlite_error, std::string("cannot add fc_week: ") + sqlite3_errstr(rc));
    return {};
}

Status add_weekly_rollups(sqlite3* file) {
    if (Status s = register_rollup_functions(file); !s) return s;
    SqliteDepotDb db(file, sqlite3_db_filename(file, "main"), SqliteDepotDb::Handle::borrowed);
    if (Status s = db.exec(kRollupsV12, "adding the weekly roll-ups"); !s) return s;
    // One statement each over every visit: the GROUP BY sums them before the upsert.
    if (Status s = run(db, with_where(kAddScores, "WHERE ?1 = ?1"), "", 1); !s) return s;
    if (Status s = run(db, with_where(kAddCause, "WHERE ?1 = ?1 AND ?2 = ?2"), "", 1); !s) return s;
    return backfill_samples(db);
}

Status roll_up_scores(DepotDb& db, const std::string& visit_id, int sign) {
    // A row taken back to zero stays (it sums to nothing); finding it again would cost a scan.
    if (db.dialect() == SqlDialect::sqlite) return run(db, with_where(kAddScores, "WHERE v.visit_id = ?1"), visit_id, sign);
    auto sealed = sealed_ms_of(db, visit_id);
    if (!sealed) return sealed.error();
    if (!sealed.value()) return {};
    return run(db, kAddScoresPg, visit_id, sign, *sealed.value());
}

Status roll_up_visit(DepotDb& db, const ReceivedVisit& v) {
    if (db.dialect() == SqlDialect::sqlite) {
        if (Status s = roll_up_scores(db, v.visit_id, 1); !s) return s;
        if (Status s = run(db, with_where(kAddCause, "WHERE v.visit_id = ?1 AND ?2 = ?2"), v.visit_id, 1); !s) return s;
    } else {
        if (Status s = run(db, kAddScoresPg, v.visit_id, 1, v.tablet_sealed_ms); !s) return s;
        if (Status s = run(db, kAddCausePg, v.visit_id, 1, v.tablet_sealed_ms); !s) return s;
    }
    const Sample s = sample_of(v.survey_status, v.scores, !v.flags.empty(), !v.discarded_answers.empty(), v.record);
    return insert_sample(db, v.visit_id, v.tablet_sealed_ms, v.technician_id, s);
}

}  // namespace fc
