#pragma once
// DeviceAuthorization: which technician a request's bearer token belongs to, with token guessing
// from one address slowed down (BadTokenThrottle).
#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>

#include "checklists/clock.h"
#include "sync/depot/bad_token_throttle.h"
#include "sync/depot/depot_store.h"

namespace fc {

class DeviceAuthorization {
public:
    // The throttle reads the clock's monotonic time: it must not jump when someone sets the depot's date.
    DeviceAuthorization(DepotStore& store, BadTokenThrottle::Settings throttle, Clock& clock);

    // The technician a request's bearer token belongs to; sets a 401 (or 429, 503) and returns
    // nullopt otherwise. An address that has failed too often gets 429 for any token it presents,
    // before the token is looked up: a guesser learns nothing, however good its next guess.
    std::optional<std::string> technician(const httplib::Request& req, httplib::Response& res);

private:
    DepotStore& store_;
    BadTokenThrottle bad_tokens_;
    Clock& clock_;
};

}  // namespace fc
