#pragma once
// What the back office reads from a request beyond its path: cookies, whether it came over TLS (as
// a trusted reverse proxy forwards it), and where a login may send the browser next. The client's
// address is the whole depot's rule: sync/depot/client_address.h.
#include <httplib.h>

#include <optional>
#include <string>

#include "sync/depot/depot_server.h"

namespace fc {

// The value of cookie `name` in the Cookie header; nullopt when it is not there.
std::optional<std::string> cookie_value(const httplib::Request& req, const std::string& name);

// Whether the browser reached the depot over TLS: the depot's own, or a trusted proxy's that says
// `X-Forwarded-Proto: https`. Decides the cookies' Secure attribute.
bool reached_over_tls(const DepotServerOptions& options, const httplib::Request& req);

// A `next` worth following after login: a path on this depot ("/visits?from=…"), never another
// host ("//evil.example", "https://…", "/\\evil") or a line break; "/visits" otherwise.
std::string local_next(const std::string& next);

// 303 See Other to a path on this depot.
void see_other(httplib::Response& res, const std::string& location);

}  // namespace fc
