#include "depot_tls_stream.h"

#include <openssl/err.h>

#include <algorithm>
#include <climits>

namespace fc {

Expected<std::shared_ptr<TlsContext>> TlsContext::load(const std::string& cert_chain_file, const std::string& key_file) {
    const auto refused = [&] {
        ERR_clear_error();
        return make_error(ErrorCode::bad_tls, "cannot load the TLS certificate " + cert_chain_file + " and key " + key_file +
                                         " (PEM files, the key matching the certificate)");
    };
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) return refused();
    std::shared_ptr<TlsContext> tls(new TlsContext(ctx));
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // Why: no compression (CRIME), no renegotiation (a client could make the depot redo handshakes
    // on one connection), an EOF without close_notify read as the end of the stream it is.
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                                 SSL_OP_IGNORE_UNEXPECTED_EOF);
    // Why: an idle keep-alive connection holds no 34 KiB of record buffers, and the write loop may
    // offer the rest of a buffer after a partial write.
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    // Tablets do not resume sessions; a cache would only be memory a flood of handshakes fills.
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(ctx, 0);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert_chain_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        return refused();
    }
    return tls;
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

TlsDepotStream::TlsDepotStream(socket_t fd, const ConnectionLimits& limits, int stop_fd, const TlsContext& tls)
    : DepotStream(fd, limits, stop_fd), ssl_(SSL_new(tls.get())) {
    if (ssl_ && SSL_set_fd(ssl_, fd) != 1) {
        SSL_free(ssl_);
        ssl_ = nullptr;
    }
}

TlsDepotStream::~TlsDepotStream() {
    if (ssl_) SSL_free(ssl_);
}

// OpenSSL's error queue is per thread and must be empty before each call for SSL_get_error to be
// right; a pool thread serves many connections one after another.
TlsDepotStream::Io TlsDepotStream::judge_(int result) {
    switch (SSL_get_error(ssl_, result)) {
        case SSL_ERROR_WANT_READ: return {-1, Want::Read};
        case SSL_ERROR_WANT_WRITE: return {-1, Want::Write};
        case SSL_ERROR_ZERO_RETURN: return {0, Want::Nothing};
        default:
            failed_ = true;
            ERR_clear_error();
            return {-1, Want::Nothing};
    }
}

bool TlsDepotStream::start() {
    if (!ssl_) {
        cut_off(Cut::Broken);
        return false;
    }
    for (;;) {
        ERR_clear_error();
        const int accepted = SSL_accept(ssl_);
        if (accepted == 1) {
            established_ = true;
            return true;
        }
        const Io io = judge_(accepted);
        if (io.want == Want::Nothing) {
            cut_off(io.n == 0 ? Cut::PeerClosed : Cut::Broken);
            return false;
        }
        if (const Cut why = wait_in_phase(io.want); why != Cut::None) {
            cut_off(why);
            return false;
        }
    }
}

void TlsDepotStream::finish() {
    if (!ssl_ || !established_ || failed_) return;
    ERR_clear_error();
    SSL_shutdown(ssl_);  // non-blocking: sent if the socket takes it, never waited for
    ERR_clear_error();
}

TlsDepotStream::Io TlsDepotStream::receive(char* into, size_t size) {
    ERR_clear_error();
    const int n = SSL_read(ssl_, into, static_cast<int>(std::min<size_t>(size, INT_MAX)));
    if (n > 0) return {n, Want::Nothing};
    return judge_(n);
}

TlsDepotStream::Io TlsDepotStream::send(const char* from, size_t size) {
    ERR_clear_error();
    const int n = SSL_write(ssl_, from, static_cast<int>(std::min<size_t>(size, INT_MAX)));
    if (n > 0) return {n, Want::Nothing};
    const Io io = judge_(n);
    return io.n == 0 ? Io{-1, Want::Nothing} : io;  // the peer's close_notify: nothing more can be written
}

bool TlsDepotStream::has_pending_input() const { return ssl_ && SSL_pending(ssl_) > 0; }

}  // namespace fc
