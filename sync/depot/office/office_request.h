#pragma once
// What the back office reads from a request beyond its path: cookies, the client's address and
// whether it came over TLS (both as a trusted reverse proxy forwards them), and where a login may
// send the browser next.
#include <httplib.h>

#include <optional>
#include <string>

#include "sync/depot/depot_server.h"

namespace fc {

// The value of cookie `name` in the Cookie header; nullopt when it is not there.
std::optional<std::string> cookie_value(const httplib::Request& req, const std::string& name);

// The address a throttle counts: the peer's, or the last address a trusted proxy
// (DepotServerOptions::trusted_proxies) put in X-Forwarded-For. A proxy not named is a client.
std::string client_address(const DepotServerOptions& options, const httplib::Request& req);

// Whether the browser reached the depot over TLS: the depot's own, or a trusted proxy's that says
// `X-Forwarded-Proto: https`. Decides the cookies' Secure attribute.
bool reached_over_tls(const DepotServerOptions& options, const httplib::Request& req);

// An IPv4 or IPv6 address as the depot sees a peer's (inet_pton's form): a trusted proxy is named by
// its address, since a host name would never match a connection's.
bool is_ip_address(const std::string& text);

// A `next` worth following after login: a path on this depot ("/visits?from=…"), never another
// host ("//evil.example", "https://…", "/\\evil") or a line break; "/visits" otherwise.
std::string local_next(const std::string& next);

// 303 See Other to a path on this depot.
void see_other(httplib::Response& res, const std::string& location);

}  // namespace fc
