#pragma once
// DepotStore: the depot's durable SQLite file: device tokens, templates, assignments, the customer
// history, the planner's confirmations, settings, withdrawals and conflicts, received visits and the
// attachment index (the files live in depot_attachments.h).
#include <cstdint>
#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checklists/assignment.h"
#include "checklists/checklist_template.h"
#include "checklists/company_contact.h"
#include "checklists/precheck_confirmation.h"
#include "checklists/expected.h"
#include "checklists/survey_integrity.h"
#include "sync/depot/bad_token_throttle.h"
#include "sync/depot/customer_story.h"
#include "sync/depot/db/depot_db.h"
#include "sync/depot/office/office_account.h"
#include "sync/depot/receipt_mail.h"
#include "sync/wire/wire_assignment_page.h"
#include "sync/wire/signing_key.h"
#include "sync/wire/wire_messages.h"

namespace fc {

// Where a depot keeps its data: `dir` (private, 0700) holds the attachments and, without `db_url`,
// depot.db (SQLite); with `db_url` (postgresql://...) everything else is on that PostgreSQL server,
// shared by every instance, and `dir` must be one directory every instance sees.
struct DepotLocation {
    std::filesystem::path dir;
    std::string db_url;  // "" = SQLite in dir/depot.db
};

// DepotTokenInfo: one row of `token list`; never the token itself (only its hash is stored).
struct DepotTokenInfo {
    std::int64_t id = 0;
    std::string technician_id;
    std::string device;
    std::int64_t created_ms = 0;
    std::int64_t revoked_ms = 0;  // 0 = valid
};

// DeviceKey: a tablet's public key as the depot holds it, bound to one technician and device.
struct DeviceKey {
    std::string key_id;  // what a signed request names (keyid): 16 hex digits of the key's SHA-256
    PublicKey public_key;
    std::string technician_id;
    std::string device;
    std::int64_t token_id = 0;  // the bearer token it was registered with; 0 = enrolled with a code
    std::int64_t created_ms = 0;
    std::int64_t revoked_ms = 0;  // 0 = valid
};

// NewEnrollmentCode: what `enroll-code create` prints once; the depot keeps only the code's hash.
struct NewEnrollmentCode {
    std::string code;  // 16 digits
    std::int64_t expires_ms = 0;
};

// EnrollmentCodeInfo: one row of `enroll-code list`; never the code.
struct EnrollmentCodeInfo {
    std::string technician_id;
    std::string device;
    std::int64_t created_ms = 0;
    std::int64_t expires_ms = 0;
    std::int64_t used_ms = 0;  // 0 = not used
    std::string key_id;        // the key it enrolled, once used
};

// NewDepotToken: what `token create` prints once; the depot forgets `token` right after.
struct NewDepotToken {
    std::int64_t id = 0;
    std::string token;
};

// AssignResult: what `assign` did with each row of its input.
struct AssignResult {
    int created = 0;
    int changed = 0;
    int unchanged = 0;
    int confirmed = 0;  // confirmations new on the depot (identical ones again are not counted)
};

// Withdrawal: a visit taken away from one technician's tablet: cancelled, reassigned to someone
// else, or carried out by the technician it had been taken from (so the new owner need not go).
struct Withdrawal {
    std::string visit_id;
    std::string technician_id;  // whose tablet loses it
    std::string kind;           // "cancelled" | "reassigned" | "carried_out_elsewhere"
    std::string why;            // the planner's reason, or whom it went to
    std::int64_t withdrawn_ms = 0;
};

// PlanningConflict: a withdrawn visit its first technician had started and sent in anyway; both
// sides are kept (the visit is stored) and the planner settles it with the customer.
struct PlanningConflict {
    std::string visit_id;
    std::string technician_id;  // who carried it out
    std::string kind;           // "cancelled" | "reassigned"
    std::string detail;         // a sentence for the planner
    std::int64_t recorded_ms = 0;
};

// SetAsideReport: a tablet's word that the depot refused one of its sealed visits (any 4xx), so the
// planner sees the visit even though its record was never stored.
struct SetAsideReport {
    std::string visit_id;
    std::string seal;
    std::string error;  // the refusal's error code, as the depot's answer named it
    std::string technician_id;
    int status = 0;  // the HTTP status the tablet got
    std::string message;
    std::int64_t reported_ms = 0;  // set by the store
    std::int64_t resolved_ms = 0;  // 0 = open; set when the visit is received
};

// SurveyScore: one smiley answer as the back office reads it.
struct SurveyScore {
    std::string question_id;
    std::string touchpoint;
    int score = 0;

    friend bool operator==(const SurveyScore&, const SurveyScore&) = default;
};

// DiscardedAnswer: a customer's survey answer the technician's PIN threw away, as export shows it
// (a smiley's number, or the text of a comment).
struct DiscardedAnswer {
    std::string question_id;
    std::string value;

    friend bool operator==(const DiscardedAnswer&, const DiscardedAnswer&) = default;
};

// ReceivedVisit: a sealed visit that passed the engine's rules, in the columns the depot queries and
// exports; `record` keeps the exact canonical bytes for replay.
struct ReceivedVisit {
    std::string visit_id;
    std::string technician_id;
    std::string job_id;
    std::string template_id;
    int template_version = 0;
    std::string seal;
    std::string record;
    std::string outcome;  // "completed" | "not_possible"
    std::string cause_kind;
    std::string cause_precheck;
    std::string cause_text;
    std::string survey_status;
    std::vector<SurveyScore> scores;
    std::string survey_comment;
    // Which way the survey came: "tablet" (customer mode), "phone_qr" (the customer's own phone),
    // "mailed_link" (not built yet) or "none". Scores and comment of a phone_qr survey are the
    // phone's, linked when both the record and the phone's answers are in.
    std::string survey_channel;
    std::vector<SurveyFlag> flags;
    std::vector<DiscardedAnswer> discarded_answers;  // beside the flag customer_answers_discarded
    std::int64_t tablet_sealed_ms = 0;  // the tablet's clock at the seal
    // Set by ingest when the visit had been withdrawn from its sender: stored with a conflict.
    std::optional<Withdrawal> withdrawn;
    // What it leaves in its customer's history (history_entry_of): the note, values and to-do
    // list; id, job, date, outcome and cause are taken from the columns above.
    HistoryEntry history;
    // The device key that sent it and its Fieldcheck-Record-Signature; "" for a bearer-token sender.
    std::string device_key_id;
    std::string record_signature;
    // Set by the store:
    std::int64_t received_ms = 0;
    std::int64_t depot_seq = 0;
    // Joined from the assignment for export:
    std::string customer_name;
    std::string address;
    std::string device;  // the name the sending key was registered with; "" for a bearer-token sender
    std::string technician_name;  // as the planning sheet gave it; "" = not given
    // The customer's receipt (record format 5): the hash of the receipt code the visit sealed ("" =
    // sealed without a receipt), and the code once ingest found it among the technician's survey
    // keys ("" = unknown: the receipt page still opens for whoever holds the code).
    std::string receipt_hash;
    std::string receipt_code;
    // The receipt mail's state for export (receipt_mail_summary); "" when none was queued.
    std::string receipt_mail;
};

// What export says of a received visit's receipt: "verified code" (the depot made the code the
// visit sealed the hash of), "code unknown" (a receipt whose code none of the technician's survey
// keys makes) or "none" (sealed without a receipt).
std::string receipt_state(const ReceivedVisit& v);

// PhoneSurvey: the answers a customer's phone sent for one visit (one per visit: one submission per
// code), kept until the visit's record arrives and linked to it from then on.
struct PhoneSurvey {
    std::string visit_id;
    std::string code;
    std::vector<SurveyScore> scores;
    std::string comment;
    std::string language;  // the page's language when it was answered ("en" | "nl")
    std::int64_t submitted_ms = 0;
    // "phone_qr" (the tablet's code, shown as a QR) or "mailed_link" (the depot's code, in the receipt mail).
    std::string channel = "phone_qr";
};

enum class StoreVisitOutcome { Created, Replay, Conflict };

// StoredVisit: what storing one visit gave. Created: stored now, with this receipt. Replay: the
// same seal was already stored (its first receipt). Conflict: the id holds another seal.
using StoredVisit = std::pair<StoreVisitOutcome, DepotReceipt>;

// VisitToStore: a checked visit and the time it arrived (stamped on its receipt).
struct VisitToStore {
    ReceivedVisit visit;
    std::int64_t now_ms = 0;
};

// VisitBatchStore: the one storage call group commit (visit_commit_queue.h) needs, so every depot
// backend behind it gets group commit. Why many visits per call: one durable commit (one fsync)
// for every visit that waited while the previous commit ran. The contract a backend keeps:
// - every visit is stored in ONE transaction, each on its own (a savepoint): a visit that fails is
//   rolled back alone and gets its own error; the others are committed;
// - visits are stored in order, so the same id twice in one batch behaves as two calls in a row
//   (the second is a Replay with the first's receipt, or a Conflict);
// - an Error for the whole call means nothing of the batch was stored: no visit may be acknowledged.
class VisitBatchStore {
public:
    virtual ~VisitBatchStore() = default;
    virtual Expected<std::vector<Expected<StoredVisit>>> store_visits(std::vector<VisitToStore>& batch) = 0;
};

// Why one writing connection behind a mutex: serialising writes keeps the sequence numbers in commit
// order, which makes the assignment cursor exact; the commit with synchronous=FULL is shared by every
// visit waiting (store_visits, group commit). Why read connections beside it (open_readers): WAL lets
// a lookup read the last commit while a commit runs, so a request's checks never wait for another's
// fsync. Admin commands run as other processes on the same file (WAL + busy_timeout), so a revoked
// token is refused on the very next request. On PostgreSQL the same holds across instances: every
// write transaction takes the database's one write lock (db/depot_db.h), reads see the last commit.
class DepotStore final : public VisitBatchStore, public ThrottleBuckets {
public:
    static constexpr int kSchemaVersion = 12;  // the last step of kSchemaSteps (depot_schema.cpp)

    // `dir` is created private (0700); holds depot.db and attachments/. A corrupt file, a file from a
    // newer depot or a file that is not a database is refused with a clear error and left as it is.
    static Expected<std::unique_ptr<DepotStore>> open(const std::filesystem::path& dir);
    // The same, for commands that only read or change an existing depot (export, token list and
    // revoke): a mistyped --data is an error "no_depot" instead of a new, empty depot.
    static Expected<std::unique_ptr<DepotStore>> open_existing(const std::filesystem::path& dir);
    // Either backend: SQLite as above, or the PostgreSQL database `where.db_url` names, its tables
    // made or migrated on the first open (a database of a newer depot is refused, left as it is).
    static Expected<std::unique_ptr<DepotStore>> open(const DepotLocation& where);
    // open_existing's "no_depot" for PostgreSQL: a database without the depot's tables.
    static Expected<std::unique_ptr<DepotStore>> open_existing(const DepotLocation& where);
    ~DepotStore();
    DepotStore(const DepotStore&) = delete;
    DepotStore& operator=(const DepotStore&) = delete;

    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path attachments_dir() const { return dir_ / "attachments"; }
    const std::string& instance_id() const { return instance_id_; }

    // --- device tokens ---
    Expected<NewDepotToken> create_token(const std::string& technician_id, const std::string& device, std::int64_t now_ms);
    Expected<std::vector<DepotTokenInfo>> list_tokens();
    Status revoke_token(std::int64_t id, std::int64_t now_ms);
    // The id of a token this depot issued (revoked or not), found by its hash: lets an admin who
    // still has a lost tablet's token revoke it without matching devices in `token list`.
    Expected<std::int64_t> token_id(const std::string& token);
    // The technician a valid, unrevoked token belongs to; nullopt for an unknown or revoked one.
    Expected<std::optional<std::string>> technician_for_token(const std::string& token);

    // --- device keys (depot_store_device_keys.cpp) ---
    // Binds `key` to a technician and device. The same key again for the same technician and device
    // is the same row (a retried registration); a key already bound elsewhere is `conflict`.
    Expected<DeviceKey> register_device_key(const PublicKey& key, const std::string& technician_id,
                                            const std::string& device, std::int64_t token_id, std::int64_t now_ms);
    // The key a request names, revoked or not (the caller refuses a revoked one); nullopt if unknown.
    Expected<std::optional<DeviceKey>> device_key(const std::string& key_id);
    // From this time (UNIX ms) on, bearer tokens are refused except to register a device key
    // (setting `bearer_cutover`); nullopt: not set, tokens still work (depot_store_bearer_cutover.cpp).
    Expected<std::optional<std::int64_t>> bearer_cutover_ms();
    // `cutover_ms` 0 removes the cut-over (depot_store_enrollment.cpp).
    Status set_bearer_cutover_ms(std::int64_t cutover_ms, std::int64_t now_ms);
    Expected<std::vector<DeviceKey>> list_device_keys();
    // Its next request is refused; `no_such_key` for an id the depot never issued.
    Status revoke_device_key(const std::string& key_id, std::int64_t now_ms);

    // --- enrollment codes and the bearer cut-over (depot_store_enrollment.cpp) ---
    // A one-time code for this technician and device, valid for `valid_ms` from now.
    Expected<NewEnrollmentCode> create_enrollment_code(const std::string& technician_id, const std::string& device,
                                                       std::int64_t valid_ms, std::int64_t now_ms);
    Expected<std::vector<EnrollmentCodeInfo>> list_enrollment_codes();
    // Uses `code` and binds `key` to its technician and device, in one transaction: a code enrolls
    // at most one key. enrollment_code_unknown / _used / _expired, and nothing stored, otherwise.
    Expected<DeviceKey> enroll_with_code(const std::string& code, const PublicKey& key, std::int64_t now_ms);
    // The valid token's row (technician, device, id); nullopt for an unknown or revoked token.
    Expected<std::optional<DepotTokenInfo>> token_info(const std::string& token);
    // --- the customer's own phone (depot_store_phone_surveys.cpp) ---
    // A survey key of one of the technician's devices (32 bytes, raw); the same key again is kept
    // once. Every key a technician's devices registered stays valid for the codes they made.
    Status put_survey_key(const std::string& technician_id, const std::string& device, const std::string& key,
                          std::int64_t now_ms);
    // Every survey key of the technician's devices: a visit's code is checked against each.
    Expected<std::vector<std::string>> survey_keys(const std::string& technician_id);
    // true: stored now; false: this visit already has a phone survey (nothing changed).
    Expected<bool> store_phone_survey(const PhoneSurvey& survey);
    Expected<std::optional<PhoneSurvey>> phone_survey(const std::string& visit_id);
    // The received visit's survey status, nullopt while its record has not arrived.
    Expected<std::optional<std::string>> received_survey_status(const std::string& visit_id);

    // --- templates (immutable per id + version) ---
    // true: stored now; false: the same content was already there; error "template_conflict" when
    // this id and version already hold other content.
    Expected<bool> import_template(const ChecklistTemplate& t, std::int64_t now_ms);
    Expected<std::vector<TemplateListing>> list_templates();
    Expected<std::optional<std::string>> template_json(const std::string& id, int version);
    // Parsed once and kept: templates never change per version.
    Expected<std::shared_ptr<const ChecklistTemplate>> template_for(const std::string& id, int version);
    Expected<std::optional<int>> latest_template_version(const std::string& id);

    // --- assignments and the customer history ---
    // All or nothing, one transaction. A changed assignment gets a new sequence number so tablets
    // fetch it again; one whose visit was already received, or moved to another technician, is refused.
    // History entries carried by the assignments (e.g. demo data) are added to their job's history.
    // Confirmations from the same sheet are stored in the same transaction (see confirm_precheck).
    // `customer_emails` (visit id -> address, "" = none; PlanningSheet::customer_emails) are stored
    // beside the assignments without a new sequence number: a tablet never receives them. A visit
    // not named keeps the address it had.
    Expected<AssignResult> put_assignments(const std::vector<Assignment>& assignments, std::int64_t now_ms,
                                           const std::vector<PrecheckConfirmation>& confirmations = {},
                                           const std::map<std::string, std::string>& customer_emails = {});
    Expected<std::optional<Assignment>> assignment(const std::string& visit_id);
    // This technician's assignments with a sequence number after `cursor` ("" = from the start), in
    // sequence order, each with its customer's history and its job's escalation mark.
    Expected<AssignmentPage> assignments_since(const std::string& technician_id, const std::string& cursor, int limit);

    // --- planning: confirmations, settings, cancel / reschedule / reassign, conflicts
    //     (depot_store_planning.cpp). Each change gives the assignment, or the withdrawal, a new
    //     sequence number, so the technician's tablet gets it with its next down-sync. ---
    // true: stored now; false: the identical confirmation was already there. Refused: an unknown or
    // received visit, a precheck that is not one of its template's before-departure prechecks, and
    // a different confirmation for a visit and precheck that already has one (confirmation_conflict).
    Expected<bool> confirm_precheck(const PrecheckConfirmation& c, std::int64_t now_ms);
    Expected<std::vector<PrecheckConfirmation>> confirmations(const std::string& visit_id);
    // The company and helpdesk the customer's messages name; nullopt until they were ever set.
    Expected<std::optional<CompanyContact>> contact();
    Status set_contact(const CompanyContact& contact, std::int64_t now_ms);
    // Each returns false when it changed nothing (already cancelled, the same window, the same
    // technician). A visit already received is refused (already_received), a cancelled one cannot
    // be rescheduled or reassigned (visit_cancelled).
    Expected<bool> cancel_visit(const std::string& visit_id, const std::string& why, std::int64_t now_ms);
    Expected<bool> reschedule_visit(const std::string& visit_id, std::int64_t start_ms, std::int64_t end_ms,
                                    std::int64_t now_ms);
    Expected<bool> reassign_visit(const std::string& visit_id, const std::string& technician_id, std::int64_t now_ms);
    // Whether `visit_id` was withdrawn from `technician_id`'s tablet, and how.
    Expected<std::optional<Withdrawal>> withdrawal(const std::string& visit_id, const std::string& technician_id);
    Expected<std::vector<PlanningConflict>> conflicts();
    // One customer's whole story: every earlier visit across their jobs, what is planned, and the
    // jobs whose next visit is escalated. Error "usage" unless exactly one of the two is given.
    Expected<CustomerStory> customer_story(const StoryQuery& query);

    // --- what the depot sent, and what tablets set aside (depot_store_checks.cpp) ---
    // Every revision of this visit's assignment the depot ever held, newest first (the fields a
    // record seals; no history, no escalation mark).
    Expected<std::vector<Assignment>> assignment_revisions(const std::string& visit_id);
    // true: stored now; false: this visit, seal and reason were already reported (kept as first told).
    Expected<bool> record_set_aside(const SetAsideReport& report, std::int64_t now_ms);
    // Every report, open ones first, then by time reported.
    Expected<std::vector<SetAsideReport>> set_aside_reports();

    // --- the receipt by e-mail (depot_store_mail.cpp) ---
    // From now on store_visit queues a receipt mail for every new visit whose assignment has a
    // customer e-mail address; nullopt (the default: serve without --smtp) queues none.
    void set_mail_queueing(std::optional<MailQueueing> queueing);
    // Queued mails whose next attempt is due at `now_ms`, oldest first.
    Expected<std::vector<ReceiptMail>> due_mails(std::int64_t now_ms, int limit);
    Expected<std::optional<ReceiptMail>> receipt_mail(const std::string& visit_id);
    // The right to attempt this visit's mail now: the row as it is, if still queued and due. On
    // PostgreSQL a lock of this instance's connection, held until release_mail, keeps every other
    // instance off it (two instances never both send one receipt); a killed instance's connection
    // ends and frees it at once. nullopt: sent, not due, or another instance is sending it.
    Expected<std::optional<ReceiptMail>> claim_mail(const std::string& visit_id, std::int64_t now_ms);
    void release_mail(const std::string& visit_id);
    // One attempt's end: sent, to be tried again at `next_attempt_ms`, or given up (a 5xx). The
    // survey code leaves the outbox once the mail is sent or given up: only its hash stays.
    Status mail_sent(const std::string& visit_id, const std::string& reply, std::int64_t now_ms);
    Status mail_retry(const std::string& visit_id, const std::string& reply, std::int64_t next_attempt_ms);
    Status mail_given_up(const std::string& visit_id, const std::string& reply, std::int64_t now_ms);
    // Whether `code` is the survey code the depot mailed for this visit.
    Expected<bool> mailed_survey_code_matches(const std::string& visit_id, const std::string& code);
    // The stored visit's seal, outcome, cause and survey status, for the mail's words.
    Expected<std::optional<ReceivedVisit>> received_visit(const std::string& visit_id);

    // --- attachments (index only) ---
    Expected<bool> has_attachment(const std::string& sha256);
    // true: recorded now; false: already recorded. Call only after the file is durably in place.
    Expected<bool> record_attachment(const std::string& sha256, std::int64_t size, std::int64_t now_ms);

    // --- visits ---
    // The stored visit's technician, seal and receipt, if any.
    struct VisitHead {
        std::string technician_id;
        std::string seal;
        DepotReceipt receipt;
    };
    Expected<std::optional<VisitHead>> visit_head(const std::string& visit_id);
    // Stores the visit, its history entry and new sequence numbers for the job's open assignments in
    // one durable transaction. Replay: the same seal was already stored (its first receipt is
    // returned). Conflict: the id holds another seal.
    Expected<StoredVisit> store_visit(ReceivedVisit v, std::int64_t now_ms);
    // Many visits in one durable transaction, each in its own savepoint (VisitBatchStore's contract).
    Expected<std::vector<Expected<StoredVisit>>> store_visits(std::vector<VisitToStore>& batch) override;
    Expected<std::vector<ReceivedVisit>> received_visits();
    Expected<std::int64_t> visit_count();

    // --- the customer's receipt (depot_store_receipts.cpp) ---
    // The receipt code of a received visit, as ingest found it; nullopt while the visit has not
    // arrived, when it was sealed without a receipt, or when its code is unknown to the depot.
    Expected<std::optional<std::string>> visit_receipt_code(const std::string& visit_id);
    // The customer's e-mail address from the planning sheet; "" when none was given (or no such visit).
    Expected<std::string> customer_email(const std::string& visit_id);
    // The canonical record of a received visit, as stored; nullopt while it has not arrived.
    Expected<std::optional<std::string>> visit_record(const std::string& visit_id);

    // --- back-office accounts and sessions (depot_store_office.cpp) ---
    // bad_user_name, user_exists; the hash is hash_password's (office/office_password.h).
    Expected<OfficeUser> add_office_user(const std::string& name, OfficeRole role, Lang lang,
                                         const std::string& password_hash, std::int64_t now_ms);
    Expected<std::vector<OfficeUser>> office_users();
    // The account and its hash, disabled or not; nullopt for a name nobody has.
    Expected<std::optional<OfficeLogin>> office_login(const std::string& name);
    // Each ends every session of the account (no_such_user for an unknown name).
    Status set_office_password(const std::string& name, const std::string& password_hash);
    Status disable_office_user(const std::string& name, std::int64_t now_ms);
    Status set_office_role(const std::string& name, OfficeRole role);
    Status set_office_language(const std::string& name, Lang lang);
    // `token_hash` is the SHA-256 of the cookie; the session ends kOfficeSessionMs after now.
    Status start_office_session(std::int64_t user_id, const std::string& token_hash, const std::string& csrf,
                                std::int64_t now_ms);
    // The live session of this cookie hash (not expired, idle or of a disabled account); a request
    // keeps it alive. nullopt otherwise.
    Expected<std::optional<OfficeSession>> office_session(const std::string& token_hash, std::int64_t now_ms);
    Status end_office_session(const std::string& token_hash);

    // For the back office's query files (sync/depot/office/*_query.cpp): runs f(db, dir) under the
    // store's lock, so a page's several statements see one state of the file.
    template <class F>
    auto with_db(F&& f) {
        std::lock_guard lock(mutex_);
        return f(*db_, dir_);
    }
    SqlDialect dialect() const { return db_->dialect(); }
    const DepotLocation& location() const { return location_; }

    Expected<std::string> integrity_check();

    // --- what every instance must share (depot_store_shared.cpp) ---
    // The depot's signing key: the 0600 file beside depot.db on SQLite, one row on PostgreSQL, made
    // once (two instances starting together make one key).
    Expected<SigningKey> signing_key();
    // Records a signed request's nonce at wall time `now_ms` on PostgreSQL, where instances share it;
    // false: it was seen within the last ten minutes (a replay). A SQLite depot keeps its nonces in
    // memory (SeenNonces) and never calls this.
    Expected<bool> remember_nonce(const std::string& key_id, const std::string& nonce, std::int64_t now_ms);
    // The back office's login throttle, shared by every instance on PostgreSQL (ThrottleBuckets);
    // a failure to read or write counts as no bucket: a login is never refused for the database's sake.
    std::optional<ThrottleBuckets::Row> bucket(const std::string& key) override;
    void put_bucket(const std::string& key, const ThrottleBuckets::Row& row) override;
    void forget_bucket(const std::string& key) override;

    // --- reads beside the writer (depot_store_readers.cpp) ---
    // Opens `count` more connections, each under its own lock, for the lookups every request makes
    // (tokens, device keys, the cut-over, assignments, withdrawals, visit heads, templates, revisions,
    // confirmations, survey keys, attachment HEADs). Each sees the last commit (WAL). Nothing that
    // must be atomic with a write is read there: store_visits checks the visit's id again inside its
    // transaction, enrollment and key registration read inside theirs, and a request's nonce is
    // remembered in memory (seen_nonces.h). Call before serving; without it every call uses the one
    // connection. A second call changes nothing.
    Status open_readers(int count);

private:
    DepotStore(std::unique_ptr<DepotDb> db, DepotLocation where, std::string instance_id);
    // A new connection to the same database (open_readers).
    static Expected<std::unique_ptr<DepotDb>> connect_reader_(const DepotLocation& where);
    // The read connection for the next lookup (round robin); nullptr when none were opened.
    DepotStore* reader_();
    // This connection's statement, prepared once (depot_statements.h); the caller holds the mutex.
    Expected<DepotStatement> cached_(const std::string& sql) { return db_->prepare(sql); }
    Expected<std::int64_t> next_seq_();
    // register_device_key for a caller that holds the mutex (and, for enrollment, a transaction).
    Expected<DeviceKey> register_device_key_(const PublicKey& key, const std::string& technician_id,
                                             const std::string& device, std::int64_t token_id, std::int64_t now_ms);
    Expected<std::optional<DeviceKey>> device_key_(const std::string& key_id);
    // Planning internals (depot_store_planning.cpp); the caller holds the mutex and a transaction.
    Expected<bool> confirm_precheck_(const PrecheckConfirmation& c, std::int64_t now_ms);
    Status bump_assignment_(const std::string& visit_id, std::int64_t now_ms);
    Status withdraw_(const Withdrawal& w);
    Expected<std::optional<Withdrawal>> withdrawal_(const std::string& visit_id, const std::string& technician_id);
    Expected<bool> received_(const std::string& visit_id);
    Expected<std::vector<PrecheckConfirmation>> confirmations_(const std::string& visit_id);
    Expected<std::optional<CompanyContact>> contact_();
    // put_assignments' addresses; the caller holds the mutex and a transaction.
    Status set_customer_emails_(const std::map<std::string, std::string>& customer_emails);
    // Like template_for, for a caller that already holds the mutex.
    Expected<std::shared_ptr<const ChecklistTemplate>> template_locked_(const std::string& id, int version);
    // The visit's technician, refusing an unknown, received or (unless `cancelled_ok`) cancelled visit.
    Expected<std::string> open_visit_owner_(const std::string& visit_id, bool cancelled_ok);
    Status record_conflict_(const ReceivedVisit& v, std::int64_t now_ms);
    // One visit of store_visits, inside its transaction and savepoint; the caller holds the mutex.
    Expected<StoredVisit> store_visit_(ReceivedVisit& v, std::int64_t now_ms);
    // Inside store_visit's transaction: the visit's receipt mail, when mail is set up and the
    // customer has an e-mail address.
    Status queue_receipt_mail_(const ReceivedVisit& v, std::int64_t now_ms);
    void release_mail_(const std::string& visit_id);  // claim_mail's lock; the caller holds the mutex
    Status finish_mail_(const std::string& visit_id, const std::string& state, const std::string& reply,
                        std::int64_t now_ms);
    // Visit ids after `since` for this page: assignments still this technician's and withdrawals
    // from them, in sequence order, at most `limit`; `page.more` and `page.cursor` set.
    struct PageRow {
        std::int64_t seq = 0;
        std::string visit_id;
        bool withdrawn = false;
    };
    Expected<std::vector<PageRow>> page_rows_(const std::string& technician_id, std::int64_t since, int limit,
                                              AssignmentPage& page);
    Status add_planning_to_page_(AssignmentPage& page);
    // The history of `job_id` and, when `customer_id` is set, of every job of that customer, by date.
    Expected<std::vector<HistoryEntry>> history_(const std::string& job_id, const std::string& customer_id,
                                                 const std::string& except_visit_id);
    // Fills in an assignment read from its row: its customer's history (the newest a tablet
    // accepts) and its job's escalation mark.
    Status add_history_(Assignment& a);
    Status write_history_(const HistoryEntry& h, const std::string& customer_id, bool received);
    // New sequence numbers for the open assignments whose history just changed (the job's and the
    // customer's), so their tablets fetch them again.
    Status bump_open_assignments_(const std::string& job_id, const std::string& customer_id,
                                  const std::string& except_visit_id, std::int64_t now_ms);
    Status set_customer_id_(const Assignment& a);
    Expected<CustomerStory> customer_story_(const StoryQuery& query);
    Expected<std::string> customer_of_visit_(const std::string& visit_id);
    Expected<std::vector<PlannedVisit>> planned_visits_(const std::string& job_id, const std::string& customer_id);

    std::mutex mutex_;
    std::optional<MailQueueing> mail_queueing_;
    std::unique_ptr<DepotDb> db_;  // under mutex_
    DepotLocation location_;
    std::filesystem::path dir_;
    std::string instance_id_;
    // Its own lock: a template lookup must not wait for a commit.
    std::mutex template_mutex_;
    std::map<std::pair<std::string, int>, std::shared_ptr<const ChecklistTemplate>> template_cache_;
    std::vector<std::unique_ptr<DepotStore>> readers_;  // set once by open_readers, before serving
    std::atomic<std::size_t> next_reader_{0};
};

}  // namespace fc
