#include "receipt_facts.h"

#include "canonical_json.h"
#include "strict_json.h"

namespace fc {
namespace {

// Five fields of at most kMaxReceiptFactBytes each, escaped at worst six bytes a byte, and the keys.
constexpr std::size_t kMaxEncodedFactsBytes = 5 * 6 * kMaxReceiptFactBytes + 256;

Error facts_error(const std::string& what) { return make_error(ErrorCode::malformed, "receipt facts: " + what); }

Status check_text(const char* name, const std::string& value) {
    if (value.size() > kMaxReceiptFactBytes) {
        return facts_error(std::string(name) + " is longer than " + std::to_string(kMaxReceiptFactBytes) + " bytes");
    }
    if (!is_valid_utf8(value)) return facts_error(std::string(name) + " is not UTF-8");
    for (const unsigned char c : value) {
        if (c < 0x20 || c == 0x7f) return facts_error(std::string(name) + " holds a control character");
    }
    return {};
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

Status check_fields(const ReceiptFacts& f) {
    for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"company", &f.company},
                                      {"helpdesk", &f.helpdesk},
                                      {"link_base", &f.link_base},
                                      {"technician", &f.technician}}) {
        if (Status s = check_text(name, *value); !s) return s;
    }
    if (!f.link_base.empty()) {
        const bool web = starts_with(f.link_base, "https://") || starts_with(f.link_base, "http://");
        if (!web || f.link_base.back() == '/' || f.link_base.find_first_of(" ?#") != std::string::npos) {
            return facts_error("link_base \"" + f.link_base + "\" is not an http(s) URL without a trailing '/', query or fragment");
        }
    }
    if (f.utc_offset_minutes < -kMaxUtcOffsetMinutes || f.utc_offset_minutes > kMaxUtcOffsetMinutes) {
        return facts_error("utc_offset_minutes " + std::to_string(f.utc_offset_minutes) + " is beyond ±14 hours");
    }
    return {};
}

}  // namespace

std::string encode_receipt_facts(const ReceiptFacts& f) {
    return CanonicalJson::object()
        .set("company", f.company)
        .set("helpdesk", f.helpdesk)
        .set("link_base", f.link_base)
        .set("technician", f.technician)
        .set("utc_offset_minutes", static_cast<std::int64_t>(f.utc_offset_minutes))
        .dump();
}

Expected<ReceiptFacts> decode_receipt_facts(const std::string& json) {
    auto doc = parse_bounded_json(json, kMaxEncodedFactsBytes, 1);
    if (!doc) return facts_error(doc.error().message);
    StrictObject o(*doc, "$");
    ReceiptFacts f;
    o.string("company", f.company);
    o.string("helpdesk", f.helpdesk);
    o.string("link_base", f.link_base);
    o.string("technician", f.technician);
    o.integer("utc_offset_minutes", f.utc_offset_minutes);
    if (Status s = o.finish(); !s) return facts_error(s.error().message);
    if (Status s = check_fields(f); !s) return s.error();
    return f;
}

Status check_receipt_facts(const ReceiptFacts& f) {
    if (f.code_hash.size() != 64 ||
        f.code_hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
        return facts_error("the receipt code's hash is not 64 lowercase hex digits");
    }
    return check_fields(f);
}

}  // namespace fc
