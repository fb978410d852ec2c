#include "wire_client.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <regex>

#include "sync/wire/device_token.h"
#include "sync/wire/request_signature.h"
#include "sync/wire/wire_messages.h"

namespace fc {
namespace {

// What was wrong with the depot's certificate, from OpenSSL's verdict, in words that say what to fix.
std::string certificate_problem(long verdict, const std::string& host) {
    switch (verdict) {
        case X509_V_OK:  // OpenSSL accepted it, cpp-httplib's own name check did not
        case X509_V_ERR_HOSTNAME_MISMATCH:
        case X509_V_ERR_IP_ADDRESS_MISMATCH:
            return "the depot's TLS certificate is not for " + host + " (it names another server)";
        case X509_V_ERR_CERT_HAS_EXPIRED: return "the depot's TLS certificate has expired";
        case X509_V_ERR_CERT_NOT_YET_VALID: return "the depot's TLS certificate is not valid yet (is the tablet's clock right?)";
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        case X509_V_ERR_CERT_SIGNATURE_FAILURE:
            return "the depot's TLS certificate is not signed by a CA this tablet trusts (the file given to "
                   "`fieldcheck enroll --ca-file`)";
        default: return std::string("the depot's TLS certificate could not be verified: ") + X509_verify_cert_error_string(verdict);
    }
}

std::string network_problem(httplib::Error e, long certificate_verdict, const std::string& host) {
    switch (e) {
        case httplib::Error::Connection: return "could not connect to the depot";
        case httplib::Error::ConnectionTimeout: return "the depot did not answer the connection in time";
        case httplib::Error::Read: return "the connection broke while waiting for the depot's answer";
        case httplib::Error::Write: return "the connection broke while sending to the depot";
        case httplib::Error::SSLConnection: return "the TLS handshake with the depot failed (is it serving HTTPS?)";
        case httplib::Error::SSLServerVerification: return certificate_problem(certificate_verdict, host);
        case httplib::Error::Success:
        case httplib::Error::Unknown:
        case httplib::Error::BindIPAddress:
        case httplib::Error::ExceedRedirectCount:
        case httplib::Error::Canceled:
        case httplib::Error::SSLLoadingCerts:
        case httplib::Error::UnsupportedMultipartBoundaryChars:
        case httplib::Error::Compression:
            break;
    }
    return "no answer from the depot (" + httplib::to_string(e) + ")";
}

// "host" of "http[s]://host[:port][/]" (the shape is_depot_url accepts).
std::string host_of(const std::string& url) {
    const auto start = url.find("://") + 3;
    const auto end = url.find_first_of(":/", start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Why OpenSSL's name check on top of cpp-httplib's: cpp-httplib 0.11.4 falls back to the subject's
// common name even when the subjectAltName names another server, and matches a common name such as
// "*.0.0.1" against an IP address; a certificate the company CA issued for some other machine would
// then pass for the depot. OpenSSL checks an IP address only against iPAddress entries and a name
// as RFC 6125 says. The verdict lands in the result cpp-httplib checks after the handshake.
bool require_name(httplib::Client& client, const std::string& host) {
    SSL_CTX* ctx = client.ssl_context();
    if (ctx == nullptr) return false;
    X509_VERIFY_PARAM* param = SSL_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1;
    return X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) == 1;
}

}  // namespace

DepotAnswer DepotConnection::sort_answer(const httplib::Result& result) const {
    DepotAnswer a;
    if (!result) {
        a.problem = network_problem(result.error(), client_->get_openssl_verify_result(), host_);
        return a;
    }
    a.status = result->status;
    a.body = result->body;
    a.from = result->has_header("X-Fieldcheck-Depot") ? DepotAnswer::From::Depot : DepotAnswer::From::Stranger;
    return a;
}

bool is_depot_url(std::string_view url) {
    static const std::regex shape(R"(^https?://[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?/?$)");
    return url.size() < 300 && std::regex_match(url.begin(), url.end(), shape);
}

DepotConnection::DepotConnection(std::unique_ptr<httplib::Client> client, std::string host, DepotCredentials credentials,
                                 Clock* clock)
    : client_(std::move(client)), host_(std::move(host)), credentials_(std::move(credentials)), clock_(clock) {
    if (clock_ == nullptr) clock_ = &system_clock_;
}
DepotConnection::~DepotConnection() = default;

Expected<std::unique_ptr<DepotConnection>> DepotConnection::open(const std::string& url, const DepotCredentials& credentials,
                                                                 const DepotTimeouts& timeouts, const std::string& ca_file,
                                                                 Clock* clock) {
    if (!is_depot_url(url)) {
        return make_error(ErrorCode::bad_url, "'" + url + "' is not a depot address; it looks like http://depot.example:8470");
    }
    const std::string& token = credentials.bearer_token;
    if (!credentials.signer && !is_device_token(token)) {
        return make_error(ErrorCode::bad_token, "a device token is 64 hex digits, as printed by `fieldcheck-depot token create`");
    }
    ignore_broken_pipe_signal();
    std::string base = url;
    if (base.back() == '/') base.pop_back();
    auto client = std::make_unique<httplib::Client>(base);
    if (!client->is_valid()) return make_error(ErrorCode::bad_url, "cannot use the depot address " + url);
    // Why: with Nagle on, every keep-alive request waits ~40 ms for the peer's delayed ACK; and
    // cpp-httplib's default timeouts would let a dead Wi-Fi hang a sync for minutes.
    client->set_tcp_nodelay(true);
    client->set_keep_alive(true);
    client->set_follow_location(false);  // a captive portal's redirect is not the depot
    client->set_connection_timeout(timeouts.connect_ms / 1000, (timeouts.connect_ms % 1000) * 1000);
    client->set_read_timeout(timeouts.read_ms / 1000, (timeouts.read_ms % 1000) * 1000);
    client->set_write_timeout(timeouts.write_ms / 1000, (timeouts.write_ms % 1000) * 1000);
    const std::string host = host_of(base);
    if (url.rfind("https://", 0) == 0) {
        client->enable_server_certificate_verification(true);
        if (!ca_file.empty()) client->set_ca_cert_path(ca_file.c_str());
        if (!require_name(*client, host)) return make_error(ErrorCode::bad_url, "cannot check certificates for the depot address " + url);
    }
    return std::unique_ptr<DepotConnection>(new DepotConnection(std::move(client), host, credentials, clock));
}

httplib::Result DepotConnection::send_once_(const std::string& method, const std::string& path, std::string_view body,
                                            const char* content_type, const std::string& record_signature,
                                            std::string_view body_sha256) {
    httplib::Headers headers;
    // Why nothing on /healthz: whoever answers on the way (a captive portal, a proxy on plain HTTP)
    // must collect no credential; a signed request is worthless to them anyway (nonce, digest, path).
    const bool healthz = path == "/healthz";
    const bool bearer_only = path == kDeviceKeyRegistrationPath || !credentials_.signer;
    if (!healthz && bearer_only && !credentials_.bearer_token.empty()) {
        headers.emplace("Authorization", "Bearer " + credentials_.bearer_token);
    } else if (!healthz && credentials_.signer) {
        const std::int64_t created_ms = clock_->now().wall_ms + credentials_.clock_offset_ms;
        const SignatureParams params{created_ms / 1000, base64_encode(random_bytes(16)), credentials_.signer->key_id};
        const SignedRequestHeaders h =
            body_sha256.empty() ? sign_request(credentials_.signer->key, method, path, body, params)
                                : sign_request_with_sha256(credentials_.signer->key, method, path, body_sha256, params);
        headers.emplace("Content-Digest", h.content_digest);
        headers.emplace("Signature-Input", h.signature_input);
        headers.emplace("Signature", h.signature);
        if (!record_signature.empty()) headers.emplace("Fieldcheck-Record-Signature", record_signature);
    }
    if (method == "GET") return client_->Get(path.c_str(), headers);
    if (method == "HEAD") return client_->Head(path.c_str(), headers);
    if (body.empty()) return client_->Put(path.c_str(), headers, body.data(), body.size(), content_type);
    // Why a content provider: cpp-httplib copies a body given as bytes into its request before it
    // sends it; a 2 MB photo is sent from the caller's buffer as it is. Called again from offset 0
    // when cpp-httplib reconnects, and for the `stale` retry; `body` outlives both.
    const auto provide = [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        return sink.write(body.data() + offset, length);
    };
    return client_->Put(path, headers, body.size(), provide, content_type ? content_type : "");
}

bool DepotConnection::learn_offset_(const DepotAnswer& answer) {
    if (!credentials_.signer || answer.from != DepotAnswer::From::Depot || answer.status != 401) return false;
    auto refusal = decode_wire_error(answer.body);
    if (!refusal || refusal->code != ErrorCode::stale || refusal->depot_time_ms <= 0) return false;
    credentials_.clock_offset_ms = refusal->depot_time_ms - clock_->now().wall_ms;
    offset_learnt_ = true;
    return true;
}

DepotAnswer DepotConnection::send_(const std::string& method, const std::string& path, std::string_view body,
                                   const char* content_type, const std::string& record_signature,
                                   std::string_view body_sha256) {
    DepotAnswer answer = sort_answer(send_once_(method, path, body, content_type, record_signature, body_sha256));
    // Once only: a depot that calls the corrected time stale again is not chased further.
    if (learn_offset_(answer)) answer = sort_answer(send_once_(method, path, body, content_type, record_signature, body_sha256));
    return answer;
}

DepotAnswer DepotConnection::get(const std::string& path) { return send_("GET", path, {}, nullptr, {}); }

DepotAnswer DepotConnection::head(const std::string& path) {
    DepotAnswer answer = send_("HEAD", path, {}, nullptr, {});
    // A HEAD answer has no body, so a `stale` refusal cannot carry the depot's time: ask once more
    // with GET (the same route), whose refusal does, and whose retry then uses it.
    if (credentials_.signer && answer.from == DepotAnswer::From::Depot && answer.status == 401 && answer.body.empty()) {
        answer = send_("GET", path, {}, nullptr, {});
    }
    return answer;
}

DepotAnswer DepotConnection::put(const std::string& path, std::string_view body, const char* content_type) {
    return send_("PUT", path, body, content_type, {});
}

DepotAnswer DepotConnection::put_checked_file(const std::string& path, std::string_view body, std::string_view sha256_hex,
                                             const char* content_type) {
    return send_("PUT", path, body, content_type, {}, sha256_hex);
}

DepotAnswer DepotConnection::put_visit(const std::string& visit_id, std::string_view record, std::string_view seal) {
    const std::string signature = credentials_.signer ? record_signature_header(credentials_.signer->key, visit_id, seal) : "";
    return send_("PUT", "/api/v1/visits/" + visit_id, record, "application/json", signature);
}

DepotAnswer DepotConnection::post(const std::string& path, std::string_view body, const char* content_type) {
    return sort_answer(client_->Post(path.c_str(), body.data(), body.size(), content_type));
}

}  // namespace fc
