#include "sync/depot/office/office_request.h"

#include <arpa/inet.h>

#include <algorithm>

namespace fc {
namespace {

std::string trim(std::string s) {
    const auto not_space = [](unsigned char c) { return c != ' ' && c != '\t'; };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

bool from_trusted_proxy(const DepotServerOptions& options, const httplib::Request& req) {
    return std::find(options.trusted_proxies.begin(), options.trusted_proxies.end(), req.remote_addr) !=
           options.trusted_proxies.end();
}

}  // namespace

std::optional<std::string> cookie_value(const httplib::Request& req, const std::string& name) {
    const std::size_t headers = req.get_header_value_count("Cookie");
    for (std::size_t i = 0; i < headers; ++i) {
        const std::string header = req.get_header_value("Cookie", i);
        std::size_t at = 0;
        while (at <= header.size()) {
            const std::size_t end = std::min(header.find(';', at), header.size());
            const std::string pair = trim(header.substr(at, end - at));
            const std::size_t eq = pair.find('=');
            if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
            at = end + 1;
        }
    }
    return std::nullopt;
}

std::string client_address(const DepotServerOptions& options, const httplib::Request& req) {
    if (!from_trusted_proxy(options, req) || !req.has_header("X-Forwarded-For")) return req.remote_addr;
    // The last hop is the one our proxy added; anything before it the client could have written.
    const std::string forwarded = req.get_header_value("X-Forwarded-For");
    const std::size_t comma = forwarded.rfind(',');
    const std::string last = trim(comma == std::string::npos ? forwarded : forwarded.substr(comma + 1));
    return last.empty() ? req.remote_addr : last;
}

bool reached_over_tls(const DepotServerOptions& options, const httplib::Request& req) {
    if (!options.tls_cert.empty() && !options.tls_key.empty()) return true;
    return from_trusted_proxy(options, req) && req.get_header_value("X-Forwarded-Proto") == "https";
}

bool is_ip_address(const std::string& text) {
    in6_addr six{};
    in_addr four{};
    return inet_pton(AF_INET, text.c_str(), &four) == 1 || inet_pton(AF_INET6, text.c_str(), &six) == 1;
}

std::string local_next(const std::string& next) {
    const bool local = next.size() > 1 && next.size() <= 2048 && next[0] == '/' && next[1] != '/' && next[1] != '\\' &&
                       std::none_of(next.begin(), next.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f || c == '\\'; });
    return local ? next : "/visits";
}

void see_other(httplib::Response& res, const std::string& location) {
    res.status = 303;
    res.set_header("Location", location);
    res.headers.erase("Cache-Control");  // every answer starts with the depot default
    res.set_header("Cache-Control", "no-store");
}

}  // namespace fc
