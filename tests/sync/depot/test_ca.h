#pragma once
// TestCa: a certificate authority made inside a test with OpenSSL's C API, and the depot
// certificates it signs (for the right name, another name, expired), written as PEM files; and a
// depot certificate of its own (self-signed), the simplest HTTPS set-up.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace fc::test {

struct FreeKey {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct FreeCert {
    void operator()(X509* c) const { X509_free(c); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, FreeKey>;
using CertPtr = std::unique_ptr<X509, FreeCert>;

// What a server certificate says: its names and when it is valid (seconds from now).
struct CertSpec {
    std::string common_name = "fieldcheck depot";
    std::string subject_alt_name = "IP:127.0.0.1,DNS:localhost";  // "" = no subjectAltName at all
    long valid_from_s = -60;
    long valid_until_s = 24 * 3600;
};

// ServerCert: a depot's key and certificate, and the CA certificate that signed it.
struct ServerCert {
    KeyPtr key;
    CertPtr cert;
    X509* issuer = nullptr;  // owned by the TestCa

    // The certificate alone, or followed by its CA (what `serve --tls-cert` may be given).
    void write_cert(const std::filesystem::path& path, bool with_chain = false) const;
    void write_key(const std::filesystem::path& path) const;
};

class TestCa {
public:
    explicit TestCa(const std::string& name);
    ServerCert issue(const CertSpec& spec = {});
    void write_cert(const std::filesystem::path& path) const;  // what a tablet pins with --ca-file
    X509* cert() const { return cert_.get(); }

private:
    KeyPtr key_;
    CertPtr cert_;
    long next_serial_ = 2;
};

namespace ca_detail {

inline void require(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test CA: ") + what + " failed");
}

inline KeyPtr new_key() {
    KeyPtr key(EVP_EC_gen("P-256"));
    require(key != nullptr, "EC key generation");
    return key;
}

inline void add_name(X509_NAME* name, const char* field, const std::string& value) {
    require(X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()),
                                       -1, -1, 0) == 1,
            "adding a name entry");
}

inline void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    require(ext != nullptr, "building an extension");
    const int added = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    require(added == 1, "adding an extension");
}

inline CertPtr new_cert(long serial, EVP_PKEY* subject_key, long from_s, long until_s) {
    CertPtr cert(X509_new());
    require(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), from_s);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), until_s);
    require(X509_set_pubkey(cert.get(), subject_key) == 1, "setting the public key");
    return cert;
}

inline void write_pem_certs(const std::filesystem::path& path, const std::vector<X509*>& certs) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    require(f != nullptr, "opening a PEM file");
    bool ok = true;
    for (X509* c : certs) ok = ok && PEM_write_X509(f, c) == 1;
    ok = std::fclose(f) == 0 && ok;
    require(ok, "writing a certificate");
}

}  // namespace ca_detail

inline TestCa::TestCa(const std::string& name) : key_(ca_detail::new_key()) {
    using namespace ca_detail;
    cert_ = new_cert(1, key_.get(), -3600, 30L * 24 * 3600);
    X509_NAME* subject = X509_get_subject_name(cert_.get());
    add_name(subject, "O", "fieldcheck test");
    add_name(subject, "CN", name);
    require(X509_set_issuer_name(cert_.get(), subject) == 1, "setting the issuer");
    add_ext(cert_.get(), cert_.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert_.get(), cert_.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_ext(cert_.get(), cert_.get(), NID_subject_key_identifier, "hash");
    require(X509_sign(cert_.get(), key_.get(), EVP_sha256()) > 0, "signing the CA certificate");
}

inline ServerCert TestCa::issue(const CertSpec& spec) {
    using namespace ca_detail;
    ServerCert out;
    out.key = new_key();
    out.cert = new_cert(next_serial_++, out.key.get(), spec.valid_from_s, spec.valid_until_s);
    out.issuer = cert_.get();
    X509* c = out.cert.get();
    add_name(X509_get_subject_name(c), "CN", spec.common_name);
    require(X509_set_issuer_name(c, X509_get_subject_name(cert_.get())) == 1, "setting the issuer");
    add_ext(c, cert_.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_ext(c, cert_.get(), NID_key_usage, "critical,digitalSignature");
    add_ext(c, cert_.get(), NID_ext_key_usage, "serverAuth");
    add_ext(c, cert_.get(), NID_subject_key_identifier, "hash");
    add_ext(c, cert_.get(), NID_authority_key_identifier, "keyid:always");
    if (!spec.subject_alt_name.empty()) add_ext(c, cert_.get(), NID_subject_alt_name, spec.subject_alt_name);
    require(X509_sign(c, key_.get(), EVP_sha256()) > 0, "signing a server certificate");
    return out;
}

inline void TestCa::write_cert(const std::filesystem::path& path) const { ca_detail::write_pem_certs(path, {cert_.get()}); }

inline void ServerCert::write_cert(const std::filesystem::path& path, bool with_chain) const {
    std::vector<X509*> chain = {cert.get()};
    if (with_chain) chain.push_back(issuer);
    ca_detail::write_pem_certs(path, chain);
}

inline void ServerCert::write_key(const std::filesystem::path& path) const {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ca_detail::require(f != nullptr, "opening a key file");
    const bool ok = PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
    ca_detail::require(std::fclose(f) == 0 && ok, "writing a key");
}

// A self-signed P-256 certificate for 127.0.0.1 (CN and subjectAltName) and its key, as PEM files:
// a depot serving HTTPS with a certificate of its own, pinned by a tablet with --ca-file.
inline void write_self_signed_certificate(const std::filesystem::path& cert_path, const std::filesystem::path& key_path) {
    using namespace ca_detail;
    ServerCert self;
    self.key = new_key();
    self.cert = new_cert(1, self.key.get(), -60, 3600);
    X509* c = self.cert.get();
    add_name(X509_get_subject_name(c), "CN", "127.0.0.1");
    require(X509_set_issuer_name(c, X509_get_subject_name(c)) == 1, "setting the issuer");
    add_ext(c, c, NID_subject_alt_name, "IP:127.0.0.1");
    require(X509_sign(c, self.key.get(), EVP_sha256()) > 0, "signing a self-signed certificate");
    self.write_cert(cert_path);
    self.write_key(key_path);
}

}  // namespace fc::test
