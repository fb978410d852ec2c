#pragma once
// Request body reading for the upload routes: every byte counted as it arrives, declared or
// chunked, and nothing kept past the route's limit.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "sync/depot/depot_server.h"  // kMaxDrainedBytes

namespace fc {

enum class BodyRead { Complete, TooLarge, Broken, Refused };

// Hands at most `limit` bytes of the body to `keep`; bytes past it are read and dropped, up to
// kMaxDrainedBytes, so the client can read the 413 that follows. Refused: `keep` said stop.
// A null `reader` (a route without a body) reads as an empty, complete body.
BodyRead read_body(const httplib::Request& req, const httplib::ContentReader* reader, std::size_t limit,
                   const std::function<bool(const char*, std::size_t)>& keep, httplib::Response& res);

// Content-Length as sent; nullopt when absent, -1 when it is not a plain decimal number.
std::optional<std::int64_t> content_length(const httplib::Request& req);

// Methods cpp-httplib reads a body for; without Content-Length or Transfer-Encoding it reads until
// the client closes, with no limit, so such a request on a route without a body is refused first.
bool reads_body_until_close(const std::string& method);

}  // namespace fc
