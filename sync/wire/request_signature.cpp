#include "sync/wire/request_signature.h"

#include <charconv>
#include <utility>

namespace fc {
namespace {

constexpr std::string_view kComponents = R"(("@method" "@path" "@query" "content-digest"))";
constexpr std::string_view kLabel = "sig1=";
// Why these bounds: a real header is ~170 characters; a depot reads no more than it needs before refusing.
constexpr std::size_t kMaxSignatureInput = 512;
constexpr std::size_t kMaxSignature = 128;
constexpr std::size_t kMaxParamString = 64;
constexpr std::string_view kRecordContext = "fieldcheck-record/1\n";

Error refuse(const std::string& why) { return make_error(ErrorCode::bad_signature, "the request's signature headers are not valid: " + why); }

// An RFC 8941 sf-string without escapes: our values (key ids, base64 nonces) never need one.
bool read_string(std::string_view& rest, std::string& out) {
    if (rest.empty() || rest.front() != '"') return false;
    const auto end = rest.find('"', 1);
    if (end == std::string_view::npos || end - 1 > kMaxParamString) return false;
    out.assign(rest.substr(1, end - 1));
    for (const char c : out) {
        if (c < 0x20 || c > 0x7e || c == '\\') return false;
    }
    rest.remove_prefix(end + 1);
    return true;
}

bool read_integer(std::string_view& rest, std::int64_t& out) {
    std::size_t n = 0;
    while (n < rest.size() && n < 16 && rest[n] >= '0' && rest[n] <= '9') ++n;
    if (n == 0 || n > 15) return false;
    std::from_chars(rest.data(), rest.data() + n, out);
    rest.remove_prefix(n);
    return true;
}

// One ";name=value"; each of the four names once, nothing else.
Status read_param(std::string_view& rest, SignatureParams& params, unsigned& seen) {
    if (rest.front() != ';') return refuse("parameters are separated by ';'");
    rest.remove_prefix(1);
    const auto eq = rest.find('=');
    if (eq == std::string_view::npos || eq > 8) return refuse("a parameter has no value");
    const std::string_view name = rest.substr(0, eq);
    rest.remove_prefix(eq + 1);
    const unsigned bit = name == "created" ? 1u : name == "nonce" ? 2u : name == "keyid" ? 4u : name == "alg" ? 8u : 0u;
    if (bit == 0) return refuse("unknown parameter '" + std::string(name) + "'");
    if ((seen & bit) != 0) return refuse("parameter '" + std::string(name) + "' is given twice");
    seen |= bit;
    std::string alg;
    const bool ok = bit == 1u ? read_integer(rest, params.created_s)
                    : bit == 2u ? read_string(rest, params.nonce)
                    : bit == 4u ? read_string(rest, params.key_id)
                                : read_string(rest, alg);
    if (!ok) return refuse("parameter '" + std::string(name) + "' has a malformed value");
    if (bit == 8u && alg != "ed25519") return refuse("alg must be \"ed25519\"");
    return {};
}

Expected<std::string> read_signature_value(std::string_view signature) {
    if (signature.size() > kMaxSignature || signature.substr(0, kLabel.size()) != kLabel) {
        return refuse("Signature must be sig1=:<base64>:");
    }
    signature.remove_prefix(kLabel.size());
    if (signature.size() < 2 || signature.front() != ':' || signature.back() != ':') return refuse("Signature must be sig1=:<base64>:");
    auto bytes = base64_decode(signature.substr(1, signature.size() - 2));
    if (!bytes || bytes.value().size() != kSignatureBytes) return refuse("the signature is not 64 bytes of base64");
    return std::move(bytes).value();
}

}  // namespace

std::string content_digest(std::string_view body) { return "sha-256=:" + base64_encode(sha256_bytes(body)) + ":"; }

std::string signature_params_text(const SignatureParams& params) {
    return std::string(kComponents) + ";created=" + std::to_string(params.created_s) + ";nonce=\"" + params.nonce +
           "\";keyid=\"" + params.key_id + "\";alg=\"ed25519\"";
}

std::string signature_base(const SignedRequestTarget& target, std::string_view params_text) {
    std::string base;
    base.reserve(160 + target.path.size() + target.query.size() + params_text.size());
    base += "\"@method\": " + target.method + "\n";
    base += "\"@path\": " + (target.path.empty() ? std::string("/") : target.path) + "\n";
    base += "\"@query\": ?" + target.query + "\n";
    base += "\"content-digest\": " + target.content_digest + "\n";
    base += "\"@signature-params\": ";
    base += params_text;
    return base;
}

SignedRequestTarget request_target(std::string_view method, std::string_view path_and_query, std::string digest) {
    SignedRequestTarget t;
    t.method = std::string(method);
    const auto q = path_and_query.find('?');
    t.path = std::string(path_and_query.substr(0, q));
    if (q != std::string_view::npos) t.query = std::string(path_and_query.substr(q + 1));
    t.content_digest = std::move(digest);
    return t;
}

namespace {

SignedRequestHeaders sign_with_digest(const SigningKey& key, std::string_view method, std::string_view path_and_query,
                                      std::string digest, const SignatureParams& params) {
    SignedRequestHeaders h;
    h.content_digest = std::move(digest);
    const std::string params_text = signature_params_text(params);
    const std::string base = signature_base(request_target(method, path_and_query, h.content_digest), params_text);
    h.signature_input = std::string(kLabel) + params_text;
    h.signature = std::string(kLabel) + ":" + base64_encode(key.sign(base)) + ":";
    return h;
}

int hex_value(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

}  // namespace

SignedRequestHeaders sign_request(const SigningKey& key, std::string_view method, std::string_view path_and_query,
                                  std::string_view body, const SignatureParams& params) {
    return sign_with_digest(key, method, path_and_query, content_digest(body), params);
}

SignedRequestHeaders sign_request_with_sha256(const SigningKey& key, std::string_view method, std::string_view path_and_query,
                                              std::string_view sha256_hex, const SignatureParams& params) {
    std::string raw(sha256_hex.size() / 2, '\0');
    for (std::size_t i = 0; i < raw.size(); ++i) {
        raw[i] = static_cast<char>(hex_value(sha256_hex[2 * i]) * 16 + hex_value(sha256_hex[2 * i + 1]));
    }
    std::string digest = "sha-256=:";
    digest += base64_encode(raw);
    digest += ':';
    return sign_with_digest(key, method, path_and_query, std::move(digest), params);
}

Expected<ParsedSignature> parse_signature_headers(std::string_view signature_input, std::string_view signature) {
    if (signature_input.size() > kMaxSignatureInput) return refuse("Signature-Input is too long");
    if (signature_input.substr(0, kLabel.size()) != kLabel) return refuse("Signature-Input must hold one signature labelled sig1");
    std::string_view rest = signature_input.substr(kLabel.size());
    ParsedSignature parsed;
    parsed.signature_params_text = std::string(rest);
    if (rest.substr(0, kComponents.size()) != kComponents) {
        return refuse("the covered components must be (\"@method\" \"@path\" \"@query\" \"content-digest\")");
    }
    rest.remove_prefix(kComponents.size());
    unsigned seen = 0;
    while (!rest.empty()) {
        if (auto read = read_param(rest, parsed.params, seen); !read) return read.error();
    }
    if (seen != 15u) return refuse("created, nonce, keyid and alg are all required");
    if (parsed.params.nonce.empty() || parsed.params.key_id.empty()) return refuse("nonce and keyid must not be empty");
    auto bytes = read_signature_value(signature);
    if (!bytes) return bytes.error();
    parsed.signature = std::move(bytes).value();
    return parsed;
}

bool verify_request_signature(const PublicKey& key, const SignedRequestTarget& target, const ParsedSignature& parsed) {
    return verify_signature(key, signature_base(target, parsed.signature_params_text), parsed.signature);
}

std::string record_signature_header(const SigningKey& key, std::string_view visit_id, std::string_view seal) {
    const std::string message = std::string(kRecordContext) + std::string(visit_id) + "\n" + std::string(seal);
    // Appended, not `":" + ...`: GCC 12 at -O2 warns (-Wrestrict, a false positive) on that form.
    std::string header = ":";
    header += base64_encode(key.sign(message));
    header += ':';
    return header;
}

bool verify_record_signature(const PublicKey& key, std::string_view visit_id, std::string_view seal,
                             std::string_view header_value) {
    if (header_value.size() < 2 || header_value.size() > kMaxSignature || header_value.front() != ':' || header_value.back() != ':') {
        return false;
    }
    auto bytes = base64_decode(header_value.substr(1, header_value.size() - 2));
    if (!bytes) return false;
    const std::string message = std::string(kRecordContext) + std::string(visit_id) + "\n" + std::string(seal);
    return verify_signature(key, message, bytes.value());
}

}  // namespace fc
