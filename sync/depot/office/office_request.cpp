#include "sync/depot/office/office_request.h"

#include <algorithm>

#include "sync/depot/client_address.h"

namespace fc {
namespace {

std::string trim(std::string s) {
    const auto not_space = [](unsigned char c) { return c != ' ' && c != '\t'; };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
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

bool reached_over_tls(const DepotServerOptions& options, const httplib::Request& req) {
    if (!options.tls_cert.empty() && !options.tls_key.empty()) return true;
    return is_trusted_proxy(options.trusted_proxies, req.remote_addr) && req.get_header_value("X-Forwarded-Proto") == "https";
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
