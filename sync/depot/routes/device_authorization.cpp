#include "sync/depot/routes/device_authorization.h"

#include <cctype>
#include <string_view>

#include "sync/depot/depot_ingest.h"
#include "sync/depot/routes/route_replies.h"

namespace fc {
namespace {

constexpr std::string_view kBearer = "Bearer ";

// "Bearer TOKEN"; the scheme name is case-insensitive (RFC 7235), so "bearer TOKEN" counts too.
bool is_bearer_scheme(const std::string& header) {
    if (header.size() <= kBearer.size()) return false;
    for (std::size_t i = 0; i < kBearer.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(header[i])) != std::tolower(static_cast<unsigned char>(kBearer[i]))) {
            return false;
        }
    }
    return true;
}

void reply_too_many_bad_tokens(httplib::Response& res, std::int64_t wait_ms) {
    const std::string seconds = std::to_string((wait_ms + 999) / 1000);
    reply_error_and_close(res, make_error(ErrorCode::too_many_bad_tokens,
                                          "too many requests with a wrong token came from this network address; try again in " +
                                              seconds + " s"));
    res.set_header("Retry-After", seconds);
}

}  // namespace

DeviceAuthorization::DeviceAuthorization(DepotStore& store, BadTokenThrottle::Settings throttle, Clock& clock)
    : store_(store), bad_tokens_(throttle), clock_(clock) {}

std::optional<std::string> DeviceAuthorization::technician(const httplib::Request& req, httplib::Response& res) {
    const std::int64_t now = clock_.now().mono_ms;
    const bool presented = req.has_header("Authorization");
    if (const std::int64_t wait_ms = presented ? bad_tokens_.wait_ms(req.remote_addr, now) : 0; wait_ms > 0) {
        reply_too_many_bad_tokens(res, wait_ms);
        return std::nullopt;
    }
    const std::string header = req.get_header_value("Authorization");
    std::optional<std::string> technician;
    if (is_bearer_scheme(header)) {
        auto found = store_.technician_for_token(header.substr(kBearer.size()));
        if (!found) {
            reply_error_and_close(res, storage_failure(make_error(found.error().code, "the depot cannot check tokens right now; try again")));
            return std::nullopt;
        }
        technician = found.value();
    }
    if (!technician) {
        bad_tokens_.record_failure(req.remote_addr, now);
        reply_error_and_close(res, make_error(ErrorCode::unauthorized, "a valid device token is needed (Authorization: Bearer TOKEN); "
                                                                      "it may have been revoked: enroll the tablet again"));
        res.set_header("WWW-Authenticate", "Bearer");
    }
    return technician;
}

}  // namespace fc
