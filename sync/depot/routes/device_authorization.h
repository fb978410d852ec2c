#pragma once
// DeviceAuthorization: who sent a request: a valid RFC 9421 signature of a known, unrevoked device
// key (or, until the depot's bearer cut-over date, a bearer token), with guessing from one address
// slowed down (BadTokenThrottle) and captured requests refused when sent again (SeenNonces).
// Caller: the technician, device and key a request was authorized as.
#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checklists/clock.h"
#include "sync/depot/bad_token_throttle.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/seen_nonces.h"

namespace fc {

struct Caller {
    std::string technician_id;
    std::string device;                   // "" for a bearer token
    std::string key_id;                   // "" for a bearer token
    std::optional<PublicKey> public_key;  // nullopt for a bearer token: it cannot sign records
    std::string content_digest;           // the Content-Digest the signature covers ("" for a bearer token)
};

// When the body is compared with the signed Content-Digest: now (a route without a body, where the
// body is empty) or by the route itself after reading it (check_body_digest).
enum class BodyCheck { Now, ByRoute };

class DeviceAuthorization {
public:
    // The nonce memory reads the clock's monotonic time, `stale` its wall time, the throttle the one
    // BadTokenThrottle::now_ms picks.
    // The throttle counts the client a trusted proxy forwards (client_address.h), not the proxy.
    // `shared_buckets`: where several instances keep the throttle's buckets (PostgreSQL), or nullptr.
    DeviceAuthorization(DepotStore& store, BadTokenThrottle::Settings throttle, Clock& clock,
                        std::vector<std::string> trusted_proxies, ThrottleBuckets* shared_buckets = nullptr);

    // The caller of a request; sets a 401 with its reason (or 429, 503) and returns nullopt otherwise.
    // An address that has failed too often gets 429 for anything it presents, before it is looked up.
    std::optional<Caller> caller(const httplib::Request& req, httplib::Response& res, BodyCheck body = BodyCheck::Now);

private:
    std::optional<Caller> signed_caller_(const httplib::Request& req, httplib::Response& res, BodyCheck body,
                                         std::int64_t mono_ms);
    std::optional<Caller> bearer_caller_(const httplib::Request& req, httplib::Response& res);
    // Counts the failure against the client's address (BadTokenThrottle) and answers it; always nullopt.
    std::optional<Caller> refuse_(const httplib::Request& req, httplib::Response& res, const Error& e);
    std::string throttle_key_(const httplib::Request& req) const;

    DepotStore& store_;
    BadTokenThrottle bad_tokens_;
    SeenNonces nonces_;
    Clock& clock_;
    const std::vector<std::string> trusted_proxies_;
};

// For a route that read its body after caller(..., BodyCheck::ByRoute): true when `body` is what the
// signature's Content-Digest covers (always for a bearer caller); otherwise a 401 digest_mismatch.
bool check_body_digest(const Caller& caller, std::string_view body, httplib::Response& res);

// The path a bearer token may still use after the cut-over date: registering the device's key.
inline constexpr std::string_view kDeviceKeyPath = "/api/v1/device-key";

}  // namespace fc
