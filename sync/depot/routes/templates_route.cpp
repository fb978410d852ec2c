#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/routes/route_replies.h"
#include "sync/wire/wire_messages.h"

namespace fc {

void templates_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res, const httplib::ContentReader*) {
    if (!ctx.authorization.caller(req, res)) return;
    auto list = ctx.store.list_templates();
    if (!list) return reply_error(res, list.error());
    reply(res, {200, encode_template_list(list.value())});
}

}  // namespace fc
