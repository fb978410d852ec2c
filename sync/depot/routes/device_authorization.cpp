#include "sync/depot/routes/device_authorization.h"

#include <cctype>
#include <string_view>

#include "checklists/time_format.h"
#include "sync/depot/client_address.h"
#include "sync/depot/depot_ingest.h"
#include "sync/depot/routes/route_replies.h"
#include "sync/wire/request_signature.h"

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
                                          "too many requests with a wrong token or signature came from this network address; "
                                          "try again in " + seconds + " s"));
    res.set_header("Retry-After", seconds);
}

// Why the depot's time in the body: a tablet whose clock is days off cannot sign a request the
// depot accepts; with `depot_time` it learns the offset and retries once (wire_client.cpp).
void reply_stale(httplib::Response& res, std::int64_t created_s, std::int64_t wall_ms) {
    reply_error_and_close(res, make_error(ErrorCode::stale, "the request was signed at " + std::to_string(created_s) +
                                                                " (UNIX seconds), more than 5 minutes from the depot's clock"));
    res.body.insert(res.body.size() - 1, ",\"depot_time\":" + std::to_string(wall_ms));
    res.set_header("Date", http_date(wall_ms));
}

bool is_stale(std::int64_t created_s, std::int64_t wall_ms) {
    const std::int64_t skew_s = created_s - wall_ms / 1000;
    return skew_s > kSignatureMaxSkewS || skew_s < -kSignatureMaxSkewS;
}

std::string raw_path_and_query(const httplib::Request& req) { return req.target.empty() ? req.path : req.target; }

}  // namespace

DeviceAuthorization::DeviceAuthorization(DepotStore& store, BadTokenThrottle::Settings throttle, Clock& clock,
                                         std::vector<std::string> trusted_proxies, ThrottleBuckets* shared_buckets)
    : store_(store), bad_tokens_(throttle, shared_buckets), clock_(clock), trusted_proxies_(std::move(trusted_proxies)) {}

// "token ": on PostgreSQL the instances' throttles share one table of buckets (ThrottleBuckets).
std::string DeviceAuthorization::throttle_key_(const httplib::Request& req) const {
    return "token " + client_address(trusted_proxies_, req);
}

std::optional<Caller> DeviceAuthorization::refuse_(const httplib::Request& req, httplib::Response& res, const Error& e) {
    bad_tokens_.record_failure(throttle_key_(req), bad_tokens_.now_ms(clock_));
    reply_error_and_close(res, e);
    return std::nullopt;
}

std::optional<Caller> DeviceAuthorization::caller(const httplib::Request& req, httplib::Response& res, BodyCheck body) {
    const std::int64_t now = clock_.now().mono_ms;
    const bool is_signed = req.has_header("Signature-Input") || req.has_header("Signature");
    const bool presented = is_signed || req.has_header("Authorization");
    if (const std::int64_t wait_ms = presented ? bad_tokens_.wait_ms(throttle_key_(req), bad_tokens_.now_ms(clock_)) : 0; wait_ms > 0) {
        reply_too_many_bad_tokens(res, wait_ms);
        return std::nullopt;
    }
    return is_signed ? signed_caller_(req, res, body, now) : bearer_caller_(req, res);
}

std::optional<Caller> DeviceAuthorization::signed_caller_(const httplib::Request& req, httplib::Response& res, BodyCheck body,
                                                          std::int64_t mono_ms) {
    auto parsed = parse_signature_headers(req.get_header_value("Signature-Input"), req.get_header_value("Signature"));
    if (!parsed) return refuse_(req, res, parsed.error());
    const SignatureParams& p = parsed->params;
    auto found = store_.device_key(p.key_id);
    if (!found) {
        reply_error_and_close(res, storage_failure(make_error(found.error().code, "the depot cannot check keys right now; try again")));
        return std::nullopt;
    }
    if (!found.value()) {
        return refuse_(req, res, make_error(ErrorCode::unknown_key, "the depot knows no device key '" + p.key_id + "'; enroll the tablet"));
    }
    const DeviceKey& key = *found.value();
    if (key.revoked_ms != 0) {
        return refuse_(req, res, make_error(ErrorCode::key_revoked, "device key " + key.key_id + " was revoked; enroll the tablet again"));
    }
    const std::string digest = req.get_header_value("Content-Digest");
    const auto target = request_target(req.method, raw_path_and_query(req), digest);
    if (digest.empty() || !verify_request_signature(key.public_key, target, *parsed)) {
        return refuse_(req, res, make_error(ErrorCode::bad_signature, "the request's signature does not verify with device key " + key.key_id));
    }
    if (const std::int64_t wall_ms = clock_.now().wall_ms; is_stale(p.created_s, wall_ms)) {
        reply_stale(res, p.created_s, wall_ms);
        return std::nullopt;
    }
    Caller caller{key.technician_id, key.device, key.key_id, key.public_key, digest};
    if (body == BodyCheck::Now && !check_body_digest(caller, req.body, res)) return std::nullopt;
    if (store_.dialect() == SqlDialect::postgresql) {
        // Instances behind one proxy share the nonces: a request captured at one is refused at all.
        auto fresh = store_.remember_nonce(key.key_id, p.nonce, clock_.now().wall_ms);
        if (!fresh) {
            reply_error_and_close(res, storage_failure(make_error(fresh.error().code, "the depot cannot check requests right now; try again")));
            return std::nullopt;
        }
        if (fresh.value()) return caller;
        return refuse_(req, res, make_error(ErrorCode::replayed, "this signed request (nonce " + p.nonce + ") was already received"));
    }
    switch (nonces_.remember(key.key_id, p.nonce, mono_ms)) {
        case SeenNonces::Outcome::Fresh: return caller;
        case SeenNonces::Outcome::Replayed:
            return refuse_(req, res, make_error(ErrorCode::replayed, "this signed request (nonce " + p.nonce + ") was already received"));
        case SeenNonces::Outcome::Full: break;
    }
    reply_error_and_close(res, make_error(ErrorCode::busy, "the depot is receiving too many requests; try again in a minute"));
    res.set_header("Retry-After", "60");
    return std::nullopt;
}

std::optional<Caller> DeviceAuthorization::bearer_caller_(const httplib::Request& req, httplib::Response& res) {
    const std::string header = req.get_header_value("Authorization");
    auto cutover = store_.bearer_cutover_ms();
    if (!cutover) {
        reply_error_and_close(res, storage_failure(make_error(cutover.error().code, "the depot cannot check tokens right now; try again")));
        return std::nullopt;
    }
    const bool past_cutover = cutover.value() && clock_.now().wall_ms >= *cutover.value();
    if (past_cutover && req.path != kDeviceKeyPath) {
        return refuse_(req, res, make_error(ErrorCode::unsigned_request, "this depot takes only requests signed with the tablet's "
                                                                         "device key; enroll the tablet"));
    }
    std::optional<Caller> caller;
    if (is_bearer_scheme(header)) {
        auto found = store_.technician_for_token(header.substr(kBearer.size()));
        if (!found) {
            reply_error_and_close(res, storage_failure(make_error(found.error().code, "the depot cannot check tokens right now; try again")));
            return std::nullopt;
        }
        if (found.value()) caller = Caller{*found.value(), "", "", std::nullopt, ""};
    }
    if (!caller) {
        (void)refuse_(req, res, make_error(ErrorCode::unauthorized, "a valid device token is needed (Authorization: Bearer TOKEN); "
                                                              "it may have been revoked: enroll the tablet again"));
        res.set_header("WWW-Authenticate", "Bearer");
    }
    return caller;
}

bool check_body_digest(const Caller& caller, std::string_view body, httplib::Response& res) {
    if (!caller.public_key) return true;
    if (equal_in_constant_time(content_digest(body), caller.content_digest)) return true;
    reply_error_and_close(res, make_error(ErrorCode::digest_mismatch, "the body is not the one the Content-Digest header names"));
    return false;
}

}  // namespace fc
