// Schema step 6: assignment revisions and set-aside reports.
#include "sync/depot/depot_schema_checks.h"

#include "sync/storage/sqlite_statement.h"

namespace fc {
namespace {

// Why triggers: every writer of `assignments` (put_assignments, reschedule, reassign, the customer
// link, and whatever a later change adds) then leaves its revision in the same transaction, and no
// writer can forget to. A revision is the content a tablet may have sealed, so identical content
// (a seq bump alone, a re-import of the same sheet) is one revision. The revisions of rows that
// exist when the step runs are copied: those were sent before the upgrade.
// Set-aside reports: one row per visit, seal and reason, as the tablet sends it at most once; a
// stored visit resolves every open report of that visit (the trigger on `visits`, same transaction).
constexpr const char* kAssignmentRevisionsSql = R"sql(
CREATE TABLE assignment_revisions(
  rev INTEGER PRIMARY KEY AUTOINCREMENT,
  visit_id TEXT NOT NULL,
  technician_id TEXT NOT NULL,
  customer_name TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  address TEXT NOT NULL,
  job_id TEXT NOT NULL,
  window_start_ms INTEGER NOT NULL,
  window_end_ms INTEGER NOT NULL,
  template_id TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  first_ms INTEGER NOT NULL,
  UNIQUE (visit_id, technician_id, customer_name, customer_id, address, job_id, window_start_ms, window_end_ms,
          template_id, template_version));
INSERT INTO assignment_revisions(visit_id, technician_id, customer_name, customer_id, address, job_id,
                                 window_start_ms, window_end_ms, template_id, template_version, first_ms)
  SELECT visit_id, technician_id, customer_name, customer_id, address, job_id, window_start_ms, window_end_ms,
         template_id, template_version, changed_ms FROM assignments ORDER BY seq;
CREATE TRIGGER assignment_revision_on_insert AFTER INSERT ON assignments BEGIN
  INSERT OR IGNORE INTO assignment_revisions(visit_id, technician_id, customer_name, customer_id, address, job_id,
                                             window_start_ms, window_end_ms, template_id, template_version, first_ms)
  VALUES (new.visit_id, new.technician_id, new.customer_name, new.customer_id, new.address, new.job_id,
          new.window_start_ms, new.window_end_ms, new.template_id, new.template_version, new.changed_ms);
END;
CREATE TRIGGER assignment_revision_on_update AFTER UPDATE ON assignments BEGIN
  INSERT OR IGNORE INTO assignment_revisions(visit_id, technician_id, customer_name, customer_id, address, job_id,
                                             window_start_ms, window_end_ms, template_id, template_version, first_ms)
  VALUES (new.visit_id, new.technician_id, new.customer_name, new.customer_id, new.address, new.job_id,
          new.window_start_ms, new.window_end_ms, new.template_id, new.template_version, new.changed_ms);
END;
CREATE TABLE set_aside(
  visit_id TEXT NOT NULL,
  seal TEXT NOT NULL,
  error TEXT NOT NULL,
  technician_id TEXT NOT NULL,
  status INTEGER NOT NULL,
  message TEXT NOT NULL,
  reported_ms INTEGER NOT NULL,
  resolved_ms INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (visit_id, seal, error));
CREATE TRIGGER set_aside_resolved_on_receipt AFTER INSERT ON visits BEGIN
  UPDATE set_aside SET resolved_ms = new.received_ms WHERE visit_id = new.visit_id AND resolved_ms = 0;
END;
)sql";

}  // namespace

Status add_assignment_revisions(sqlite3* db) {
    return exec_sql(db, kAssignmentRevisionsSql, "adding assignment revisions and set-aside reports to the depot's tables");
}

}  // namespace fc
