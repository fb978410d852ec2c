#include <string>

#include "sync/depot/depot_ingest.h"
#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/routes/request_body.h"
#include "sync/depot/routes/route_replies.h"
#include "sync/wire/wire_enrollment.h"

namespace fc {

// The one route that takes a bearer token after the depot's cut-over date: a tablet enrolled
// before keys existed must be able to register the key it signs with from then on. The key is
// bound to the token, so revoking the token revokes the key; the same key again is the same row.
void device_key_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                      const httplib::ContentReader* body) {
    auto caller = ctx.authorization.caller(req, res, BodyCheck::ByRoute);
    if (!caller) return;
    if (!caller->key_id.empty()) {
        return reply_error(res, make_error(ErrorCode::bad_request, "this tablet already signs with key " + caller->key_id +
                                                                       "; a new key comes with a new enrollment code"));
    }
    std::string text;
    const BodyRead read = read_body(req, body, kMaxEnrollmentBodyBytes, [&](const char* data, std::size_t size) {
        text.append(data, size);
        return true;
    }, res);
    if (read == BodyRead::TooLarge) return reply_error(res, make_error(ErrorCode::too_large, "a key registration is at most 4 KiB"));
    if (read != BodyRead::Complete) {
        return reply_error_and_close(res, make_error(ErrorCode::incomplete_body, "the key registration did not arrive whole"));
    }
    if (!check_body_digest(*caller, text, res)) return;
    auto key = decode_key_registration(text);
    if (!key) return reply_error(res, key.error());
    const std::string header = req.get_header_value("Authorization");
    auto token = ctx.store.token_info(header.substr(header.find(' ') + 1));
    if (!token) return reply_error(res, storage_failure(token.error()));
    // Revoked between the check above and here: as if it had been revoked a moment earlier.
    if (!token.value()) return reply_error(res, make_error(ErrorCode::unauthorized, "this device token was just revoked"));
    const DepotTokenInfo& t = *token.value();
    const std::int64_t now = ctx.clock.now().wall_ms;
    auto bound = ctx.store.register_device_key(key.value(), t.technician_id, t.device, t.id, now);
    if (!bound) return reply_error(res, bound.error().code == ErrorCode::conflict ? bound.error() : storage_failure(bound.error()));
    reply(res, {201, encode_enrolled({bound->key_id, bound->technician_id, bound->device, ctx.depot_key.public_key(), now})});
}

}  // namespace fc
