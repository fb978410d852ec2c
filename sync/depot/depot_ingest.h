#pragma once
// DepotIngest: what the depot does with one uploaded visit: bounds, decode, ownership, the engine's
// rules replayed on the depot, referenced files, integrity flags, one durable commit, a receipt.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sync/depot/depot_store.h"
#include "sync/depot/visit_commit_queue.h"
#include "sync/wire/signing_key.h"

namespace fc {

// DepotReply: an HTTP status and its JSON body (a receipt, or {"error","message"}).
struct DepotReply {
    int status = 500;
    std::string body;
};

// The store's own failures are the depot's problem, never the tablet's: whatever code the store
// gave, the answer is a 5xx, so the tablet keeps the visit and tries again later.
Error storage_failure(const Error& e);

// An error answer: the status from the one table (http_status.h), the body {"error","message"}.
DepotReply depot_error_reply(const Error& e);

// Why the depot trusts nothing the tablet claims: the record is replayed through the same engine
// the tablet ran, the seal recomputed, each referenced file looked up, and the visit's owner taken
// from the depot's own assignment, never from the record; every precheck the record says the intake
// confirmed must be a confirmation the depot holds. A visit withdrawn from its sender (cancelled, or
// reassigned) that they had started is stored with a conflict for the planner. Each record is
// replayed under the rules of its own format (a table from format number to replay rules).
// Statuses: 201 stored, 200 identical replay, 400 malformed, 403 another technician's visit, 409
// same id with other content, 413 too large, 422 breaks a rule, names an intake confirmation the
// depot never gave or a record format this depot does not know, 503 storage trouble.
// RecordProof: the sender's device key and its Fieldcheck-Record-Signature header value. Without a
// key (a bearer-token sender before the cut-over date, or the depot's own tools) nothing is checked;
// with one, a record whose signature does not verify is refused (401 bad_record_signature) before
// anything about it is looked up or stored.
struct RecordProof {
    std::optional<PublicKey> key;
    std::string key_id;
    std::string signature_header;
};
// Every receipt (201, and the 200 of a replay) is signed with `depot_key` (receipt_signature.h): the
// tablet marks a visit sent on nothing else. With `commits` the checked visit is committed together
// with the others waiting (group commit); without, alone. Either way its answer follows its commit.
DepotReply ingest_visit(DepotStore& store, const SigningKey& depot_key, const std::string& technician_id,
                        const std::string& visit_id, std::string_view body, std::int64_t now_ms,
                        const RecordProof& proof = {}, VisitCommitQueue* commits = nullptr);

}  // namespace fc
