#pragma once
// HTTP Message Signatures (RFC 9421, alg "ed25519") as fieldcheck uses them: the covered components
// are always "@method" "@path" "@query" "content-digest" (RFC 9530, sha-256), with the parameters
// created, nonce, keyid and alg. Pure functions: no clock, no socket, no randomness of their own.
#include <cstdint>
#include <string>
#include <string_view>

#include "checklists/expected.h"
#include "sync/wire/signing_key.h"

namespace fc {

inline constexpr std::string_view kSignatureInputHeader = "Signature-Input";
inline constexpr std::string_view kSignatureHeader = "Signature";
inline constexpr std::string_view kContentDigestHeader = "Content-Digest";
inline constexpr std::string_view kRecordSignatureHeader = "Fieldcheck-Record-Signature";
inline constexpr std::int64_t kSignatureMaxSkewS = 5 * 60;  // the depot accepts `created` within this of its clock

// SignedRequestTarget: the parts of a request a signature covers.
struct SignedRequestTarget {
    std::string method;  // "GET", "PUT"
    std::string path;    // "/api/v1/visits/V1", without the query
    std::string query;   // the raw query without '?', "" for none
    std::string content_digest;  // the Content-Digest header's value
};

// SignatureParams: the signature's parameters (what Signature-Input carries beside the components).
struct SignatureParams {
    std::int64_t created_s = 0;  // UNIX seconds
    std::string nonce;           // base64 of 16 random bytes
    std::string key_id;          // the id the depot gave the key
};

// SignedRequestHeaders: the three headers a signed request carries.
struct SignedRequestHeaders {
    std::string content_digest;   // "sha-256=:<base64>:"
    std::string signature_input;  // "sig1=(...);created=...;nonce=\"...\";keyid=\"...\";alg=\"ed25519\""
    std::string signature;        // "sig1=:<base64>:"
};

// ParsedSignature: what a depot reads back from Signature-Input and Signature.
struct ParsedSignature {
    SignatureParams params;
    std::string signature_params_text;  // the inner list as sent: the last line of the signature base
    std::string signature;              // 64 raw bytes
};

// "sha-256=:<base64 of SHA-256(body)>:" (RFC 9530); an empty body has a digest too.
std::string content_digest(std::string_view body);
// "("@method" "@path" "@query" "content-digest");created=..;nonce="..";keyid="..";alg="ed25519""
std::string signature_params_text(const SignatureParams& params);
// The RFC 9421 §2.5 signature base: one line per component, then "@signature-params"; no final newline.
std::string signature_base(const SignedRequestTarget& target, std::string_view params_text);
// Digest, signature base and signature of one request, as headers.
SignedRequestHeaders sign_request(const SigningKey& key, std::string_view method, std::string_view path_and_query,
                                  std::string_view body, const SignatureParams& params);
// The same for a body whose SHA-256 the caller has already computed and checked (a file named by
// its hash, verified when read): `sha256_hex` gives the Content-Digest without hashing the body again.
SignedRequestHeaders sign_request_with_sha256(const SigningKey& key, std::string_view method, std::string_view path_and_query,
                                              std::string_view sha256_hex, const SignatureParams& params);

// Reads Signature-Input and Signature strictly: one signature labelled sig1, exactly fieldcheck's
// components in order, each parameter once, alg "ed25519", bounded lengths; anything else is
// `bad_signature` with the reason in the message (never a crash on a hostile header).
Expected<ParsedSignature> parse_signature_headers(std::string_view signature_input, std::string_view signature);

// The target a request's "/path?query" names (the query kept raw, as §2.2.7 signs it).
SignedRequestTarget request_target(std::string_view method, std::string_view path_and_query, std::string content_digest);

// The record signature: Ed25519 over "fieldcheck-record/1\n" + visit_id + "\n" + seal, as the header
// value ":<base64>:". Verifying checks the header's shape too.
std::string record_signature_header(const SigningKey& key, std::string_view visit_id, std::string_view seal);
bool verify_record_signature(const PublicKey& key, std::string_view visit_id, std::string_view seal,
                             std::string_view header_value);

}  // namespace fc

namespace fc {
// True when `parsed.signature` is `key`'s signature of the base built from `target` and the params text.
bool verify_request_signature(const PublicKey& key, const SignedRequestTarget& target, const ParsedSignature& parsed);
}  // namespace fc
