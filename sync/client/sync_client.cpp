#include "sync_client.h"
#include "sync/client/survey_key_registration.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <system_error>
#include <utility>

#include "checklists/sha256.h"
#include "checklists/template_parser.h"
#include "sync/client/depot_key_pin.h"
#include "sync/client/device_credentials.h"
#include "sync/client/device_enrollment.h"
#include "sync/wire/device_token.h"
#include "sync/wire/receipt_signature.h"
#include "sync/wire/wire_ids.h"
#include "sync/storage/durable_file.h"
#include "sync/wire/wire_assignment_page.h"
#include "sync/wire/wire_messages.h"
#include "sync/wire/wire_set_aside.h"
#include "sync/wire/wire_visit.h"

namespace fc {
namespace {

constexpr std::int64_t kFirstRetryMs = 5'000;
constexpr std::int64_t kLongestRetryMs = 30 * 60'000;
constexpr int kMaxAssignmentPages = 1000;
constexpr std::size_t kMaxCaFileBytes = 1u << 20;
constexpr const char* kDepotCaCopyName = "depot-ca.pem";

// What became of one visit's upload attempt.
struct Attempt {
    enum class Result { Sent, Retry, SetAside, Unreachable, Unauthorized };
    Result result = Result::Retry;
    std::string message;
    std::string receipt;
    // Set when the depot itself refused (a 4xx with its error body): what the set-aside report says.
    std::optional<WireError> refusal;
    int status = 0;
    // What the visit's row keeps and the Sync screen words: the depot's own code when it refused.
    ErrorCode code = ErrorCode::depot_error;
};

// Why not the store's Clock: these are performance figures in microseconds, what an upload cost,
// not when it happened; a test's ManualClock would report every upload as taking no time.
std::int64_t micros_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
}

Attempt sent(std::string receipt = {}) { return {Attempt::Result::Sent, {}, std::move(receipt), std::nullopt, 0, ErrorCode::depot_error}; }
Attempt retry(ErrorCode code, std::string m) { return {Attempt::Result::Retry, std::move(m), {}, std::nullopt, 0, code}; }
Attempt unreachable(ErrorCode code, std::string m) { return {Attempt::Result::Unreachable, std::move(m), {}, std::nullopt, 0, code}; }
Attempt set_aside(ErrorCode code, std::string m) { return {Attempt::Result::SetAside, std::move(m), {}, std::nullopt, 0, code}; }

// The depot's own error sentence when it sent one, else the bare status.
std::string depot_reason(const DepotAnswer& a) {
    auto e = decode_wire_error(a.body);
    if (e) return "HTTP " + std::to_string(a.status) + ", " + e->name + ": " + e->message;
    return "HTTP " + std::to_string(a.status);
}

// Sorts an answer that is not the hoped-for success. `what` names the thing sent ("visit v-1").
Attempt judge_failure(const DepotAnswer& a, const std::string& what) {
    if (a.from == DepotAnswer::From::Nobody) return unreachable(ErrorCode::unreachable, a.problem);
    if (a.from == DepotAnswer::From::Stranger) {
        // A captive portal or proxy: its word about our visit means nothing; try again elsewhere.
        return unreachable(ErrorCode::unreachable, "something other than the depot answered (HTTP " + std::to_string(a.status) +
                           "); a Wi-Fi login page or a proxy?");
    }
    if (a.status == 401) {
        return {Attempt::Result::Unauthorized, "the depot refused this tablet's token: " + depot_reason(a), {}, std::nullopt, 0, ErrorCode::unauthorized};
    }
    if (a.status == 408 || a.status == 429 || a.status >= 500 || a.status < 400) {
        return retry(ErrorCode::depot_error, "the depot could not take " + what + " now (" + depot_reason(a) + ")");
    }
    // The depot saw the upload break off: the network's fault, not the visit's; send it again.
    if (auto e = decode_wire_error(a.body); e && e->code == ErrorCode::incomplete_body) {
        return retry(ErrorCode::unreachable, "the upload of " + what + " broke off on the way (" + depot_reason(a) + ")");
    }
    auto e = decode_wire_error(a.body);
    Attempt out = set_aside(e ? e->code : ErrorCode::depot_error, "the depot refused " + what + " (" + depot_reason(a) + ")");
    out.refusal = e ? e.value() : WireError{ErrorCode::depot_error, "depot_error", "HTTP " + std::to_string(a.status)};
    out.status = a.status;
    return out;
}

Attempt upload_attachment(DeviceStore& store, DepotConnection& depot, const std::string& sha) {
    const std::string path = "/api/v1/attachments/" + sha;
    const DepotAnswer present = depot.head(path);
    if (present.from == DepotAnswer::From::Depot && present.status == 200) return sent();
    if (!(present.from == DepotAnswer::From::Depot && present.status == 404)) {
        return judge_failure(present, "file " + sha.substr(0, 12));
    }
    auto bytes = store.read_attachment(sha);
    if (!bytes) return set_aside(ErrorCode::attachment_missing, "file " + sha.substr(0, 12) + " cannot be read on this tablet: " + bytes.error().message);
    // read_attachment checked the bytes against `sha`: the signature's digest comes from the name.
    const DepotAnswer put = depot.put_checked_file(path, bytes.value(), sha, "application/octet-stream");
    if (put.from == DepotAnswer::From::Depot && (put.status == 200 || put.status == 201)) {
        auto ack = decode_attachment_ack(put.body);
        if (ack && ack->sha256 == sha) return sent();
        return unreachable(ErrorCode::unreachable, "the depot's answer for file " + sha.substr(0, 12) + " was not an acknowledgement");
    }
    return judge_failure(put, "file " + sha.substr(0, 12));
}

// Why a receipt is believed only when signed by the pinned key: over plain HTTP (or through a proxy
// that holds a certificate the tablet trusts) anything can echo the visit id and seal it was sent,
// and a visit marked sent on such an answer is never sent again: lost (issue 11, finding 5).
Attempt judge_receipt(const DepotAnswer& answer, const OutboxItem& item, const std::optional<PublicKey>& pinned) {
    const std::string what = "visit " + item.visit_id;
    // Only the receipt counts: a portal's "200 OK" page or a proxy's empty 200 never does.
    auto receipt = decode_receipt(answer.body);
    if (!receipt) return unreachable(ErrorCode::unreachable, "the answer to " + what + " was not the depot's receipt (a Wi-Fi login page or a proxy?)");
    if (!pinned) {
        // Not the answer's fault: keep going, so every visit reaches the depot; marked sent once a key is pinned.
        return retry(ErrorCode::depot_key_not_pinned, std::string(kReasonDepotKeyNotPinned) + ": the receipt for " + what + " cannot be checked yet");
    }
    const ReceiptCheck check = check_receipt(receipt.value(), item.visit_id, item.seal, *pinned);
    if (check == ReceiptCheck::Verified) return sent(answer.body);
    return unreachable(ErrorCode::receipt_not_signed, std::string(kReasonReceiptNotSigned) + " (" + what + ": " + describe(check) + ")");
}

// `timing` gets the record's status and time, when the record was sent.
Attempt upload_visit(DeviceStore& store, DepotConnection& depot, const OutboxItem& item,
                     const std::optional<PublicKey>& pinned, VisitUploadTiming& timing, const SyncOptions& options,
                     SyncProgress progress) {
    // The bytes encoded once at the seal: no replay and no re-encoding on any attempt.
    auto sealed = store.sealed_record(item.visit_id);
    if (!sealed) return retry(sealed.error().code, "visit " + item.visit_id + " cannot be read on this tablet: " + sealed.error().message);
    if (sealed->seal != item.seal) {
        return set_aside(ErrorCode::seal_mismatch, "visit " + item.visit_id + " on this tablet no longer matches the seal it was queued with");
    }
    // Files need no signed acknowledgement (docs/sync-api.md): a forged ack makes the tablet skip a
    // file, the depot then refuses the visit (422 attachment_missing) and the visit is set aside with
    // that reason, never marked sent; no worse than the forged 4xx any man in the middle can answer.
    const auto tell = [&](int file) {
        progress.file = file;
        progress.files = static_cast<int>(sealed->attachments.size());
        if (options.on_progress) options.on_progress(progress);
    };
    for (const std::string& sha : sealed->attachments) {
        tell(progress.file + 1);
        Attempt a = upload_attachment(store, depot, sha);
        if (a.result != Attempt::Result::Sent) return a;
    }
    tell(0);
    const std::string& record = sealed->bytes;
    const auto put_started = std::chrono::steady_clock::now();
    const DepotAnswer answer = depot.put_visit(item.visit_id, record, item.seal);
    timing.record_us = micros_since(put_started);
    timing.status = answer.status;
    if (answer.status == 200 || answer.status == 201) return judge_receipt(answer, item, pinned);
    return judge_failure(answer, "visit " + item.visit_id);
}

Status set_aside_and_queue_report(DeviceStore& store, const OutboxItem& item, const Attempt& a) {
    if (Status s = store.set_aside(item.visit_id, make_error(a.code, a.message)); !s) return s;
    if (!a.refusal) return {};  // refused by this tablet itself (a file it cannot read): no depot word to report
    auto queued = store.queue_set_aside_report({item.visit_id, item.seal, a.refusal->name.empty() ? "depot_error" : a.refusal->name,
                                                a.status, a.refusal->message, 0, 0});
    if (!queued) return queued.error();
    return {};
}

// Why reports wait for the next pass when the depot is away: they use the outbox's backoff, and a
// report is only a line for the planner; the visit itself stays safe in the outbox either way.
Status send_set_aside_reports(DeviceStore& store, DepotConnection& depot, SyncReport& report, std::mt19937_64& random) {
    auto due = store.unreported_set_asides();
    if (!due) return due.error();
    const std::int64_t now = store.clock().now().wall_ms;
    for (const SetAsideReportItem& r : due.value()) {
        if (r.next_attempt_ms > now && r.next_attempt_ms - now <= kLongestRetryMs) continue;
        const DepotAnswer answer = depot.put("/api/v1/set-aside/" + r.visit_id,
                                             encode_set_aside({r.seal, r.status, r.error, r.message}), "application/json");
        if (answer.from == DepotAnswer::From::Depot && (answer.status == 200 || answer.status == 201)) {
            if (Status s = store.mark_set_aside_reported(r, now); !s) return s;
            continue;
        }
        const Attempt a = judge_failure(answer, "the set-aside report of visit " + r.visit_id);
        report.problems.push_back(a.message);
        // Refused itself (a depot too old for the route): kept as reported, or it would be sent forever.
        if (a.result == Attempt::Result::SetAside) {
            if (Status s = store.mark_set_aside_reported(r, now); !s) return s;
            continue;
        }
        if (Status s = store.mark_set_aside_retry(r, now + retry_delay_ms(r.attempts + 1, random())); !s) return s;
        if (a.result != Attempt::Result::Retry) break;
    }
    return {};
}

void fetch_templates(DeviceStore& store, DepotConnection& depot, SyncReport& report) {
    const DepotAnswer list = depot.get("/api/v1/templates");
    if (list.from == DepotAnswer::From::Depot) report.depot_reached = true;
    if (list.from != DepotAnswer::From::Depot || list.status != 200) {
        report.problems.push_back("templates were not fetched: " + judge_failure(list, "the template list").message);
        return;
    }
    auto listing = decode_template_list(list.body, kMaxSmallMessageBytes * 16);
    if (!listing) {
        report.problems.push_back("the depot's template list could not be read: " + listing.error().message);
        return;
    }
    auto have = store.list_templates();
    if (!have) {
        report.problems.push_back("this tablet's templates could not be listed: " + have.error().message);
        return;
    }
    std::set<std::pair<std::string, int>> known;
    for (const TemplateRef& t : have.value()) known.emplace(t.id, t.version);
    for (const TemplateListing& t : listing.value()) {
        if (known.count({t.id, t.version})) continue;
        const std::string name = "template " + t.id + " version " + std::to_string(t.version);
        const DepotAnswer got = depot.get("/api/v1/templates/" + t.id + "/" + std::to_string(t.version));
        if (got.from != DepotAnswer::From::Depot || got.status != 200) {
            report.problems.push_back(name + " was not fetched: " + judge_failure(got, name).message);
            continue;
        }
        if (sha256_hex(got.body) != t.sha256) {
            report.problems.push_back(name + " arrived damaged (its SHA-256 differs from the list's)");
            continue;
        }
        TemplateParseResult parsed = parse_template(got.body);
        if (!parsed.checklist) {
            report.problems.push_back(name + " from the depot does not parse: " +
                                      (parsed.problems.empty() ? std::string("?") : parsed.problems[0].message));
            continue;
        }
        if (Status s = store.put_template(*parsed.checklist); !s) {
            report.problems.push_back(name + " was not stored: " + s.error().message);
            continue;
        }
        ++report.templates_added;
    }
}

// A confirmation the visit refused is no failure of the pass (the technician answered on site
// first, say), but the Sync screen and `fieldcheck sync` say which and why.
void note_page_applied(const PageApplied& applied, SyncReport& report) {
    report.confirmations_sealed += applied.intake_sealed;
    for (const SkippedConfirmation& skipped : applied.intake_skipped) {
        report.confirmations_skipped.push_back("the confirmation of precheck " + skipped.confirmation.precheck_id +
                                               " for visit " + skipped.confirmation.visit_id +
                                               " was not sealed: " + skipped.why.message);
    }
    report.visits_withdrawn += static_cast<int>(applied.removed.size() + applied.kept_withdrawn.size());
}

// Returns true when a page waits for a template this tablet does not hold yet (its confirmations
// cannot be sealed without it): the page was not applied and is asked for again after the templates.
bool fetch_assignments(DeviceStore& store, DepotConnection& depot, SyncReport& report) {
    auto stored_cursor = store.setting(kSettingAssignmentCursor);
    if (!stored_cursor) {
        report.problems.push_back("the assignment cursor could not be read: " + stored_cursor.error().message);
        return false;
    }
    std::string cursor = stored_cursor.value().value_or("");
    if (!cursor.empty() && !is_assignment_cursor(cursor)) cursor.clear();  // not the depot's: start over
    for (int page_no = 0; page_no < kMaxAssignmentPages; ++page_no) {
        const std::string path = "/api/v1/assignments" + (cursor.empty() ? std::string() : "?since=" + cursor);
        const DepotAnswer got = depot.get(path);
        if (got.from == DepotAnswer::From::Depot) report.depot_reached = true;
        if (got.from != DepotAnswer::From::Depot || got.status != 200) {
            report.problems.push_back("assignments were not fetched: " + judge_failure(got, "the assignments").message);
            return false;
        }
        auto page = decode_assignment_page(got.body);
        if (!page) {
            report.problems.push_back("the depot's assignments could not be read: " + page.error().message);
            return false;
        }
        // The page and its cursor in one device transaction: a crash in between fetches it again.
        auto applied = store.apply_assignment_page(
            DownSyncPage{page->assignments, page->confirmations, page->withdrawn, page->contact, page->cursor});
        if (!applied && applied.error().code == ErrorCode::template_missing) return true;
        if (!applied) {
            report.problems.push_back("assignments were not stored: " + applied.error().message);
            return false;
        }
        report.assignments_received += static_cast<int>(page->assignments.size());
        note_page_applied(*applied, report);
        cursor = page->cursor;
        if (!page->more) return false;
    }
    return false;
}

struct Enrollment {
    std::string url;
    DepotCredentials credentials;
    std::string ca_file;
};

// The tablet's key once it has one; else the bearer token of a tablet enrolled before keys existed.
Expected<Enrollment> read_enrollment(DeviceStore& store) {
    auto url = store.setting(kSettingDepotUrl);
    if (!url) return url.error();
    auto token = store.setting(kSettingDeviceToken);
    if (!token) return token.error();
    auto ca = store.setting(kSettingDepotCaFile);
    if (!ca) return ca.error();
    auto credentials = read_device_credentials(store, token.value().value_or(""));
    if (!credentials) return credentials.error();
    if (credentials->signer) credentials->bearer_token.clear();
    if (!url.value() || (!credentials->signer && credentials->bearer_token.empty())) {
        return make_error(ErrorCode::not_enrolled, "this tablet is not enrolled with a depot yet: enroll it on the Sync screen, or run "
                                                   "`fieldcheck enroll --data DIR --depot URL --code CODE`");
    }
    return Enrollment{*url.value(), std::move(credentials).value(), ca.value().value_or("")};
}

// A tablet enrolled with a bearer token registers a key once; the rest of this pass and every later
// one sign. If the depot cannot take the key, the pass goes on with the token and says why.
Expected<std::unique_ptr<DepotConnection>> upgrade_to_key(DeviceStore& store, Enrollment& enrollment, const SyncOptions& options,
                                                          std::unique_ptr<DepotConnection> depot, SyncReport& report) {
    if (enrollment.credentials.signer) return depot;
    auto signer = register_key_with_token(store, *depot, enrollment.url);
    // A depot from before device keys knows no such route: the token stays until the depot is upgraded.
    if (!signer && signer.error().code == ErrorCode::not_found) return depot;
    if (!signer) {
        report.problems.push_back("the tablet could not register its key with the depot (it keeps using its token): " +
                                  signer.error().message);
        return depot;
    }
    enrollment.credentials = DepotCredentials{"", std::move(signer).value(), enrollment.credentials.clock_offset_ms};
    return DepotConnection::open(enrollment.url, enrollment.credentials, options.timeouts, enrollment.ca_file, &store.clock());
}

}  // namespace

std::int64_t retry_delay_ms(int attempts, std::uint64_t random) {
    std::int64_t delay = kFirstRetryMs;
    for (int i = 1; i < attempts && delay < kLongestRetryMs; ++i) delay *= 2;
    delay = std::min(delay, kLongestRetryMs);
    const std::int64_t half = delay / 2;
    return half + static_cast<std::int64_t>(random % static_cast<std::uint64_t>(half + 1));
}

namespace {

// Checks that the depot at `url` answers and accepts `token`, trusting `ca_file` ("" = the system's CAs).
Status check_enrollment(const std::string& url, const std::string& token, const std::string& ca_file,
                        const SyncOptions& options) {
    auto depot = DepotConnection::open(url, DepotCredentials{token, std::nullopt, 0}, options.timeouts, ca_file);
    if (!depot) return depot.error();
    const DepotAnswer answer = depot.value()->get("/api/v1/templates");
    if (answer.from == DepotAnswer::From::Nobody) {
        return make_error(ErrorCode::unreachable, "the depot at " + url + " did not answer: " + answer.problem);
    }
    if (answer.from == DepotAnswer::From::Stranger) {
        return make_error(ErrorCode::not_a_depot, "something other than a fieldcheck depot answered at " + url + " (HTTP " +
                                             std::to_string(answer.status) + ")");
    }
    if (answer.status == 401) return make_error(ErrorCode::token_refused, "the depot at " + url + " refused this token; ask for a new one");
    if (answer.status != 200) {
        return make_error(ErrorCode::depot_error, "the depot at " + url + " answered " + depot_reason(answer));
    }
    return {};
}

Status store_enrollment(DeviceStore& store, const std::string& url, const std::string& token) {
    if (Status s = remember_depot(store, url); !s) return s;
    // A token is a new identity: a key of the tablet's former technician must not sign for this one.
    if (Status s = store.set_setting(kSettingDeviceKeyId, ""); !s) return s;
    return store.set_setting(kSettingDeviceToken, token);
}

}  // namespace

// Why the cursor starts over: it counts in one depot's sequence for one technician. After enrolling
// for another technician (a tablet handed on) or with another or a restored depot, an old cursor
// would skip every assignment numbered below it. Fetching everything again is harmless.
Status remember_depot(DeviceStore& store, const std::string& url) {
    if (Status s = store.set_setting(kSettingAssignmentCursor, ""); !s) return s;
    return store.set_setting(kSettingDepotUrl, url);
}

Expected<std::string> read_depot_ca_file(const std::string& ca_file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(ca_file, ec) || std::filesystem::file_size(ca_file, ec) > kMaxCaFileBytes) {
        return make_error(ErrorCode::bad_ca_file, ca_file + " is not a certificate file (a PEM file of at most 1 MiB)");
    }
    auto pem = read_whole_file(ca_file);
    if (!pem) return make_error(ErrorCode::bad_ca_file, "cannot read the CA file " + ca_file + ": " + pem.error().message);
    if (pem->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
        return make_error(ErrorCode::bad_ca_file, ca_file + " is not a PEM certificate file (-----BEGIN CERTIFICATE-----)");
    }
    return pem;
}

Status keep_depot_ca_copy(DeviceStore& store, const std::string& pem) {
    const std::filesystem::path copy = std::filesystem::absolute(store.dir()) / kDepotCaCopyName;
    if (Status s = write_file_durably(copy, pem); !s) return s;
    return store.set_setting(kSettingDepotCaFile, copy.string());
}

namespace {

// The pending visits due now, in the outbox's order; the others are counted as waiting. A next
// attempt further ahead than the longest backoff means the tablet's clock went back (a dead
// battery, a wrong date put right): it is due now, not in days.
std::vector<OutboxItem> due_visits(const std::vector<OutboxItem>& outbox, const SyncOptions& options, std::int64_t now_ms,
                                   SyncReport& report) {
    std::vector<OutboxItem> due;
    for (const OutboxItem& item : outbox) {
        if (item.state != OutboxState::Pending) continue;
        const std::int64_t wait_ms = item.next_attempt_ms - now_ms;
        if (!options.ignore_backoff && wait_ms > 0 && wait_ms <= kLongestRetryMs) {
            ++report.waiting;
            continue;
        }
        due.push_back(item);
    }
    return due;
}

void note_problem(SyncReport& report, const Attempt& a) {
    report.problems.push_back(a.message);
    if (!report.problem) report.problem = make_error(a.code, a.message);
}

// Sends the pending visits that are due, each marked by how its attempt went. False when the pass
// must stop (the depot gone, the token refused, someone else answering, cancelled).
Expected<bool> send_outbox(DeviceStore& store, DepotConnection& depot, const SyncOptions& options, SyncReport& report) {
    auto outbox = store.outbox();
    if (!outbox) return outbox.error();
    // Read once per pass: the key is pinned at enrollment, not while visits go out.
    auto pinned = pinned_depot_key(store);
    if (!pinned) return pinned.error();
    const auto now = [&] { return store.clock().now().wall_ms; };
    std::mt19937_64 random(std::random_device{}());
    bool keep_going = true;
    const std::vector<OutboxItem> due = due_visits(outbox.value(), options, now(), report);
    SyncProgress progress;
    progress.visits = static_cast<int>(due.size());
    for (const OutboxItem& item : due) {
        if (!keep_going || (options.cancelled && options.cancelled())) break;
        progress.visit_id = item.visit_id;
        ++progress.visit;
        VisitUploadTiming timing;
        timing.visit_id = item.visit_id;
        const auto started = std::chrono::steady_clock::now();
        const Attempt a = upload_visit(store, depot, item, pinned.value(), timing, options, progress);
        if (options.on_visit_upload) {
            timing.sent = a.result == Attempt::Result::Sent;
            timing.whole_us = micros_since(started);
            options.on_visit_upload(timing);
        }
        Status recorded;
        switch (a.result) {
            case Attempt::Result::Sent:
                recorded = store.mark_sent(item.visit_id, a.receipt, now());
                if (recorded) ++report.sent;
                break;
            case Attempt::Result::SetAside:
                recorded = set_aside_and_queue_report(store, item, a);
                if (recorded) ++report.set_aside;
                note_problem(report, a);
                break;
            case Attempt::Result::Retry:
            case Attempt::Result::Unreachable:
            case Attempt::Result::Unauthorized:
                recorded = store.mark_retry(item.visit_id, make_error(a.code, a.message), now() + retry_delay_ms(item.attempts + 1, random()));
                if (recorded) ++report.retry_later;
                note_problem(report, a);
                // Without the depot (or without a valid token) the next visits would fail the same way.
                keep_going = a.result == Attempt::Result::Retry;
                break;
        }
        if (!recorded) return recorded.error();
    }
    return keep_going && !(options.cancelled && options.cancelled());
}

}  // namespace

Status enroll_with_depot(DeviceStore& store, const std::string& url, const std::string& token, const SyncOptions& options) {
    auto ca = store.setting(kSettingDepotCaFile);
    if (!ca) return ca.error();
    if (Status s = check_enrollment(url, token, ca.value().value_or(""), options); !s) return s;
    return store_enrollment(store, url, token);
}

Status enroll_with_depot(DeviceStore& store, const std::string& url, const std::string& token, const std::string& ca_file,
                         const SyncOptions& options) {
    if (ca_file.empty()) return enroll_with_depot(store, url, token, options);
    auto pem = read_depot_ca_file(ca_file);
    if (!pem) return pem.error();
    if (Status s = check_enrollment(url, token, ca_file, options); !s) return s;
    if (Status s = keep_depot_ca_copy(store, pem.value()); !s) return s;
    return store_enrollment(store, url, token);
}

namespace {

// The pass itself, on a connection the bearer upgrade may replace by a signing one.
Expected<SyncReport> sync_pass(DeviceStore& store, Enrollment& enrollment, std::unique_ptr<DepotConnection>& connection,
                               const SyncOptions& options) {
    const std::string& url = enrollment.url;
    std::mt19937_64 random(std::random_device{}());

    SyncReport report;
    // Why probe first: while the tablet is away from any network, a failed attempt is not the
    // visit's fault and must not push its next try back (the backoff is for a depot in trouble).
    const DepotAnswer health = connection->get("/healthz");
    if (health.from != DepotAnswer::From::Depot || health.status != 200) {
        const Attempt a = judge_failure(health, "the health check");
        report.problems.push_back("the depot at " + url + " is not reachable: " + a.message);
        report.problem = make_error(a.code, report.problems.back());
        if (Status s = store.note_depot_unreached(*report.problem); !s) return s.error();
        return report;
    }
    report.depot_reached = true;
    auto signing = upgrade_to_key(store, enrollment, options, std::move(connection), report);
    if (!signing) return signing.error();
    connection = std::move(signing).value();
    DepotConnection& depot = *connection;
    if (auto problem = register_survey_key(store, depot)) report.problems.push_back(*problem);

    auto sent_all_it_could = send_outbox(store, depot, options, report);
    if (!sent_all_it_could) return sent_all_it_could.error();
    const bool keep_going = sent_all_it_could.value();
    if (!keep_going || (options.cancelled && options.cancelled())) return report;
    if (Status s = send_set_aside_reports(store, depot, report, random); !s) return s.error();

    // Assignments before templates: the template list then names every template the new
    // assignments use, also one the back office imported while this pass was under way. A page whose
    // confirmations wait for such a template is asked for again once it is here.
    const bool waiting = fetch_assignments(store, depot, report);
    fetch_templates(store, depot, report);
    if (waiting && fetch_assignments(store, depot, report)) {
        report.problems.push_back("a confirmation waits for a template the depot did not send; it is sealed at a later sync");
    }
    return report;
}

}  // namespace

Expected<SyncReport> sync_with_depot(DeviceStore& store, const SyncOptions& options) {
    auto enrollment = read_enrollment(store);
    if (!enrollment) return enrollment.error();
    auto opened = DepotConnection::open(enrollment->url, enrollment->credentials, options.timeouts, enrollment->ca_file,
                                        &store.clock());
    if (!opened) return opened.error();
    std::unique_ptr<DepotConnection> connection = std::move(opened).value();
    auto report = sync_pass(store, enrollment.value(), connection, options);
    // A clock days off is the tablet's normal: the offset the depot taught is kept for the next pass.
    if (connection && connection->clock_offset_learnt()) {
        if (Status kept = keep_clock_offset(store, connection->clock_offset_ms()); !kept && report) return kept.error();
    }
    return report;
}

Expected<bool> every_sealed_visit_acknowledged(DeviceStore& store) {
    auto outbox = store.outbox();
    if (!outbox) return outbox.error();
    return std::all_of(outbox->begin(), outbox->end(), [](const OutboxItem& i) { return i.state == OutboxState::Sent; });
}

}  // namespace fc
