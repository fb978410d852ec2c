#pragma once
// TlsContext: the depot's certificate chain and key, loaded once for every connection.
// TlsDepotStream: a DepotStream over TLS, the handshake counted in the first request head's deadline.
#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "checklists/expected.h"
#include "sync/depot/depot_connection_stream.h"

namespace fc {

class TlsContext {
public:
    // TLS 1.2 or newer. The certificate file may hold a chain (the depot's certificate first, then
    // the CAs that signed it), so a certificate from a company CA works as well as a self-signed one.
    static Expected<std::shared_ptr<TlsContext>> load(const std::string& cert_chain_file, const std::string& key_file);
    ~TlsContext();
    TlsContext(const TlsContext&) = delete;
    TlsContext& operator=(const TlsContext&) = delete;

    SSL_CTX* get() const { return ctx_; }

private:
    explicit TlsContext(SSL_CTX* ctx) : ctx_(ctx) {}
    SSL_CTX* ctx_;
};

class TlsDepotStream final : public DepotStream {
public:
    TlsDepotStream(socket_t fd, const ConnectionLimits& limits, int stop_fd, const TlsContext& tls);
    ~TlsDepotStream() override;

    // The handshake, under the head deadline: a client that connects and says nothing is cut there.
    bool start() override;
    // One close_notify, without waiting for the peer's.
    void finish() override;

protected:
    Io receive(char* into, size_t size) override;
    Io send(const char* from, size_t size) override;
    bool has_pending_input() const override;

private:
    Io judge_(int result);

    SSL* ssl_ = nullptr;
    bool established_ = false;
    bool failed_ = false;  // a fatal TLS error: OpenSSL forbids a close_notify after one
};

}  // namespace fc
