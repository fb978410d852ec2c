#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/routes/route_replies.h"

namespace fc {

void healthz_route(const RouteContext&, const httplib::Request&, httplib::Response& res, const httplib::ContentReader*) {
    res.status = 200;
    res.set_content(R"({"status":"ok"})", kJsonType);
}

}  // namespace fc
