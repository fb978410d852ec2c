#include <string>

#include "checklists/sha256.h"
#include "sync/depot/routes/attachment_ack.h"
#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/routes/route_replies.h"

namespace fc {

// Installed as GET, which answers HEAD as well (cpp-httplib then sends the headers only).
void attachment_head_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                           const httplib::ContentReader*) {
    if (!ctx.authorization.caller(req, res)) return;
    const std::string sha = req.matches[1];
    if (!is_sha256_hex(sha)) return reply_error(res, bad_attachment_name());
    auto has = ctx.store.has_attachment(sha);
    if (!has) return reply_error(res, storage_failure(has.error()));
    if (!has.value()) return reply_error(res, make_error(ErrorCode::not_found, "the depot does not have this attachment yet"));
    reply(res, held_attachment_reply(ctx.store, sha));
}

}  // namespace fc
