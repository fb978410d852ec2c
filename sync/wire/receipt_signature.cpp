#include "receipt_signature.h"

namespace fc {

std::string receipt_signing_bytes(const DepotReceipt& r) {
    std::string bytes(kReceiptSignatureContext);
    bytes += '\n';
    bytes += r.visit_id;
    bytes += '\n';
    bytes += r.seal;
    bytes += '\n';
    bytes += std::to_string(r.received_at_ms);
    bytes += '\n';
    bytes += std::to_string(r.depot_seq);
    return bytes;
}

DepotReceipt sign_receipt(DepotReceipt r, const SigningKey& depot_key) {
    r.signature = base64_encode(depot_key.sign(receipt_signing_bytes(r)));
    r.depot_key = depot_key.public_key().base64();
    return r;
}

ReceiptCheck check_receipt(const DepotReceipt& r, std::string_view visit_id, std::string_view seal, const PublicKey& pinned) {
    // The visit and seal first: a correctly signed receipt for another visit (replayed from an
    // earlier upload) is as worthless as a forged one.
    if (r.visit_id != visit_id || r.seal != seal) return ReceiptCheck::WrongVisit;
    if (r.signature.empty()) return ReceiptCheck::Unsigned;
    auto signature = base64_decode(r.signature);
    if (!signature || !verify_signature(pinned, receipt_signing_bytes(r), signature.value())) {
        return ReceiptCheck::BadSignature;
    }
    return ReceiptCheck::Verified;
}

std::string describe(ReceiptCheck check) {
    switch (check) {
        case ReceiptCheck::Verified: return "the receipt is signed by the depot's pinned key";
        case ReceiptCheck::WrongVisit: return "the receipt names another visit or seal";
        case ReceiptCheck::Unsigned: return "the receipt carries no signature";
        case ReceiptCheck::BadSignature: return "the receipt's signature does not verify under the depot's pinned key";
    }
    return "the receipt could not be checked";
}

}  // namespace fc
