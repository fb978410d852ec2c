#pragma once
// SyncClient: one sync pass of a tablet with its depot — sealed visits up (their files first),
// then templates and assignments down — and the enrollment that makes passes possible.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checklists/expected.h"
#include "sync/store/device_store.h"
#include "sync/client/wire_client.h"

namespace fc {

// Setting keys in the device store.
inline constexpr const char* kSettingDepotUrl = "depot_url";
inline constexpr const char* kSettingDeviceToken = "device_token";
inline constexpr const char* kSettingAssignmentCursor = "assignment_cursor";
inline constexpr const char* kSettingDepotCaFile = "depot_ca_file";  // optional, for a depot's own certificate

// How a visit's reason (OutboxItem::last_error) begins when its receipt was not believed; the Sync
// screen shows the catalogue's words ("sync.receipt_not_signed", "sync.depot_key_not_pinned") for these.
inline constexpr std::string_view kReasonReceiptNotSigned = "the answer was not signed by your depot";
inline constexpr std::string_view kReasonDepotKeyNotPinned = "this tablet has not pinned its depot's key";

// VisitUploadTiming: how one visit's upload attempt went and how long it took, for load tests and
// benchmarks; the pass does the same with or without anyone listening.
struct VisitUploadTiming {
    std::string visit_id;
    bool sent = false;            // acknowledged with a matching receipt
    int status = 0;               // the HTTP status of the record's PUT; 0: no answer, or not sent
    std::int64_t whole_us = 0;    // the whole attempt: reading it on the tablet, its files, its record
    std::int64_t record_us = -1;  // from starting the record's PUT to its answer; -1: not sent (a file failed first)
};

// SyncProgress: where a pass is, for the Sync screen's progress: the visit being sent and which
// of its files. Told before each visit's files and before its record.
struct SyncProgress {
    std::string visit_id;
    int visit = 0;   // 1-based, among the visits this pass tries
    int visits = 0;  // the visits this pass tries (pending and due)
    int file = 0;    // 1-based file being sent; 0: the record itself (after its files)
    int files = 0;   // the files (photos, signatures) of this visit
};

struct SyncOptions {
    bool ignore_backoff = false;   // "Sync now" and `fieldcheck sync`: try every pending visit now
    DepotTimeouts timeouts;
    std::function<bool()> cancelled;  // checked between visits; a stopping app ends the pass early
    std::function<void(const VisitUploadTiming&)> on_visit_upload;  // optional: told after each visit's attempt
    std::function<void(const SyncProgress&)> on_progress;            // optional, on the pass's thread
};

// SyncReport: what one pass did, for the Sync screen and `fieldcheck sync`.
struct SyncReport {
    bool depot_reached = false;  // the depot itself answered at least once
    int sent = 0;                // visits acknowledged with a matching receipt in this pass
    int retry_later = 0;         // visits kept pending after a failed attempt
    int set_aside = 0;           // visits the depot refused (4xx) in this pass
    int waiting = 0;             // visits whose next attempt is not due yet
    int templates_added = 0;
    int assignments_received = 0;
    int confirmations_sealed = 0;       // intake confirmations sealed into their visits
    std::vector<std::string> confirmations_skipped;  // ones a visit refused, each in a sentence
    int visits_withdrawn = 0;           // cancelled or reassigned: removed, or kept and marked if started
    std::vector<std::string> problems;  // plain sentences, in order
    std::optional<Error> problem;       // why visits wait, typed: the first failed visit or the depot away
};

// The wait before attempt `attempts + 1` after `attempts` failures: 5 s doubling up to 30 min, drawn
// uniformly from the upper half so that tablets that lost the depot together do not return together.
std::int64_t retry_delay_ms(int attempts, std::uint64_t random);

// Checks that the depot answers and accepts `token`, then stores the URL and token on the device.
// (Tablets enrolled this way register a key of their own with their next pass; new tablets enroll
// with a one-time code: enroll_with_code in device_enrollment.h.)
Status enroll_with_depot(DeviceStore& store, const std::string& url, const std::string& token,
                         const SyncOptions& options = {});
// The same for a depot with a certificate of its own: trusts the CA certificate(s) in `ca_file`
// (PEM) and, once the depot answered, keeps a copy in the tablet's data directory for every later
// pass (setting kSettingDepotCaFile). An empty `ca_file` is the call above.
Status enroll_with_depot(DeviceStore& store, const std::string& url, const std::string& token, const std::string& ca_file,
                         const SyncOptions& options = {});

// Checks that `ca_file` is a PEM certificate file of at most 1 MiB; its bytes.
Expected<std::string> read_depot_ca_file(const std::string& ca_file);
// Keeps a copy of the depot's CA in the tablet's data directory (the file given may be on a USB
// stick or in /tmp) and uses it from now on (setting kSettingDepotCaFile).
Status keep_depot_ca_copy(DeviceStore& store, const std::string& pem);
// Stores the depot's URL and starts the assignment cursor over.
Status remember_depot(DeviceStore& store, const std::string& url);

// The pass reads the time (backoff, receipts' sent time) from the store's clock.
// Why this order: a visit is marked sent only on 200/201 with a receipt naming its id and seal and
// signed by the pinned depot key (depot_key_pin.h), after every file it references is acknowledged;
// a receipt that is unsigned, signed by another key or for another visit keeps it pending (reason
// kReasonReceiptNotSigned, and the pass stops: someone else is answering); without a pinned key
// visits still go up but stay pending (kReasonDepotKeyNotPinned); anything else keeps it in the outbox (network
// errors and 5xx: retried later with backoff; the depot's 4xx: set aside with its reason, without
// blocking the others). Nothing is deleted from the device store. An error only when the pass could
// not start (not enrolled, the store failing); the depot being away is a report, not an error.
Expected<SyncReport> sync_with_depot(DeviceStore& store, const SyncOptions& options = {});

// True when every sealed visit on the device has the depot's receipt.
Expected<bool> every_sealed_visit_acknowledged(DeviceStore& store);

}  // namespace fc
