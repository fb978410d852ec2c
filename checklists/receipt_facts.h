#pragma once
// ReceiptFacts: what the customer's receipt needs that the rest of a sealed record does not hold,
// sealed with the visit (record format 5) so the depot re-renders the receipt byte for byte: the
// hash of the receipt code, whom to call, where the receipt's link points, the technician's name
// and the tablet's UTC offset for the times printed on it.
#include <cstdint>
#include <string>

#include "expected.h"

namespace fc {

struct ReceiptFacts {
    std::string code_hash;       // SHA-256 hex (64 lowercase) of the receipt code; the code itself is never sealed
    std::string company;         // as the customer reads it ("" = not set)
    std::string helpdesk;        // "" = not set
    std::string link_base;       // the depot's public URL, no trailing '/'; "" = the receipt has no link
    std::string technician;      // the technician's name as planned ("" = the id stands in)
    int utc_offset_minutes = 0;  // the tablet's offset at the seal: local time = UTC + this

    friend bool operator==(const ReceiptFacts&, const ReceiptFacts&) = default;
};

// The first record format whose close may carry a receipt_made event.
inline constexpr int kFirstReceiptFormat = 5;
// Why bounds: the facts are sealed into every record and printed on a page; a URL or a name longer
// than this is a mistake, not a receipt.
inline constexpr std::size_t kMaxReceiptFactBytes = 512;
inline constexpr int kMaxUtcOffsetMinutes = 14 * 60;

// Canonical JSON of the facts without the code hash (the event's item carries it):
// {"company":…,"helpdesk":…,"link_base":…,"technician":…,"utc_offset_minutes":N}.
std::string encode_receipt_facts(const ReceiptFacts& facts);
// Strict and bounded; the code hash is left empty. Refused (code "malformed"): unknown or missing
// keys, a field longer than kMaxReceiptFactBytes or not UTF-8, an offset beyond ±14 h, a link that
// is not http(s):// or ends in '/'.
Expected<ReceiptFacts> decode_receipt_facts(const std::string& json);
// Whether `facts` could be sealed as they are: the same checks, and a code hash of 64 lowercase hex.
Status check_receipt_facts(const ReceiptFacts& facts);

}  // namespace fc
