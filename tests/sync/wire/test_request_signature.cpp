// Request signatures (RFC 9421 ed25519 over @method @path @query content-digest) and record signatures.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "checklists/sha256.h"
#include "sync/wire/request_signature.h"
#include "tests/error_code_doctest.h"

using namespace fc;

namespace {

SigningKey fixed_key() { return SigningKey::from_seed(std::string(32, '\x07')).value(); }

SignatureParams params_of(std::int64_t created) { return {created, "bm9uY2Utbm9uY2Utbm9uYw==", "0123456789abcdef"}; }

bool verifies(const SigningKey& key, const SignedRequestHeaders& h, std::string_view method, std::string_view path_and_query,
              std::string_view body) {
    auto parsed = parse_signature_headers(h.signature_input, h.signature);
    if (!parsed) return false;
    return verify_request_signature(key.public_key(), request_target(method, path_and_query, content_digest(body)), *parsed);
}

}  // namespace

TEST_CASE("Content-Digest is RFC 9530's sha-256 of the body, also for an empty body") {
    CHECK(content_digest("{\"hello\": \"world\"}") == "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
    CHECK(content_digest("") == "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:");
}

TEST_CASE("the signature base lists the four components and the params line as RFC 9421 section 2.5 writes it") {
    const auto target = request_target("GET", "/api/v1/assignments?since=abc", content_digest(""));
    const std::string base = signature_base(target, signature_params_text(params_of(1700000000)));
    CHECK(base == "\"@method\": GET\n\"@path\": /api/v1/assignments\n\"@query\": ?since=abc\n"
                  "\"content-digest\": sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:\n"
                  "\"@signature-params\": (\"@method\" \"@path\" \"@query\" \"content-digest\");created=1700000000;"
                  "nonce=\"bm9uY2Utbm9uY2Utbm9uYw==\";keyid=\"0123456789abcdef\";alg=\"ed25519\"");
    CHECK(signature_base(request_target("GET", "/healthz", ""), "x").find("\"@query\": ?\n") != std::string::npos);
}

TEST_CASE("a signed request verifies and changing its method, path, query, body or key breaks it") {
    const SigningKey key = fixed_key();
    const auto h = sign_request(key, "PUT", "/api/v1/visits/V1?x=1", "body", params_of(1700000000));
    CHECK(h.signature_input.rfind("sig1=(\"@method\"", 0) == 0);
    CHECK(verifies(key, h, "PUT", "/api/v1/visits/V1?x=1", "body"));
    CHECK_FALSE(verifies(key, h, "GET", "/api/v1/visits/V1?x=1", "body"));
    CHECK_FALSE(verifies(key, h, "PUT", "/api/v1/visits/V2?x=1", "body"));
    CHECK_FALSE(verifies(key, h, "PUT", "/api/v1/visits/V1?x=2", "body"));
    CHECK_FALSE(verifies(key, h, "PUT", "/api/v1/visits/V1", "body"));
    CHECK_FALSE(verifies(key, h, "PUT", "/api/v1/visits/V1?x=1", "bodY"));
    CHECK_FALSE(verifies(SigningKey::generate(), h, "PUT", "/api/v1/visits/V1?x=1", "body"));
    auto later = h;
    later.signature_input.replace(later.signature_input.find("1700000000"), 10, "1700000001");
    CHECK_FALSE(verifies(key, later, "PUT", "/api/v1/visits/V1?x=1", "body"));
}

TEST_CASE("the parser reads back the parameters in any order and refuses every other shape as bad_signature") {
    const SigningKey key = fixed_key();
    const auto h = sign_request(key, "GET", "/a", "", params_of(42));
    auto parsed = parse_signature_headers(h.signature_input, h.signature);
    REQUIRE(parsed.ok());
    CHECK(parsed->params.created_s == 42);
    CHECK(parsed->params.key_id == "0123456789abcdef");
    CHECK(parsed->params.nonce == "bm9uY2Utbm9uY2Utbm9uYw==");
    const std::string comps = R"(sig1=("@method" "@path" "@query" "content-digest"))";
    const std::string ok_params = ";created=1;nonce=\"n\";keyid=\"k\";alg=\"ed25519\"";
    CHECK(parse_signature_headers(comps + ";alg=\"ed25519\";keyid=\"k\";nonce=\"n\";created=1", h.signature).ok());
    const char* bad_inputs[] = {
        "", "sig1=", "sig2=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;nonce=\"n\";keyid=\"k\";alg=\"ed25519\"",
        "sig1=(\"@method\" \"@path\" \"content-digest\");created=1;nonce=\"n\";keyid=\"k\";alg=\"ed25519\"",
        "sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;nonce=\"n\";keyid=\"k\"",
        "sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;nonce=\"n\";keyid=\"k\";alg=\"rsa-pss-sha512\"",
        "sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;created=2;nonce=\"n\";keyid=\"k\";alg=\"ed25519\"",
        "sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=x;nonce=\"n\";keyid=\"k\";alg=\"ed25519\"",
        "sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;nonce=\"n;keyid=\"k\";alg=\"ed25519\"",
        "sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;nonce=\"\";keyid=\"k\";alg=\"ed25519\"",
        "sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;nonce=\"n\";keyid=\"k\";alg=\"ed25519\";expires=9",
        "sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=99999999999999999;nonce=\"n\";keyid=\"k\";alg=\"ed25519\"",
        "sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;nonce=\"n\";keyid=\"k\";alg=\"ed25519\" ",
    };
    for (const char* bad : bad_inputs) {
        CAPTURE(bad);
        CHECK(parse_signature_headers(bad, h.signature).error().code == ErrorCode::bad_signature);
    }
    for (const char* bad_sig : {"", "sig1=", "sig1=::", "sig1=:AAAA:", "sig2=:AAAA:", "sig1=:!!:"}) {
        CAPTURE(bad_sig);
        CHECK(parse_signature_headers(comps + ok_params, bad_sig).error().code == ErrorCode::bad_signature);
    }
    CHECK(parse_signature_headers(comps + ok_params + std::string(600, ' '), h.signature).error().code == ErrorCode::bad_signature);
}

TEST_CASE("hostile Signature-Input headers made by mutating a real one are refused or read without a crash") {
    const SigningKey key = fixed_key();
    const auto h = sign_request(key, "GET", "/a", "", params_of(42));
    std::mt19937 random(11);
    for (int round = 0; round < 5000; ++round) {
        std::string input = h.signature_input;
        std::string sig = h.signature;
        for (int n = 0; n < 1 + static_cast<int>(random() % 4); ++n) {
            std::string& victim = random() % 2 ? input : sig;
            if (victim.empty()) continue;
            const std::size_t at = random() % victim.size();
            switch (random() % 3) {
                case 0: victim[at] = static_cast<char>(random() % 256); break;
                case 1: victim.erase(at, 1 + random() % 8); break;
                default: victim.insert(at, std::string(1 + random() % 4, static_cast<char>(random() % 256))); break;
            }
        }
        auto parsed = parse_signature_headers(input, sig);
        if (parsed) (void)verify_request_signature(key.public_key(), request_target("GET", "/a", content_digest("")), *parsed);
    }
}

TEST_CASE("a record signature covers the visit id and the seal and nothing verifies under another key") {
    const SigningKey key = fixed_key();
    const std::string header = record_signature_header(key, "V1", "seal-1");
    CHECK(header.front() == ':');
    CHECK(verify_record_signature(key.public_key(), "V1", "seal-1", header));
    CHECK_FALSE(verify_record_signature(key.public_key(), "V2", "seal-1", header));
    CHECK_FALSE(verify_record_signature(key.public_key(), "V1", "seal-2", header));
    CHECK_FALSE(verify_record_signature(SigningKey::generate().public_key(), "V1", "seal-1", header));
    CHECK_FALSE(verify_record_signature(key.public_key(), "V1", "seal-1", ""));
    CHECK_FALSE(verify_record_signature(key.public_key(), "V1", "seal-1", header.substr(1)));
}

TEST_CASE("a request signed from its body's known SHA-256 carries the same headers as one signed from the body") {
    const SigningKey key = SigningKey::generate();
    const std::string photo(300'000, 'p');
    const SignatureParams params{1'750'000'000, "bm9uY2Vub25jZW5vbmNlMQ==", "key-1"};
    const SignedRequestHeaders from_body = sign_request(key, "PUT", "/api/v1/attachments/x", photo, params);
    const SignedRequestHeaders from_hash =
        sign_request_with_sha256(key, "PUT", "/api/v1/attachments/x", sha256_hex(photo), params);
    CHECK(from_hash.content_digest == from_body.content_digest);
    CHECK(from_hash.signature_input == from_body.signature_input);
    CHECK(from_hash.signature == from_body.signature);
}
