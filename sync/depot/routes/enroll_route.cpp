#include <string>

#include "sync/depot/client_address.h"
#include "sync/depot/depot_ingest.h"
#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/routes/request_body.h"
#include "sync/depot/routes/route_replies.h"
#include "sync/wire/wire_enrollment.h"

namespace fc {
namespace {

void reply_too_many_bad_codes(httplib::Response& res, std::int64_t wait_ms) {
    const std::string seconds = std::to_string((wait_ms + 999) / 1000);
    reply_error_and_close(res, make_error(ErrorCode::too_many_bad_tokens,
                                          "too many wrong enrollment codes came from this network address; try again in " +
                                              seconds + " s"));
    res.set_header("Retry-After", seconds);
}

bool is_wrong_code(ErrorCode code) {
    return code == ErrorCode::enrollment_code_unknown || code == ErrorCode::enrollment_code_used ||
           code == ErrorCode::enrollment_code_expired;
}

}  // namespace

// Why the throttle comes before the body is read: an address that guessed too often learns
// nothing from its next guess, however good; a used or expired code counts as a wrong guess too.
void enroll_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                  const httplib::ContentReader* body) {
    const std::int64_t at = ctx.bad_codes.now_ms(ctx.clock);
    // "code ": on PostgreSQL the instances' throttles share one table of buckets (ThrottleBuckets).
    const std::string client = "code " + client_address(ctx.options.trusted_proxies, req);
    if (const std::int64_t wait_ms = ctx.bad_codes.wait_ms(client, at); wait_ms > 0) {
        return reply_too_many_bad_codes(res, wait_ms);
    }
    std::string text;
    const BodyRead read = read_body(req, body, kMaxEnrollmentBodyBytes, [&](const char* data, std::size_t size) {
        text.append(data, size);
        return true;
    }, res);
    if (read == BodyRead::TooLarge) return reply_error(res, make_error(ErrorCode::too_large, "an enrollment body is at most 4 KiB"));
    if (read != BodyRead::Complete) {
        return reply_error_and_close(res, make_error(ErrorCode::incomplete_body, "the enrollment body did not arrive whole"));
    }
    auto request = decode_enroll_request(text);
    if (!request) return reply_error(res, request.error());
    const std::int64_t now = ctx.clock.now().wall_ms;
    auto key = ctx.store.enroll_with_code(request->code, request->public_key, now);
    if (!key) {
        if (is_wrong_code(key.error().code)) {
            ctx.bad_codes.record_failure(client, at);
            return reply_error(res, key.error());
        }
        return reply_error(res, key.error().code == ErrorCode::conflict ? key.error() : storage_failure(key.error()));
    }
    reply(res, {201, encode_enrolled({key->key_id, key->technician_id, key->device, ctx.depot_key.public_key(), now})});
}

}  // namespace fc
