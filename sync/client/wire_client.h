#pragma once
// DepotConnection: the tablet's HTTP(S) connection to its depot: bearer token, explicit timeouts,
// and every answer sorted into "no answer", "the depot said" or "someone else said".
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

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

// "http://host[:port]" or "https://host[:port]", an optional trailing slash and nothing else.
bool is_depot_url(std::string_view url);

class DepotConnection {
public:
    // `ca_file`: extra CA certificates (PEM) for a depot with its own certificate; "" = the system's.
    static Expected<std::unique_ptr<DepotConnection>> open(const std::string& url, const DepotCredentials& credentials,
                                                           const DepotTimeouts& timeouts, const std::string& ca_file = {});
    ~DepotConnection();
    DepotConnection(const DepotConnection&) = delete;
    DepotConnection& operator=(const DepotConnection&) = delete;

    DepotAnswer get(const std::string& path);
    DepotAnswer head(const std::string& path);
    DepotAnswer put(const std::string& path, std::string_view body, const char* content_type);
    DepotAnswer post(const std::string& path, std::string_view body, const char* content_type);

private:
    DepotConnection(std::unique_ptr<httplib::Client> client, std::string host);
    DepotAnswer sort_answer(const httplib::Result& result) const;
    std::unique_ptr<httplib::Client> client_;
    std::string host_;  // as in the URL: what the depot's certificate must name
};

}  // namespace fc
