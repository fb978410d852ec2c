#pragma once
// DeviceStore: the tablet's durable SQLite file (visits, events, attachments, outbox, settings).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checklists/checklist_template.h"
#include "checklists/clock.h"
#include "checklists/company_contact.h"
#include "checklists/expected.h"
#include "checklists/precheck_confirmation.h"
#include "checklists/visit.h"

struct sqlite3;

namespace fc {

class CheckedFile;

// VisitSummary: one row of the day's list, read without replaying the visit.
struct VisitSummary {
    Assignment assignment;
    VisitPhase phase = VisitPhase::Assigned;
    Outcome outcome = Outcome::Open;
    PrecheckBadge badge;  // the engine's (Visit::precheck_badge), as of the visit's last stored change
    bool sealed = false;
    // The planner cancelled or reassigned it after it was started here: kept, to be finished and sent.
    bool withdrawn = false;
};

// Setting keys of the depot's contact settings (CompanyContact), as the down-sync stores them.
inline constexpr const char* kSettingCompany = "company";
inline constexpr const char* kSettingHelpdesk = "helpdesk";

// DownSyncPage: what one page of the depot's assignments asks of this tablet (the wire's
// AssignmentPage without its paging flag; the store does not read the wire).
struct DownSyncPage {
    std::vector<Assignment> assignments;
    std::vector<PrecheckConfirmation> confirmations;
    std::vector<std::string> withdrawn;     // visit ids
    std::optional<CompanyContact> contact;  // absent: the settings stay as they are
    std::string cursor;
};

// SkippedConfirmation: a confirmation the visit's rules refused (answered on site already, checked
// on arrival, unknown precheck, a format-1 visit, a visit not on this tablet), and why.
struct SkippedConfirmation {
    PrecheckConfirmation confirmation;
    Error why;
};

// PageApplied: what applying one DownSyncPage did, for the sync report and tests.
struct PageApplied {
    int intake_sealed = 0;                          // confirmations sealed into their visits now
    int intake_known = 0;                           // already sealed by an earlier application
    std::vector<SkippedConfirmation> intake_skipped;
    std::vector<std::string> removed;               // withdrawn before they were started: gone
    std::vector<std::string> kept_withdrawn;        // withdrawn after they were started: kept, marked
};

enum class OutboxState { Pending, Sent, SetAside };
const char* to_string(OutboxState s);

// OutboxItem: a sealed visit waiting for the depot's receipt.
struct OutboxItem {
    std::string visit_id;
    std::string seal;
    OutboxState state = OutboxState::Pending;
    int attempts = 0;
    std::int64_t next_attempt_ms = 0;  // wall ms; 0 = now
    std::string last_error;            // the last attempt's problem in English, for logs; "" once received
    std::string receipt;               // the depot's receipt once sent
    std::int64_t sent_ms = 0;
    std::string last_error_code;       // ErrorCode's stable name (or a newer depot's); "" once received
    std::int64_t last_error_ms = 0;    // wall ms of that attempt; 0: none
};

// SetAsideReportItem: a refusal of a sealed visit by the depot (any 4xx) that this tablet reports to
// the depot, so the planner sees the visit; sent once per visit, seal and error.
struct SetAsideReportItem {
    std::string visit_id;
    std::string seal;
    std::string error;  // the depot's error code name
    int status = 0;
    std::string message;
    int attempts = 0;
    std::int64_t next_attempt_ms = 0;
};

// SealedRecord: a sealed visit as it is uploaded: the record bytes encoded once at the seal and the
// files (SHA-256) its answers reference, which must reach the depot first.
struct SealedRecord {
    std::string seal;
    std::string bytes;
    std::vector<std::string> attachments;
};

struct TemplateRef {
    std::string id;
    int version = 0;
    std::string title;
    std::string language;
};

class StatementCache;

// Why one class: every write is one SQLite transaction with synchronous=FULL, so an answer is
// durable when the call returns. A file from a newer schema or a corrupt file is refused with a
// clear error and never written over.
class DeviceStore {
public:
    // `dir` is created private to the user (0700); holds fieldcheck.db and attachments/. Refused,
    // and left byte for byte as found: a file that is not SQLite or is damaged ("corrupt"), another
    // program's database ("not_fieldcheck"), one from a newer app ("newer_schema").
    // `clock` (the program's, or a test's) stamps the rows the store writes; it must outlive the store.
    // The whole file is checked (PRAGMA quick_check) once while this process holds it open: a second
    // connection opened meanwhile (the background sync's) relies on the first one's check.
    static Expected<std::unique_ptr<DeviceStore>> open(const std::filesystem::path& dir, Clock& clock);
    ~DeviceStore();
    DeviceStore(const DeviceStore&) = delete;
    DeviceStore& operator=(const DeviceStore&) = delete;

    static constexpr int kSchemaVersion = 5;
    const std::filesystem::path& dir() const { return dir_; }
    // The tablet's clock, for those that work on this store (sync passes, the demo day).
    Clock& clock() const { return clock_; }
    // SQL statements this store's connection compiled, by anyone, since its kept statements were
    // first used (its first answer): an answer compiles none once they are warm (the tests count this).
    std::int64_t statements_compiled();

private:
    // The connection's kept statements (the answer's path runs on them), made on first use.
    StatementCache& statements_();
    std::unique_ptr<StatementCache> statement_cache_;

public:

    // Templates are immutable per (id, version): the same bytes again is fine, other content is refused.
    Status put_template(const ChecklistTemplate& t);
    Expected<std::shared_ptr<const ChecklistTemplate>> get_template(const std::string& id, int version);
    Expected<std::vector<TemplateRef>> list_templates();

    // A new assignment creates an open visit; a changed assignment for a visit the technician has not
    // started updates it (its intake confirmations are sealed again on the new row); one already
    // started keeps its template version and is only given new history. An assignment for a
    // withdrawn visit clears the mark (it came back to this technician).
    Status put_assignment(const Assignment& a);
    Expected<std::vector<VisitSummary>> list_visits();
    Expected<Visit> load_visit(const std::string& visit_id);  // replays the stored events

    // Applies one page from the depot and stores its cursor in ONE transaction, so a crash in between
    // is harmless (the page is fetched again and applying it twice changes nothing). In order:
    // assignments; confirmations, each sealed into its visit as an intake event (Visit::record_intake),
    // or skipped, never failing the page, when the visit's rules refuse it; withdrawals (a visit the
    // technician has not started is removed, a started one kept and marked); the contact settings.
    Expected<PageApplied> apply_assignment_page(const DownSyncPage& page);
    // The same for a page of assignments only.
    Status apply_assignment_page(const std::vector<Assignment>& page, const std::string& cursor);

    // Appends events in one transaction; when the visit is sealed after them, the seal is stored and
    // the visit enters the outbox in that same transaction. `after` is the visit with the events applied.
    // A photo or signature answer whose file was not stored with put_attachment first is refused
    // ("attachment_missing", naming the step) and nothing is written.
    Status append_events(const Visit& after, const Events& events);

    // Writes the file (named by its SHA-256) and fsyncs it and its directory before the row commits.
    Expected<std::string> put_attachment(std::string_view bytes, const std::string& media_type);
    Expected<std::string> read_attachment(const std::string& sha256);
    std::filesystem::path attachment_path(const std::string& sha256) const;

    Expected<std::vector<OutboxItem>> outbox();
    // The bytes stored when the visit was sealed, never re-encoded. A visit sealed by a build that
    // did not keep them is replayed and encoded once, here, and the result kept.
    Expected<SealedRecord> sealed_record(const std::string& visit_id);
    Status mark_sent(const std::string& visit_id, const std::string& receipt, std::int64_t now_ms);
    // The error is kept as the visit's last error (its code, its English message, the store's time)
    // until the visit is received; the words on screen come from the code.
    Status mark_retry(const std::string& visit_id, const Error& error, std::int64_t next_attempt_ms);
    Status set_aside(const std::string& visit_id, const Error& reason);
    // The depot did not answer at all, so no visit was tried: every pending visit keeps this as its
    // last error, without an attempt counted or its next attempt moved (that backoff is for a depot
    // in trouble, not for a tablet out of reach).
    Status note_depot_unreached(const Error& error);
    // A sentence alone (no code): shown as written.
    Status mark_retry(const std::string& visit_id, const std::string& error, std::int64_t next_attempt_ms);
    Status set_aside(const std::string& visit_id, const std::string& reason);

    // --- set-aside reports to the depot (device_store_set_aside.cpp) ---
    // Queues the depot's refusal of a visit for reporting; the same visit, seal and error again is
    // the same report (false: already queued or sent).
    Expected<bool> queue_set_aside_report(const SetAsideReportItem& report);
    // Reports not yet taken by the depot, oldest first.
    Expected<std::vector<SetAsideReportItem>> unreported_set_asides();
    Status mark_set_aside_reported(const SetAsideReportItem& report, std::int64_t now_ms);
    Status mark_set_aside_retry(const SetAsideReportItem& report, std::int64_t next_attempt_ms);

    // Small key/value settings: technician PIN, depot URL, token, assignment cursor, language.
    Expected<std::optional<std::string>> setting(const std::string& key);
    Status set_setting(const std::string& key, const std::string& value);
    // The depot's contact settings as the last down-sync gave them; empty fields when never given.
    Expected<CompanyContact> company_contact();

    // Runs `PRAGMA integrity_check`; "ok" or the first problems.
    Expected<std::string> integrity_check();

    // The value of one of this connection's PRAGMAs, as text ("wal", "2"), so a test or a support
    // screen can see the settings durability rests on. Only application_id, busy_timeout,
    // foreign_keys, journal_mode, synchronous and user_version are read; others: "unknown_pragma".
    Expected<std::string> pragma(const std::string& name);

private:
    Status keep_outbox_problem_(const std::string& visit_id, bool aside, const std::string& message, const std::string& code,
                                std::int64_t next_attempt_ms);
    DeviceStore(sqlite3* db, std::filesystem::path dir, Clock& clock, std::unique_ptr<CheckedFile> checked);
    sqlite3* db_;
    std::filesystem::path dir_;
    Clock& clock_;
    std::unique_ptr<CheckedFile> checked_;  // this connection's share of the file's integrity check
};

}  // namespace fc
