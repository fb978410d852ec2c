#include <string>

#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/routes/route_replies.h"
#include "sync/wire/wire_assignment_page.h"

namespace fc {

void assignments_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res, const httplib::ContentReader*) {
    auto caller = ctx.authorization.caller(req, res);
    if (!caller) return;
    const std::string since = req.get_param_value("since");
    if (!since.empty() && !is_assignment_cursor(since)) {
        return reply_error(res, make_error(ErrorCode::bad_cursor, "'since' must be a cursor this depot handed out"));
    }
    auto page = ctx.store.assignments_since(caller->technician_id, since, kMaxAssignmentsPerPage);
    if (!page) return reply_error(res, page.error());
    reply(res, {200, encode_assignment_page(page.value())});
}

}  // namespace fc
