#include "sync/wire/wire_set_aside.h"

#include <algorithm>
#include <cctype>

#include "checklists/canonical_json.h"
#include "checklists/json_guard.h"
#include "sync/wire/wire_fields.h"
#include "checklists/sha256.h"

namespace fc {
namespace {

constexpr int kWireDepth = 2;

// A name this build does not know is still kept: a newer depot may refuse with a newer code.
bool is_error_name(const std::string& name) {
    return !name.empty() && name.size() <= 64 &&
           std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::islower(c) || std::isdigit(c) || c == '_'; });
}

}  // namespace

std::string encode_set_aside(const SetAsideNotice& n) {
    std::string message = n.message.substr(0, kMaxSetAsideMessageBytes);
    // Never cut a UTF-8 sequence in two: the depot refuses broken UTF-8.
    while (!message.empty() && message.size() < n.message.size() && (static_cast<unsigned char>(message.back()) & 0xC0) == 0x80) {
        message.pop_back();
    }
    if (!message.empty() && message.size() < n.message.size() && (static_cast<unsigned char>(message.back()) & 0xC0) == 0xC0) {
        message.pop_back();
    }
    return CanonicalJson::object()
        .set("error", n.error)
        .set("message", message)
        .set("seal", n.seal)
        .set("status", n.status)
        .dump();
}

Expected<SetAsideNotice> decode_set_aside(std::string_view body) {
    if (body.size() > kMaxSetAsideBytes) {
        return make_error(ErrorCode::too_large, "a set-aside report is at most " + std::to_string(kMaxSetAsideBytes) + " bytes");
    }
    auto doc = parse_bounded_json(body, kMaxSetAsideBytes, kWireDepth);
    if (!doc) return doc.error();
    WireFields f(*doc, "set-aside report");
    SetAsideNotice n;
    n.seal = f.text("seal");
    const std::int64_t status = f.integer("status");
    n.error = f.text("error");
    n.message = f.text("message");
    if (!f.ok()) return f.error();
    if (!is_sha256_hex(n.seal)) return make_error(ErrorCode::malformed, "a set-aside report's seal is 64 hex digits");
    if (status < 400 || status > 499) return make_error(ErrorCode::malformed, "a set-aside report's status is a refusal, 400 to 499");
    if (!is_error_name(n.error)) return make_error(ErrorCode::malformed, "a set-aside report's error is an error code name");
    if (n.message.size() > kMaxSetAsideMessageBytes) {
        return make_error(ErrorCode::malformed, "a set-aside report's message is at most " +
                                                    std::to_string(kMaxSetAsideMessageBytes) + " bytes");
    }
    n.status = static_cast<int>(status);
    return n;
}

}  // namespace fc
