#include "depot_schema.h"

#include <sqlite3.h>

#include <iterator>

#include "sync/depot/db/depot_db.h"
#include "sync/depot/depot_rollups.h"
#include "sync/depot/depot_schema_checks.h"
#include "sync/depot/depot_schema_history.h"
#include "sync/depot/depot_store.h"
#include "sync/storage/durable_file.h"
#include "sync/wire/device_token.h"
#include "sync/storage/sqlite_statement.h"
#include "sync/storage/sqlite_transaction.h"

namespace fc {
namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sequence(id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
INSERT INTO sequence(id, value) VALUES(1, 0);
CREATE TABLE tokens(
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  technician_id TEXT NOT NULL,
  device TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER);
CREATE TABLE templates(
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  language TEXT NOT NULL,
  json TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  imported_ms INTEGER NOT NULL,
  PRIMARY KEY (id, version));
CREATE TABLE assignments(
  visit_id TEXT PRIMARY KEY,
  technician_id TEXT NOT NULL,
  customer_name TEXT NOT NULL,
  address TEXT NOT NULL,
  job_id TEXT NOT NULL,
  window_start_ms INTEGER NOT NULL,
  window_end_ms INTEGER NOT NULL,
  template_id TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  seq INTEGER NOT NULL UNIQUE,
  changed_ms INTEGER NOT NULL,
  FOREIGN KEY (template_id, template_version) REFERENCES templates(id, version));
CREATE INDEX assignments_by_technician ON assignments(technician_id, seq);
CREATE INDEX assignments_by_job ON assignments(job_id);
CREATE TABLE history(
  job_id TEXT NOT NULL,
  visit_id TEXT NOT NULL,
  date_ms INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  cause TEXT NOT NULL,
  note TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('received', 'imported')),
  PRIMARY KEY (job_id, visit_id));
CREATE TABLE visits(
  visit_id TEXT PRIMARY KEY,
  technician_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  template_id TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  seal TEXT NOT NULL,
  record TEXT NOT NULL,
  outcome TEXT NOT NULL,
  cause_kind TEXT NOT NULL,
  cause_precheck TEXT NOT NULL,
  cause_text TEXT NOT NULL,
  survey_status TEXT NOT NULL,
  scores TEXT NOT NULL,
  survey_comment TEXT NOT NULL,
  flags TEXT NOT NULL,
  tablet_sealed_ms INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  depot_seq INTEGER NOT NULL UNIQUE);
CREATE INDEX visits_by_job ON visits(job_id);
CREATE TABLE attachments(
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  received_ms INTEGER NOT NULL);
)sql";

// Schema 2: the planner's side of a visit before it is carried out. Confirmations are one per visit
// and precheck (a second, different one is refused); withdrawals say which technician lost which
// visit (cancelled, reassigned, or carried out by the technician it was taken from) under a number
// of the one sequence, so the tablet's cursor picks them up; conflicts are what the planner settles.
constexpr const char* kPlanningTablesV2 = R"sql(
CREATE TABLE confirmations(
  visit_id TEXT NOT NULL,
  precheck_id TEXT NOT NULL,
  confirmed_by TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  recorded_ms INTEGER NOT NULL,
  PRIMARY KEY (visit_id, precheck_id));
CREATE TABLE settings(
  key TEXT PRIMARY KEY CHECK (key IN ('company', 'helpdesk')),
  value TEXT NOT NULL,
  changed_ms INTEGER NOT NULL);
CREATE TABLE withdrawals(
  visit_id TEXT NOT NULL,
  technician_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cancelled', 'reassigned', 'carried_out_elsewhere')),
  why TEXT NOT NULL,
  seq INTEGER NOT NULL UNIQUE,
  withdrawn_ms INTEGER NOT NULL,
  PRIMARY KEY (visit_id, technician_id));
CREATE INDEX withdrawals_by_technician ON withdrawals(technician_id, seq);
CREATE TABLE conflicts(
  id INTEGER PRIMARY KEY,
  visit_id TEXT NOT NULL,
  technician_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cancelled', 'reassigned')),
  detail TEXT NOT NULL,
  recorded_ms INTEGER NOT NULL,
  UNIQUE (visit_id, technician_id));
)sql";

Status add_planning_tables(sqlite3* db) {
    return exec_sql(db, kPlanningTablesV2, "adding the planning tables (confirmations, settings, withdrawals, conflicts)");
}

// Schema 4: the public keys tablets sign with, each bound to one technician and device. A key
// registered with a bearer token remembers that token, so revoking the token revokes the key.
// A received visit keeps the key that sent it and its record signature (NULL: a bearer-token sender).
// Settings may hold `bearer_cutover` (UNIX ms): SQLite cannot change a CHECK, so the table is rebuilt.
constexpr const char* kDeviceKeysV4 = R"sql(
CREATE TABLE device_keys(
  key_id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL UNIQUE,
  technician_id TEXT NOT NULL,
  device TEXT NOT NULL,
  token_id INTEGER,
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER);
CREATE INDEX device_keys_by_technician ON device_keys(technician_id);
ALTER TABLE visits ADD COLUMN device_key_id TEXT;
ALTER TABLE visits ADD COLUMN record_signature TEXT;
CREATE TABLE settings_v4(
  key TEXT PRIMARY KEY CHECK (key IN ('company', 'helpdesk', 'bearer_cutover')),
  value TEXT NOT NULL,
  changed_ms INTEGER NOT NULL);
INSERT INTO settings_v4(key, value, changed_ms) SELECT key, value, changed_ms FROM settings;
DROP TABLE settings;
ALTER TABLE settings_v4 RENAME TO settings;
)sql";

Status add_device_keys(sqlite3* db) { return exec_sql(db, kDeviceKeysV4, "adding the device keys"); }

// Schema 5: one-time enrollment codes (only their SHA-256 is kept). Step 4 already widened the
// settings table's CHECK for the bearer tokens' cut-over date.
constexpr const char* kEnrollmentV5 = R"sql(
CREATE TABLE enrollment_codes(
  code_hash TEXT PRIMARY KEY,
  technician_id TEXT NOT NULL,
  device TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  used_ms INTEGER,
  key_id TEXT);
)sql";

Status add_enrollment_codes(sqlite3* db) { return exec_sql(db, kEnrollmentV5, "adding the enrollment codes"); }

// Schema 7: the customer's own phone. The survey keys of a technician's devices (each tablet makes
// its own and registers it; `device` is filled once the authorization names devices), and the answers a phone sent, one row per visit (one submission per code),
// linked to the visit's record whichever of the two arrives first.
constexpr const char* kPhoneSurveysV7 = R"sql(
CREATE TABLE survey_keys(
  technician_id TEXT NOT NULL,
  device TEXT NOT NULL,
  survey_key TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY(technician_id, survey_key));
CREATE TABLE phone_surveys(
  visit_id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  scores TEXT NOT NULL,
  comment TEXT NOT NULL,
  language TEXT NOT NULL,
  submitted_ms INTEGER NOT NULL);
)sql";

Status add_phone_surveys(sqlite3* db) { return exec_sql(db, kPhoneSurveysV7, "adding the survey keys and phone surveys"); }

// Schema 8: the customer's answers a declined survey discarded, kept readable for the back office
// (a JSON list of {"question","value"}; '[]' for every visit before this step and most after it).
constexpr const char* kDiscardedAnswersV8 = R"sql(
ALTER TABLE visits ADD COLUMN discarded_answers TEXT NOT NULL DEFAULT '[]';
)sql";

Status add_discarded_answers(sqlite3* db) {
    return exec_sql(db, kDiscardedAnswersV8, "adding the survey answers a declined survey discarded");
}

// Schema 9: the customer's receipt. The planning sheet's technician name (sent to the tablet, printed
// on the receipt) and the customer's e-mail address (the depot's alone); a received visit keeps the
// hash of the receipt code it sealed ('' = sealed without a receipt, as every visit before this step)
// and the code itself once the depot found it among its technician's survey keys ('' = not found).
constexpr const char* kReceiptsV9 = R"sql(
ALTER TABLE assignments ADD COLUMN technician_name TEXT NOT NULL DEFAULT '';
ALTER TABLE assignments ADD COLUMN customer_email TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN receipt_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN receipt_code TEXT NOT NULL DEFAULT '';
)sql";

Status add_receipts(sqlite3* db) { return exec_sql(db, kReceiptsV9, "adding the receipt's columns"); }

// Schema 10: the receipt by e-mail. One outbox row per receipt mail, queued in the ingest's own
// transaction so a depot killed after the ingest still mails; the Message-ID is made once, when
// queued, so a resend after a crash between the server's acceptance and our commit is the same mail.
// Times are wall-clock ms: the outbox outlives a reboot, which resets the monotonic counter.
// `receipt_code` is the code ingest found (visits.receipt_code), copied so a row makes its mail alone.
// `survey_code` is the mailed survey link's code, kept only until the mail is sent or given up;
// mailed_survey_codes keeps only its hash, for the /s/ route; answers through it are phone_surveys
// rows of channel 'mailed_link'.
constexpr const char* kMailOutboxV10 = R"sql(
CREATE TABLE mail_outbox(
  visit_id TEXT PRIMARY KEY,
  recipient TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'given_up')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  last_reply TEXT NOT NULL DEFAULT '',
  queued_ms INTEGER NOT NULL,
  done_ms INTEGER NOT NULL DEFAULT 0,
  receipt_code TEXT NOT NULL DEFAULT '',
  survey_code TEXT);
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_ms);
CREATE TABLE mailed_survey_codes(
  visit_id TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL,
  created_ms INTEGER NOT NULL);
ALTER TABLE phone_surveys ADD COLUMN channel TEXT NOT NULL DEFAULT 'phone_qr';
)sql";

Status add_mail_outbox(sqlite3* db) { return exec_sql(db, kMailOutboxV10, "adding the mail outbox"); }

// Schema 11: the back office (sync/depot/office/). People who log in are not devices: their own
// table, an Argon2id hash each (libsodium's string, salt and cost inside), a role, a language; a
// disabled account keeps its row (its name stays taken, its sessions end). A session is kept by the
// SHA-256 of its cookie only. The visit indexes keep the back office's lists and filters paged
// with a year of data (every list is ordered by the tablet's seal time).
constexpr const char* kBackOfficeV11 = R"sql(
CREATE TABLE office_users(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('helpdesk', 'quality', 'planner', 'admin')),
  language TEXT NOT NULL CHECK (language IN ('en', 'nl')),
  password_hash TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  disabled_ms INTEGER NOT NULL DEFAULT 0);
CREATE TABLE office_sessions(
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES office_users(id),
  csrf TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  seen_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL);
CREATE INDEX office_sessions_by_user ON office_sessions(user_id);
CREATE INDEX visits_by_sealed ON visits(tablet_sealed_ms);
CREATE INDEX visits_by_technician ON visits(technician_id, tablet_sealed_ms);
CREATE INDEX visits_by_template ON visits(template_id, tablet_sealed_ms);
CREATE INDEX visits_by_cause ON visits(cause_kind, tablet_sealed_ms);
)sql";

Status add_back_office(sqlite3* db) { return exec_sql(db, kBackOfficeV11, "adding the back office's accounts"); }

// Each step takes the file from the version before it to `version`. A new file is created at
// version 1 and goes through every step, so new and upgraded depots have the same tables.
struct SchemaStep {
    int version;
    Status (*apply)(sqlite3*);
};
constexpr SchemaStep kSchemaSteps[] = {
    {2, add_planning_tables},
    {3, add_customer_history_columns},
    {4, add_device_keys},
    {5, add_enrollment_codes},
    {6, add_assignment_revisions},
    {7, add_phone_surveys},
    {8, add_discarded_answers},
    {9, add_receipts},
    {10, add_mail_outbox},
    {11, add_back_office},
    {12, add_weekly_rollups},  // depot_rollups.cpp
};
static_assert(std::end(kSchemaSteps)[-1].version == DepotStore::kSchemaVersion, "the last step is the schema version");

Error refuse(const std::filesystem::path& path, const std::string& why) {
    return make_error(ErrorCode::refused, "The depot database " + path.string() + " " + why +
                                     "; it was left untouched. Point --data at another directory, or restore it from a backup.");
}

Expected<int> read_user_version(sqlite3* db) {
    auto st = SqliteStatement::prepare(db, "PRAGMA user_version");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    return st->int32(0);
}

Expected<std::string> pragma_text(sqlite3* db, const char* sql) {
    auto st = SqliteStatement::prepare(db, sql);
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    return row.value() ? st->text(0) : std::string();
}

Status stamp_version(sqlite3* db, int version) {
    return exec_sql(db, ("PRAGMA user_version = " + std::to_string(version)).c_str(), "stamping the schema version");
}

Status run_schema_steps(sqlite3* db, int from_version) {
    for (const SchemaStep& step : kSchemaSteps) {
        if (step.version <= from_version) continue;
        if (auto s = step.apply(db); !s) return s;
        if (auto s = stamp_version(db, step.version); !s) return s;
    }
    return {};
}

Status create_schema(sqlite3* db) {
    auto tx = Transaction::begin(db, "creating the depot's tables");
    if (!tx) return tx.error();
    // Another process may have created the schema between our check and this write lock.
    auto version = read_user_version(db);
    if (!version) return version.error();
    if (version.value() != 0) return tx->commit();
    if (auto s = exec_sql(db, kSchemaV1, "creating the depot's tables"); !s) return s;
    auto random = generate_device_token();
    if (!random) return random.error();
    auto st = SqliteStatement::prepare(db, "INSERT INTO meta(key, value) VALUES('instance_id', ?)");
    if (!st) return st.error();
    st->bind(1, random->substr(0, 16));
    if (auto s = st->run(); !s) return s;
    if (auto s = stamp_version(db, 1); !s) return s;
    if (auto s = run_schema_steps(db, 1); !s) return s;
    return tx->commit();
}

// An older depot's file, taken to this version in one transaction: a crash leaves it as it was.
Status upgrade_schema(sqlite3* db) {
    auto tx = Transaction::begin(db, "upgrading the depot's tables");
    if (!tx) return tx.error();
    // Another process may have upgraded it between our check and this write lock.
    auto version = read_user_version(db);
    if (!version) return version.error();
    if (auto s = run_schema_steps(db, version.value()); !s) return s;
    return tx->commit();
}

}  // namespace

Expected<sqlite3*> open_depot_reader(const std::filesystem::path& path) {
    sqlite3* db = nullptr;
    if (int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr); rc != SQLITE_OK) {
        Error e = make_error(ErrorCode::open_failed, "cannot open the depot database " + path.string() + " for reading: " +
                                                         (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
        sqlite3_close_v2(db);
        return e;
    }
    sqlite3_busy_timeout(db, 10'000);
    sqlite3_extended_result_codes(db, 1);
    Status ready = register_rollup_functions(db);
    if (ready) ready = exec_sql(db, "PRAGMA query_only = ON; PRAGMA foreign_keys = ON", "opening a read connection");
    if (!ready) {
        sqlite3_close_v2(db);
        return ready.error();
    }
    return db;
}

Expected<sqlite3*> open_depot_database(const std::filesystem::path& path) {
    std::error_code ec;
    const bool existed = std::filesystem::exists(path, ec);
    if (existed && !std::filesystem::is_regular_file(path, ec)) return refuse(path, "is not a regular file");
    // Customers' names, addresses and answers: the file (and the -wal and -shm that copy its mode)
    // is the depot user's alone, also once copied out of the private directory.
    if (!existed) {
        if (auto s = create_private_file_if_missing(path); !s) return s.error();
    }
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (existed ? 0 : SQLITE_OPEN_CREATE);
    if (int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr); rc != SQLITE_OK) {
        Error e = make_error(ErrorCode::open_failed, "cannot open the depot database " + path.string() + ": " +
                                                (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
        sqlite3_close_v2(db);
        return e;
    }
    const auto fail = [&](Error e) -> Expected<sqlite3*> {
        sqlite3_close_v2(db);
        return e;
    };
    sqlite3_busy_timeout(db, 10'000);
    sqlite3_extended_result_codes(db, 1);
    // Before any step or store_visit: the roll-ups' week is computed in SQL.
    if (auto s = register_rollup_functions(db); !s) return fail(s.error());

    // Only reads until the file is known to be ours and intact.
    auto version = read_user_version(db);
    // sqlite3_errmsg, not the shared error sentence: that one speaks of the tablet's database.
    if (!version) return fail(refuse(path, "is not a SQLite database or is damaged (" + std::string(sqlite3_errmsg(db)) + ")"));
    if (version.value() > DepotStore::kSchemaVersion) {
        return fail(refuse(path, "was written by a newer fieldcheck-depot (schema " + std::to_string(version.value()) +
                                     ", this one knows " + std::to_string(DepotStore::kSchemaVersion) + ")"));
    }
    if (existed) {
        auto check = pragma_text(db, "PRAGMA quick_check");
        if (!check) return fail(refuse(path, "is damaged (" + std::string(sqlite3_errmsg(db)) + ")"));
        if (check.value() != "ok") return fail(refuse(path, "is damaged (" + check.value() + ")"));
        if (version.value() == 0) {
            auto tables = pragma_text(db, "SELECT count(*) FROM sqlite_schema");
            if (!tables) return fail(tables.error());
            if (tables.value() != "0") return fail(refuse(path, "holds another program's tables"));
        }
    }

    auto mode = pragma_text(db, "PRAGMA journal_mode = WAL");
    if (!mode) return fail(mode.error());
    if (mode.value() != "wal") {
        return fail(make_error(ErrorCode::no_wal, "the depot database " + path.string() + " cannot use WAL (journal mode '" +
                                             mode.value() + "'); keep --data on a local disk"));
    }
    if (auto s = exec_sql(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", "setting durability"); !s) {
        return fail(s.error());
    }
    if (version.value() == 0) {
        if (auto s = create_schema(db); !s) return fail(s.error());
    } else if (version.value() < DepotStore::kSchemaVersion) {
        if (auto s = upgrade_schema(db); !s) return fail(s.error());
    }
    return db;
}

Expected<std::string> depot_instance_id(DepotDb& db) {
    auto st = db.prepare("SELECT value FROM meta WHERE key = 'instance_id'");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    const std::string id = row.value() ? st->text(0) : std::string();
    if (id.empty()) return make_error(ErrorCode::corrupt, "the depot database has no instance id");
    return id;
}

}  // namespace fc
