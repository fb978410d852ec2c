#include "sync/depot/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <iterator>

namespace fc {
namespace {

// Longer than any address inet_pton reads (an IPv6 address with an IPv4 tail is 45 characters):
// anything past it is refused without being parsed.
constexpr std::size_t kMaxAddressText = 64;

std::string_view trim(std::string_view s) {
    const auto not_space = [](unsigned char c) { return c != ' ' && c != '\t'; };
    const auto first = std::find_if(s.begin(), s.end(), not_space);
    const auto last = std::find_if(s.rbegin(), s.rend(), not_space).base();
    return first < last ? s.substr(static_cast<std::size_t>(first - s.begin()), static_cast<std::size_t>(last - first))
                        : std::string_view{};
}

}  // namespace

std::optional<std::string> canonical_ip_address(std::string_view text) {
    // inet_pton reads up to a NUL: "10.0.0.1\0junk" must not pass as 10.0.0.1.
    if (text.empty() || text.size() > kMaxAddressText || text.find('\0') != std::string_view::npos) return std::nullopt;
    const std::string z(text);
    char out[INET6_ADDRSTRLEN] = {};
    in_addr four{};
    if (inet_pton(AF_INET, z.c_str(), &four) == 1) {
        if (!inet_ntop(AF_INET, &four, out, sizeof out)) return std::nullopt;
        return std::string(out);
    }
    in6_addr six{};
    if (inet_pton(AF_INET6, z.c_str(), &six) != 1) return std::nullopt;
    const bool mapped = IN6_IS_ADDR_V4MAPPED(&six);
    if (!inet_ntop(mapped ? AF_INET : AF_INET6, mapped ? static_cast<const void*>(&six.s6_addr[12]) : &six, out, sizeof out)) {
        return std::nullopt;
    }
    return std::string(out);
}

bool is_ip_address(const std::string& text) { return canonical_ip_address(text).has_value(); }

bool is_trusted_proxy(const std::vector<std::string>& trusted_proxies, const std::string& peer) {
    if (trusted_proxies.empty()) return false;
    const std::optional<std::string> who = canonical_ip_address(peer);
    if (!who) return false;
    return std::any_of(trusted_proxies.begin(), trusted_proxies.end(),
                       [&](const std::string& proxy) { return canonical_ip_address(proxy) == who; });
}

std::string client_address(const std::vector<std::string>& trusted_proxies, const httplib::Request& req) {
    if (!is_trusted_proxy(trusted_proxies, req.remote_addr)) return req.remote_addr;
    // The proxy adds its hop to the last X-Forwarded-For header (nginx's $proxy_add_x_forwarded_for
    // joins them into one); earlier headers, like earlier hops, are the client's own words.
    // Read from the headers themselves: get_header_value's copy would end at a NUL byte.
    const auto [first, end] = req.headers.equal_range("X-Forwarded-For");
    if (first == end) return req.remote_addr;
    const std::string& forwarded = std::prev(end)->second;
    const std::size_t comma = forwarded.rfind(',');
    const std::string_view last = trim(std::string_view(forwarded).substr(comma == std::string::npos ? 0 : comma + 1));
    return canonical_ip_address(last).value_or(req.remote_addr);
}

}  // namespace fc
