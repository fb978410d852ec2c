#include "wire_client.h"

#include <httplib.h>

#include <signal.h>

#include <mutex>
#include <regex>

#include "sync/device_token.h"

namespace fc {
namespace {

std::string network_problem(httplib::Error e) {
    switch (e) {
        case httplib::Error::Connection: return "could not connect to the depot";
        case httplib::Error::ConnectionTimeout: return "the depot did not answer the connection in time";
        case httplib::Error::Read: return "the connection broke while waiting for the depot's answer";
        case httplib::Error::Write: return "the connection broke while sending to the depot";
        case httplib::Error::SSLConnection:
        case httplib::Error::SSLServerVerification: return "the depot's TLS certificate could not be verified";
        default: return "no answer from the depot (" + httplib::to_string(e) + ")";
    }
}

DepotAnswer sort_answer(const httplib::Result& result) {
    DepotAnswer a;
    if (!result) {
        a.problem = network_problem(result.error());
        return a;
    }
    a.status = result->status;
    a.body = result->body;
    a.from = result->has_header("X-Fieldcheck-Depot") ? DepotAnswer::From::Depot : DepotAnswer::From::Stranger;
    return a;
}

}  // namespace

void ignore_broken_pipe_signal() {
    static std::once_flag once;
    std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

bool is_depot_url(std::string_view url) {
    static const std::regex shape(R"(^https?://[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?/?$)");
    return url.size() < 300 && std::regex_match(url.begin(), url.end(), shape);
}

DepotConnection::DepotConnection(std::unique_ptr<httplib::Client> client) : client_(std::move(client)) {}
DepotConnection::~DepotConnection() = default;

Expected<std::unique_ptr<DepotConnection>> DepotConnection::open(const std::string& url, const std::string& token,
                                                                 const DepotTimeouts& timeouts, const std::string& ca_file) {
    if (!is_depot_url(url)) {
        return make_error("bad_url", "'" + url + "' is not a depot address; it looks like http://depot.example:8470");
    }
    if (!is_device_token(token)) {
        return make_error("bad_token", "a device token is 64 hex digits, as printed by `fieldcheck-depot token create`");
    }
    ignore_broken_pipe_signal();
    std::string base = url;
    if (base.back() == '/') base.pop_back();
    auto client = std::make_unique<httplib::Client>(base);
    if (!client->is_valid()) return make_error("bad_url", "cannot use the depot address " + url);
    // Why: with Nagle on, every keep-alive request waits ~40 ms for the peer's delayed ACK; and
    // cpp-httplib's default timeouts would let a dead Wi-Fi hang a sync for minutes.
    client->set_tcp_nodelay(true);
    client->set_keep_alive(true);
    client->set_follow_location(false);  // a captive portal's redirect is not the depot
    client->set_connection_timeout(timeouts.connect_ms / 1000, (timeouts.connect_ms % 1000) * 1000);
    client->set_read_timeout(timeouts.read_ms / 1000, (timeouts.read_ms % 1000) * 1000);
    client->set_write_timeout(timeouts.write_ms / 1000, (timeouts.write_ms % 1000) * 1000);
    client->set_default_headers({{"Authorization", "Bearer " + token}});
    if (url.rfind("https://", 0) == 0) {
        client->enable_server_certificate_verification(true);
        if (!ca_file.empty()) client->set_ca_cert_path(ca_file.c_str());
    }
    return std::unique_ptr<DepotConnection>(new DepotConnection(std::move(client)));
}

DepotAnswer DepotConnection::get(const std::string& path) { return sort_answer(client_->Get(path.c_str())); }

DepotAnswer DepotConnection::head(const std::string& path) { return sort_answer(client_->Head(path.c_str())); }

DepotAnswer DepotConnection::put(const std::string& path, std::string_view body, const char* content_type) {
    return sort_answer(client_->Put(path.c_str(), body.data(), body.size(), content_type));
}

}  // namespace fc
