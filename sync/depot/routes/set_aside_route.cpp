#include <string>

#include "checklists/canonical_json.h"
#include "sync/depot/depot_ingest.h"
#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/routes/request_body.h"
#include "sync/depot/routes/route_replies.h"
#include "sync/wire/wire_ids.h"
#include "sync/wire/wire_set_aside.h"

namespace fc {

void set_aside_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader* body) {
    auto caller = ctx.authorization.caller(req, res, BodyCheck::ByRoute);
    if (!caller) return;
    const std::string id = req.matches[1];
    if (!is_wire_id(id)) {
        return reply_error_and_close(res, make_error(ErrorCode::bad_id, "a visit id is 1 to 64 letters, digits, '-' or '_'"));
    }
    std::string text;
    const BodyRead read = read_body(req, body, kMaxSetAsideBytes, [&](const char* data, std::size_t size) {
        text.append(data, size);
        return true;
    }, res);
    if (read == BodyRead::TooLarge) {
        return reply_error(res, make_error(ErrorCode::too_large, "a set-aside report is at most " +
                                                                     std::to_string(kMaxSetAsideBytes) + " bytes"));
    }
    if (read != BodyRead::Complete) {
        return reply_error_and_close(res, make_error(ErrorCode::incomplete_body, "the report's body did not arrive whole"));
    }
    if (!check_body_digest(*caller, text, res)) return;
    auto notice = decode_set_aside(text);
    if (!notice) return reply_error(res, notice.error());
    // Any technician's tablet may report any visit id: a report stores no visit and changes no
    // assignment; it only puts a line before the planner, under the reporting technician's name.
    SetAsideReport report{id, notice->seal, notice->error, caller->technician_id, notice->status, notice->message, 0, 0};
    auto stored = ctx.store.record_set_aside(report, ctx.clock.now().wall_ms);
    if (!stored) return reply(res, depot_error_reply(storage_failure(stored.error())));
    reply(res, {stored.value() ? 201 : 200, CanonicalJson::object().set("seal", notice->seal).set("visit_id", id).dump()});
}

}  // namespace fc
