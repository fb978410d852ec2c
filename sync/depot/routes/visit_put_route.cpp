#include <string>

#include "sync/depot/depot_ingest.h"
#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/routes/request_body.h"
#include "sync/depot/routes/route_replies.h"
#include "sync/wire/wire_ids.h"

namespace fc {

void visit_put_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader* body) {
    auto caller = ctx.authorization.caller(req, res, BodyCheck::ByRoute);
    if (!caller) return;
    const std::string id = req.matches[1];
    if (!is_wire_id(id)) {
        return reply_error_and_close(res, make_error(ErrorCode::bad_id, "a visit id is 1 to 64 letters, digits, '-' or '_'"));
    }
    std::string record;
    const BodyRead read = read_body(req, body, ctx.options.max_visit_bytes, [&](const char* data, std::size_t size) {
        record.append(data, size);
        return true;
    }, res);
    if (read == BodyRead::TooLarge) {
        return reply_error(res, make_error(ErrorCode::too_large, "a visit record is at most " +
                                                                     std::to_string(ctx.options.max_visit_bytes) + " bytes"));
    }
    if (read != BodyRead::Complete) {
        return reply_error_and_close(res, make_error(ErrorCode::incomplete_body, "the visit's body did not arrive whole"));
    }
    if (!check_body_digest(*caller, record, res)) return;
    const RecordProof proof{caller->public_key, caller->key_id, req.get_header_value("Fieldcheck-Record-Signature")};
    reply(res, ingest_visit(ctx.store, ctx.depot_key, caller->technician_id, id, record, ctx.clock.now().wall_ms, proof,
                            &ctx.commits));
}

}  // namespace fc
