#pragma once
// WireMessages: the small JSON bodies of API v1 besides assignment pages: errors, visit receipts,
// attachment acknowledgements and the template list. Encoders write canonical JSON; decoders are
// bounded and never throw.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checklists/expected.h"

namespace fc {

inline constexpr std::size_t kMaxSmallMessageBytes = 64 * 1024;
inline constexpr int kMaxWireDepth = 16;

// Every 4xx/5xx body: {"error":"code","message":"sentence"}, the code by its stable name.
struct WireError {
    ErrorCode code = ErrorCode::depot_error;  // depot_error for a name this build does not know
    std::string name;                         // the name as sent, for logs
    std::string message;
    std::int64_t depot_time_ms = 0;  // a `stale` answer's depot clock (UNIX ms); 0 when absent
};
std::string encode_wire_error(ErrorCode code, const std::string& message);
Expected<WireError> decode_wire_error(std::string_view body);

// DepotReceipt: the depot's word that a visit is durably stored; the tablet marks a visit sent only when
// the receipt names the visit and seal it uploaded and is signed by the depot's pinned key
// (receipt_signature.h).
struct DepotReceipt {
    std::string visit_id;
    std::string seal;
    std::int64_t received_at_ms = 0;  // the depot's clock
    std::int64_t depot_seq = 0;       // the depot's sequence number of the store
    std::string signature;            // base64 Ed25519 signature by the depot's key; "" = unsigned
    std::string depot_key;            // base64 public key the depot signed with (a hint, never trusted)

    friend bool operator==(const DepotReceipt&, const DepotReceipt&) = default;
};
// {"receipt":{"depot_key":"…","depot_seq":…,"received_at":…,"seal":"…","signature":"…","visit_id":"…"}};
// "depot_key" and "signature" are left out when empty, and when present must be base64 of a 32-byte
// key and a 64-byte signature. Decoding does not verify: that needs the pinned key (receipt_signature.h).
std::string encode_receipt(const DepotReceipt& r);
Expected<DepotReceipt> decode_receipt(std::string_view body);

// AttachmentAck: {"sha256":"…","size":…} after HEAD-less PUT of a file.
struct AttachmentAck {
    std::string sha256;
    std::int64_t size = 0;
};
std::string encode_attachment_ack(const AttachmentAck& a);
Expected<AttachmentAck> decode_attachment_ack(std::string_view body);

// TemplateListing: one entry of GET /api/v1/templates.
struct TemplateListing {
    std::string id;
    int version = 0;
    std::string title;
    std::string language;
    std::string sha256;  // of the canonical JSON served at /api/v1/templates/{id}/{version}

    friend bool operator==(const TemplateListing&, const TemplateListing&) = default;
};
std::string encode_template_list(const std::vector<TemplateListing>& list);
Expected<std::vector<TemplateListing>> decode_template_list(std::string_view body, std::size_t max_bytes);

}  // namespace fc
