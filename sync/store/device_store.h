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
#include "checklists/expected.h"
#include "checklists/visit.h"

struct sqlite3;

namespace fc {

// VisitSummary: one row of the day's list, read without replaying the visit.
struct VisitSummary {
    Assignment assignment;
    VisitPhase phase = VisitPhase::Assigned;
    Outcome outcome = Outcome::Open;
    PrecheckBadge badge;  // the engine's (Visit::precheck_badge), as of the visit's last stored change
    bool sealed = false;
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
    std::string last_error;            // shown in the Sync screen
    std::string receipt;               // the depot's receipt once sent
    std::int64_t sent_ms = 0;
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

// Why one class: every write is one SQLite transaction with synchronous=FULL, so an answer is
// durable when the call returns. A file from a newer schema or a corrupt file is refused with a
// clear error and never written over.
class DeviceStore {
public:
    // `dir` is created private to the user (0700); holds fieldcheck.db and attachments/. Refused,
    // and left byte for byte as found: a file that is not SQLite or is damaged ("corrupt"), another
    // program's database ("not_fieldcheck"), one from a newer app ("newer_schema").
    // `clock` (the program's, or a test's) stamps the rows the store writes; it must outlive the store.
    static Expected<std::unique_ptr<DeviceStore>> open(const std::filesystem::path& dir, Clock& clock);
    ~DeviceStore();
    DeviceStore(const DeviceStore&) = delete;
    DeviceStore& operator=(const DeviceStore&) = delete;

    static constexpr int kSchemaVersion = 2;
    const std::filesystem::path& dir() const { return dir_; }
    // The tablet's clock, for those that work on this store (sync passes, the demo day).
    Clock& clock() const { return clock_; }

    // Templates are immutable per (id, version): the same bytes again is fine, other content is refused.
    Status put_template(const ChecklistTemplate& t);
    Expected<std::shared_ptr<const ChecklistTemplate>> get_template(const std::string& id, int version);
    Expected<std::vector<TemplateRef>> list_templates();

    // A new assignment creates an open visit; a changed assignment for a visit with no events yet
    // updates it; one already started keeps its template version and is only given new history.
    Status put_assignment(const Assignment& a);
    Expected<std::vector<VisitSummary>> list_visits();
    Expected<Visit> load_visit(const std::string& visit_id);  // replays the stored events

    // Applies one page of assignments from the depot and stores its cursor in ONE transaction, so a
    // crash in between is harmless (the page is fetched again and applying it twice changes nothing).
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
    Status mark_retry(const std::string& visit_id, const std::string& error, std::int64_t next_attempt_ms);
    Status set_aside(const std::string& visit_id, const std::string& reason);

    // Small key/value settings: technician PIN, depot URL, token, assignment cursor, language.
    Expected<std::optional<std::string>> setting(const std::string& key);
    Status set_setting(const std::string& key, const std::string& value);

    // Runs `PRAGMA integrity_check`; "ok" or the first problems.
    Expected<std::string> integrity_check();

    // The value of one of this connection's PRAGMAs, as text ("wal", "2"), so a test or a support
    // screen can see the settings durability rests on. Only application_id, busy_timeout,
    // foreign_keys, journal_mode, synchronous and user_version are read; others: "unknown_pragma".
    Expected<std::string> pragma(const std::string& name);

private:
    DeviceStore(sqlite3* db, std::filesystem::path dir, Clock& clock);
    sqlite3* db_;
    std::filesystem::path dir_;
    Clock& clock_;
};

}  // namespace fc
