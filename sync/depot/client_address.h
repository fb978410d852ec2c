#pragma once
// Who a request came from, as the depot's per-client rules see it: the peer, or the client a
// trusted reverse proxy (DepotServerOptions::trusted_proxies, `serve --trusted-proxy`) forwards.
// Every throttle keys on client_address and the connection cap exempts is_trusted_proxy, so that
// behind nginx each tablet is counted as itself and not as nginx.
#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fc {

// An IPv4 or IPv6 address written one way (inet_ntop's; an IPv4-mapped IPv6 address as plain
// IPv4, as the depot writes a peer's); nullopt for anything that is not exactly one address.
std::optional<std::string> canonical_ip_address(std::string_view text);

// An IPv4 or IPv6 address as the depot sees a peer's (inet_pton's form): a trusted proxy is named by
// its address, since a host name would never match a connection's.
bool is_ip_address(const std::string& text);

// Whether `peer` (a connection's address) is one of `trusted_proxies`, each spelling of an address
// counting as the same address.
bool is_trusted_proxy(const std::vector<std::string>& trusted_proxies, const std::string& peer);

// The address a per-client throttle counts: the peer's, or, from a trusted proxy, the last address
// in its X-Forwarded-For (the hop the proxy itself added; anything before it the client wrote).
// From a trusted proxy whose last hop is missing, empty or not an IP address: the proxy's address.
std::string client_address(const std::vector<std::string>& trusted_proxies, const httplib::Request& req);

}  // namespace fc
