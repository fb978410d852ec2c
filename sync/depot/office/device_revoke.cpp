// POST /devices/{key}/revoke and POST /devices/tokens/{id}/revoke: a lost or stolen tablet's next
// request is refused. Revoking a token takes the keys registered with it along (the store's rule).
// Both lead back to the devices page (post, redirect, get: a reload does not post again).
#include <charconv>
#include <string>

#include "sync/depot/depot_store.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_request.h"
#include "sync/depot/office/office_routes.h"

namespace fc {
namespace {

// A key id is what the depot made: 16 hex digits of the key's SHA-256.
bool is_key_id(const std::string& s) {
    return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Error no_such(const char* what) { return make_error(ErrorCode::not_found, std::string("there is no such ") + what); }

}  // namespace

void device_key_revoke_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string key_id = req.matches.size() > 1 ? req.matches[1].str() : std::string();
    if (!is_key_id(key_id)) {
        send_office_error(ctx, res, no_such("device key"));
        return;
    }
    if (Status s = ctx.depot.store.revoke_device_key(key_id, ctx.depot.clock.now().wall_ms); !s) {
        send_office_error(ctx, res, s.error().code == ErrorCode::no_such_key ? no_such("device key") : s.error());
        return;
    }
    see_other(res, "/devices");
}

void device_token_revoke_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string field = req.matches.size() > 1 ? req.matches[1].str() : std::string();
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), id);
    if (field.empty() || ec != std::errc() || end != field.data() + field.size() || id <= 0) {
        send_office_error(ctx, res, no_such("token"));
        return;
    }
    if (Status s = ctx.depot.store.revoke_token(id, ctx.depot.clock.now().wall_ms); !s) {
        send_office_error(ctx, res, s.error().code == ErrorCode::no_such_token ? no_such("token") : s.error());
        return;
    }
    see_other(res, "/devices");
}

}  // namespace fc
