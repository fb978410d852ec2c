#include "wire_messages.h"

#include "checklists/canonical_json.h"
#include "checklists/sha256.h"
#include "wire_fields.h"
#include "wire_ids.h"
#include "sync/wire/signing_key.h"

namespace fc {
namespace {

// Exactly `bytes` bytes in padded base64: longer text is refused before decoding it.
bool is_base64_of(const std::string& text, std::size_t bytes) {
    if (text.size() != (bytes + 2) / 3 * 4) return false;
    auto decoded = base64_decode(text);
    return decoded && decoded->size() == bytes;
}

}  // namespace

std::string encode_wire_error(ErrorCode code, const std::string& message) {
    return CanonicalJson::object().set("error", to_string(code)).set("message", message).dump();
}

Expected<WireError> decode_wire_error(std::string_view body) {
    auto doc = parse_bounded_json(body, kMaxSmallMessageBytes, kMaxWireDepth);
    if (!doc) return doc.error();
    WireFields f(*doc, "error body");
    WireError e;
    e.name = f.text("error");
    e.message = f.text("message");
    if (!f.ok()) return f.error();
    e.code = error_code_from_name(e.name).value_or(ErrorCode::depot_error);
    if (const auto t = doc->FindMember("depot_time"); t != doc->MemberEnd() && t->value.IsInt64()) e.depot_time_ms = t->value.GetInt64();
    return e;
}

std::string encode_receipt(const DepotReceipt& r) {
    auto receipt = CanonicalJson::object()
                       .set("visit_id", r.visit_id)
                       .set("seal", r.seal)
                       .set("received_at", r.received_at_ms)
                       .set("depot_seq", r.depot_seq);
    if (!r.signature.empty()) receipt.set("signature", r.signature);
    if (!r.depot_key.empty()) receipt.set("depot_key", r.depot_key);
    return CanonicalJson::object().set("receipt", std::move(receipt)).dump();
}

Expected<DepotReceipt> decode_receipt(std::string_view body) {
    auto doc = parse_bounded_json(body, kMaxSmallMessageBytes, kMaxWireDepth);
    if (!doc) return doc.error();
    WireFields top(*doc, "receipt body");
    const rapidjson::Value* inner = top.object("receipt");
    if (!top.ok()) return top.error();
    WireFields f(*inner, "receipt");
    DepotReceipt r;
    r.visit_id = f.text("visit_id");
    r.seal = f.text("seal");
    r.received_at_ms = f.integer("received_at");
    r.depot_seq = f.integer("depot_seq");
    // Both optional: receipts of depots before signing had neither; the tablet refuses those later,
    // with the reason, rather than calling them unreadable.
    if (inner->HasMember("signature")) r.signature = f.text("signature");
    if (inner->HasMember("depot_key")) r.depot_key = f.text("depot_key");
    if (!f.ok()) return f.error();
    if (!is_wire_id(r.visit_id) || !is_sha256_hex(r.seal) || r.depot_seq <= 0) {
        return make_error(ErrorCode::malformed, "the receipt's visit id, seal or sequence number is not valid");
    }
    if (!r.signature.empty() && !is_base64_of(r.signature, kSignatureBytes)) {
        return make_error(ErrorCode::malformed, "the receipt's signature is not base64 of 64 bytes");
    }
    if (!r.depot_key.empty() && !PublicKey::from_base64(r.depot_key)) {
        return make_error(ErrorCode::malformed, "the receipt's depot key is not base64 of 32 bytes");
    }
    return r;
}

std::string encode_attachment_ack(const AttachmentAck& a) {
    return CanonicalJson::object().set("sha256", a.sha256).set("size", a.size).dump();
}

Expected<AttachmentAck> decode_attachment_ack(std::string_view body) {
    auto doc = parse_bounded_json(body, kMaxSmallMessageBytes, kMaxWireDepth);
    if (!doc) return doc.error();
    WireFields f(*doc, "attachment acknowledgement");
    AttachmentAck a{f.text("sha256"), f.integer("size")};
    if (!f.ok()) return f.error();
    if (!is_sha256_hex(a.sha256)) return make_error(ErrorCode::malformed, "the attachment acknowledgement names no SHA-256");
    return a;
}

std::string encode_template_list(const std::vector<TemplateListing>& list) {
    auto items = CanonicalJson::array();
    for (const auto& t : list) {
        items.push(CanonicalJson::object()
                       .set("id", t.id)
                       .set("version", t.version)
                       .set("title", t.title)
                       .set("language", t.language)
                       .set("sha256", t.sha256));
    }
    return CanonicalJson::object().set("templates", std::move(items)).dump();
}

Expected<std::vector<TemplateListing>> decode_template_list(std::string_view body, std::size_t max_bytes) {
    auto doc = parse_bounded_json(body, max_bytes, kMaxWireDepth);
    if (!doc) return doc.error();
    WireFields top(*doc, "template list");
    const rapidjson::Value* items = top.array("templates");
    if (!top.ok()) return top.error();
    std::vector<TemplateListing> list;
    for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
        WireFields f((*items)[i], "template list entry " + std::to_string(i + 1));
        TemplateListing t;
        t.id = f.text("id");
        const std::int64_t version = f.integer("version");
        t.title = f.text("title");
        t.language = f.text("language");
        t.sha256 = f.text("sha256");
        if (!f.ok()) return f.error();
        if (!is_wire_id(t.id) || version <= 0 || version > 1'000'000'000 || !is_sha256_hex(t.sha256)) {
            return make_error(ErrorCode::malformed, "template list entry " + std::to_string(i + 1) +
                                               " has an id, version or hash that is not valid");
        }
        t.version = static_cast<int>(version);
        list.push_back(std::move(t));
    }
    return list;
}

}  // namespace fc
