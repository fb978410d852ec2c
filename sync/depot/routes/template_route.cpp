#include <cstdint>
#include <string>

#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/routes/route_replies.h"
#include "sync/wire/wire_ids.h"

namespace fc {
namespace {

// Splits "ID/VERSION" (the rest of a template path); false for any other shape.
bool split_template_path(const std::string& rest, std::string& id, std::int64_t& version) {
    const auto slash = rest.find('/');
    if (slash == std::string::npos) return false;
    id = rest.substr(0, slash);
    const auto v = parse_wire_number(std::string_view(rest).substr(slash + 1));
    if (!is_wire_id(id) || !v || *v > 1'000'000'000) return false;
    version = *v;
    return true;
}

}  // namespace

void template_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res, const httplib::ContentReader*) {
    if (!ctx.authorization.caller(req, res)) return;
    std::string id;
    std::int64_t version = 0;
    if (!split_template_path(req.matches[1], id, version)) {
        return reply_error(res, make_error(ErrorCode::bad_id, "a template is named by its id (letters, digits, '-', '_') and version number"));
    }
    auto json = ctx.store.template_json(id, static_cast<int>(version));
    if (!json) return reply_error(res, json.error());
    if (!json.value()) {
        return reply_error(res, make_error(ErrorCode::not_found, "this depot has no template " + id + " version " + std::to_string(version)));
    }
    res.status = 200;
    res.set_content(*json.value(), kJsonType);
}

}  // namespace fc
