#pragma once
// ReceiptSignature: the depot's Ed25519 signature over a receipt and the tablet's check of it, so that
// only the depot that holds the pinned key can tell a tablet a visit arrived (issue 11, finding 5).
#include <string>
#include <string_view>

#include "sync/wire/signing_key.h"
#include "sync/wire/wire_messages.h"

namespace fc {

inline constexpr std::string_view kReceiptSignatureContext = "fieldcheck-receipt/1";

// The bytes signed: "fieldcheck-receipt/1\n" visit_id "\n" seal "\n" received_at "\n" depot_seq, the
// numbers in decimal. Why not the JSON: any client can rebuild these lines without a canonical JSON
// writer, and the context line keeps a receipt signature from ever passing for another message's.
std::string receipt_signing_bytes(const DepotReceipt& r);

// `r` with its signature and depot_key set by `depot_key`.
DepotReceipt sign_receipt(DepotReceipt r, const SigningKey& depot_key);

// Why a receipt is not believed; Verified is the only one that marks a visit sent.
enum class ReceiptCheck { Verified, WrongVisit, Unsigned, BadSignature };

// Checks, in this order, that `r` names `visit_id` and `seal` and that its signature verifies under
// `pinned` (the depot key pinned at enrollment; the receipt's own depot_key is never trusted).
ReceiptCheck check_receipt(const DepotReceipt& r, std::string_view visit_id, std::string_view seal, const PublicKey& pinned);

// An English sentence for logs and the CLI ("the receipt names another visit", …).
std::string describe(ReceiptCheck check);

}  // namespace fc
