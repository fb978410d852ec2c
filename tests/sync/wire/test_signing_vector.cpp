// The signing test vector in docs/sync-api.md, read from the doc itself: the doc and the code
// cannot drift apart.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "sync/wire/request_signature.h"
#include "tests/test_text.h"

using namespace fc;

namespace {

// The fenced block right after `marker` in the doc.
std::string block_after(const std::string& doc, const std::string& marker) {
    const auto at = doc.find(marker);
    REQUIRE(at != std::string::npos);
    const auto open = doc.find("```\n", at);
    const auto close = doc.find("\n```", open + 4);
    REQUIRE(open != std::string::npos);
    REQUIRE(close != std::string::npos);
    return doc.substr(open + 4, close - open - 4);
}

// "name:   value" lines; the value is everything after the run of spaces.
std::map<std::string, std::string> fields_of(const std::string& block) {
    std::map<std::string, std::string> out;
    std::istringstream lines(block);
    for (std::string line; std::getline(lines, line);) {
        const auto colon = line.find(": ");
        if (colon == std::string::npos) continue;
        const auto value = line.find_first_not_of(' ', colon + 1);
        out[line.substr(0, colon)] = line.substr(value);
    }
    return out;
}


std::string key_id_of(const PublicKey& key) {
    const std::string digest = sha256_bytes(std::string(key.bytes.begin(), key.bytes.end()));
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    for (std::size_t i = 0; i < 8; ++i) {
        id += kHex[static_cast<unsigned char>(digest[i]) >> 4];
        id += kHex[static_cast<unsigned char>(digest[i]) & 15];
    }
    return id;
}

}  // namespace

TEST_CASE("the signing test vector in docs/sync-api.md is what this code signs and verifies") {
    std::ifstream in(std::string(FIELDCHECK_SOURCE_DIR) + "/docs/sync-api.md");
    REQUIRE(in);
    const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto v = fields_of(block_after(doc, "<!-- signing-vector -->"));
    const std::string base_text = block_after(doc, "<!-- signing-vector-base -->");

    auto key = SigningKey::from_seed(fc::test::from_hex(v["seed"]));
    REQUIRE(key.ok());
    CHECK(key->public_key().base64() == v["public key"]);
    CHECK(key_id_of(key->public_key()) == v["key id"]);
    const SignatureParams params{std::stoll(v["created"]), v["nonce"], v["key id"]};
    const SignedRequestHeaders h = sign_request(*key, v["method"], v["path and query"], v["body"], params);
    CHECK(h.content_digest == v["Content-Digest"]);
    CHECK(h.signature_input == v["Signature-Input"]);
    CHECK(h.signature == v["Signature"]);
    CHECK(signature_base(request_target(v["method"], v["path and query"], h.content_digest), signature_params_text(params)) == base_text);
    auto parsed = parse_signature_headers(v["Signature-Input"], v["Signature"]);
    REQUIRE(parsed.ok());
    CHECK(verify_request_signature(key->public_key(), request_target(v["method"], v["path and query"], content_digest(v["body"])), *parsed));
    CHECK(record_signature_header(*key, "V-1", "0f3c") == v["record of V-1 with seal 0f3c"]);
}
