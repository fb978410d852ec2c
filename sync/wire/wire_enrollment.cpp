#include "sync/wire/wire_enrollment.h"

#include "checklists/canonical_json.h"
#include "sync/wire/wire_fields.h"
#include "sync/wire/wire_ids.h"
#include "sync/wire/wire_messages.h"

namespace fc {
namespace {

constexpr int kMaxEnrollmentDepth = 4;

Expected<PublicKey> public_key_field(WireFields& f, std::string_view name) {
    const std::string text = f.text(name);
    if (!f.ok()) return f.error();
    auto key = PublicKey::from_base64(text);
    if (!key) return make_error(ErrorCode::bad_key, std::string(name) + " is not the base64 of a 32-byte Ed25519 public key");
    return key;
}

bool is_key_id(const std::string& id) {
    if (id.size() != 16) return false;
    for (char c : id) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

}  // namespace

std::string encode_enroll_request(const EnrollRequest& r) {
    return CanonicalJson::object().set("code", r.code).set("public_key", r.public_key.base64()).dump();
}

Expected<EnrollRequest> decode_enroll_request(std::string_view body) {
    auto doc = parse_bounded_json(body, kMaxEnrollmentBodyBytes, kMaxEnrollmentDepth);
    if (!doc) return doc.error();
    WireFields f(*doc, "enrollment");
    EnrollRequest r;
    r.code = f.text("code");
    auto key = public_key_field(f, "public_key");
    if (!key) return key.error();
    r.public_key = key.value();
    return r;
}

std::string encode_key_registration(const PublicKey& key) {
    return CanonicalJson::object().set("public_key", key.base64()).dump();
}

Expected<PublicKey> decode_key_registration(std::string_view body) {
    auto doc = parse_bounded_json(body, kMaxEnrollmentBodyBytes, kMaxEnrollmentDepth);
    if (!doc) return doc.error();
    WireFields f(*doc, "key registration");
    return public_key_field(f, "public_key");
}

std::string encode_enrolled(const Enrolled& e) {
    return CanonicalJson::object()
        .set("depot_public_key", e.depot_public_key.base64())
        .set("depot_time", e.depot_time_ms)
        .set("device", e.device)
        .set("key_id", e.key_id)
        .set("technician_id", e.technician_id)
        .dump();
}

Expected<Enrolled> decode_enrolled(std::string_view body) {
    auto doc = parse_bounded_json(body, kMaxEnrollmentBodyBytes, kMaxEnrollmentDepth);
    if (!doc) return doc.error();
    WireFields f(*doc, "enrollment answer");
    Enrolled e;
    e.key_id = f.text("key_id");
    e.technician_id = f.text("technician_id");
    e.device = f.text("device");
    e.depot_time_ms = f.integer("depot_time");
    auto key = public_key_field(f, "depot_public_key");
    if (!key) return key.error();
    e.depot_public_key = key.value();
    if (!is_key_id(e.key_id) || !is_wire_id(e.technician_id)) {
        return make_error(ErrorCode::malformed, "the enrollment answer's key id or technician id is not valid");
    }
    return e;
}

}  // namespace fc
