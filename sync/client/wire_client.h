#pragma once
// DepotConnection: the tablet's HTTP(S) connection to its depot: every request signed with the
// device's key (RFC 9421; sync/wire/request_signature.h) or, for a tablet without one, its bearer
// token; explicit timeouts; every answer sorted into "no answer", "the depot said" or "someone else said".
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "checklists/clock.h"
#include "checklists/expected.h"
#include "sync/wire/broken_pipe.h"
#include "sync/wire/signing_key.h"

namespace httplib {
class Client;
class Result;
}

namespace fc {

struct DepotTimeouts {
    int connect_ms = 5000;
    int read_ms = 30000;
    int write_ms = 30000;
};

// DepotAnswer: what came back for one request.
struct DepotAnswer {
    enum class From {
        Nobody,    // network error or timeout: nothing reached us
        Depot,     // a fieldcheck depot answered (its X-Fieldcheck-Depot header is present)
        Stranger,  // something answered that is not the depot: a captive portal, a proxy
    };
    From from = From::Nobody;
    int status = 0;
    std::string body;
    std::string problem;  // for Nobody: what went wrong, in plain words
};

// DeviceSigner: the tablet's own key and the id the depot knows it by; requests are signed with it.
struct DeviceSigner {
    std::string key_id;
    SigningKey key;
};

// DepotCredentials: what the tablet's requests prove themselves with: its key once it has one; the
// bearer token of a tablet enrolled before keys existed (to register its key, and until the depot's
// cut-over date).
struct DepotCredentials {
    std::string bearer_token;           // "" for a tablet that signs
    std::optional<DeviceSigner> signer;
    std::int64_t clock_offset_ms = 0;   // the depot's clock minus the tablet's, learnt from a `stale` answer
};

// The one route a tablet with a key still uses its bearer token for: registering that key.
inline constexpr std::string_view kDeviceKeyRegistrationPath = "/api/v1/device-key";

// "http://host[:port]" or "https://host[:port]", an optional trailing slash and nothing else.
bool is_depot_url(std::string_view url);

class DepotConnection {
public:
    // `ca_file`: extra CA certificates (PEM) for a depot with its own certificate; "" = the system's.
    // `clock`: the tablet's clock a signature's `created` is read from (plus the offset); nullptr: the system's.
    static Expected<std::unique_ptr<DepotConnection>> open(const std::string& url, const DepotCredentials& credentials,
                                                           const DepotTimeouts& timeouts, const std::string& ca_file = {},
                                                           Clock* clock = nullptr);
    ~DepotConnection();
    DepotConnection(const DepotConnection&) = delete;
    DepotConnection& operator=(const DepotConnection&) = delete;

    DepotAnswer get(const std::string& path);
    DepotAnswer head(const std::string& path);
    DepotAnswer put(const std::string& path, std::string_view body, const char* content_type);
    // A PUT of a file whose bytes were checked against `sha256_hex` when read: signed without hashing
    // the bytes again.
    DepotAnswer put_checked_file(const std::string& path, std::string_view body, std::string_view sha256_hex,
                                 const char* content_type);
    DepotAnswer post(const std::string& path, std::string_view body, const char* content_type);

    // A signed visit PUT: the record signature (Fieldcheck-Record-Signature) over the visit id and seal
    // goes with it; without a signer it is put as it is.
    DepotAnswer put_visit(const std::string& visit_id, std::string_view record, std::string_view seal);

    // The depot's clock minus the tablet's, as last learnt from a `stale` answer (or as given).
    std::int64_t clock_offset_ms() const { return credentials_.clock_offset_ms; }
    // True once a `stale` answer changed the offset: the sync pass keeps it (setting clock_offset_ms).
    bool clock_offset_learnt() const { return offset_learnt_; }

private:
    DepotConnection(std::unique_ptr<httplib::Client> client, std::string host, DepotCredentials credentials, Clock* clock);
    DepotAnswer sort_answer(const httplib::Result& result) const;
    // Sends one request with its credentials; a `stale` refusal is retried once with the depot's time.
    // `body_sha256`: the body's SHA-256 (hex) when the caller checked it; "" to hash the body here.
    DepotAnswer send_(const std::string& method, const std::string& path, std::string_view body, const char* content_type,
                      const std::string& record_signature, std::string_view body_sha256 = {});
    httplib::Result send_once_(const std::string& method, const std::string& path, std::string_view body,
                               const char* content_type, const std::string& record_signature, std::string_view body_sha256);
    bool learn_offset_(const DepotAnswer& answer);

    std::unique_ptr<httplib::Client> client_;
    std::string host_;  // as in the URL: what the depot's certificate must name
    DepotCredentials credentials_;
    Clock* clock_;
    SystemClock system_clock_;
    bool offset_learnt_ = false;
};

}  // namespace fc
