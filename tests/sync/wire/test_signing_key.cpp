// SigningKey and its byte tools: Ed25519 as RFC 8032 defines it, base64 as RFC 4648, HMAC as RFC 4231.
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "sync/wire/signing_key.h"
#include "tests/error_code_doctest.h"
#include "tests/test_text.h"

using namespace fc;

namespace {

template <class T>
std::optional<ErrorCode> code_of(const Expected<T>& r) {
    if (r.ok()) return std::nullopt;
    return r.error().code;
}


}  // namespace

TEST_CASE("an Ed25519 key from RFC 8032's first test seed signs the empty message as the RFC says") {
    auto key = SigningKey::from_seed(fc::test::from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    REQUIRE(key.ok());
    const std::string pub = fc::test::from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    CHECK(key->public_key().base64() == base64_encode(pub));
    const std::string sig = key->sign("");
    CHECK(sig == fc::test::from_hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
    CHECK(verify_signature(key->public_key(), "", sig));
}

TEST_CASE("a signature verifies only for its own message, its own key and its own 64 bytes") {
    const SigningKey key = SigningKey::generate();
    const SigningKey other = SigningKey::generate();
    const std::string sig = key.sign("visit v-1 sealed abc");
    CHECK(verify_signature(key.public_key(), "visit v-1 sealed abc", sig));
    CHECK_FALSE(verify_signature(key.public_key(), "visit v-2 sealed abc", sig));
    CHECK_FALSE(verify_signature(other.public_key(), "visit v-1 sealed abc", sig));
    std::string flipped = sig;
    flipped[10] = static_cast<char>(flipped[10] ^ 1);
    CHECK_FALSE(verify_signature(key.public_key(), "visit v-1 sealed abc", flipped));
    CHECK_FALSE(verify_signature(key.public_key(), "visit v-1 sealed abc", sig.substr(0, 63)));
    CHECK_FALSE(verify_signature(key.public_key(), "visit v-1 sealed abc", ""));
}

TEST_CASE("a key kept as its seed comes back the same key") {
    const SigningKey key = SigningKey::generate();
    auto again = SigningKey::from_seed(key.seed());
    REQUIRE(again.ok());
    CHECK(again->public_key() == key.public_key());
    CHECK(again->sign("x") == key.sign("x"));
    CHECK(code_of(SigningKey::from_seed("short")) == ErrorCode::bad_key);
    CHECK(SigningKey::generate().public_key() != key.public_key());
}

TEST_CASE("a public key travels as 44 base64 characters and nothing else is taken for one") {
    const PublicKey pk = SigningKey::generate().public_key();
    const std::string text = pk.base64();
    CHECK(text.size() == 44);
    auto back = PublicKey::from_base64(text);
    REQUIRE(back.ok());
    CHECK(back.value() == pk);
    CHECK(code_of(PublicKey::from_base64(text.substr(0, 40))) == ErrorCode::bad_key);
    CHECK(code_of(PublicKey::from_base64(base64_encode(std::string(33, 'a')))) == ErrorCode::bad_key);
    CHECK(code_of(PublicKey::from_base64("not base64 at all!!")) == ErrorCode::bad_key);
}

TEST_CASE("base64 is RFC 4648's standard alphabet with padding, and strict when read") {
    CHECK(base64_encode("") == "");
    CHECK(base64_encode("f") == "Zg==");
    CHECK(base64_encode("foob") == "Zm9vYg==");
    CHECK(base64_encode("\xfb\xff") == "+/8=");
    CHECK(base64_decode("Zm9vYmFy").value() == "foobar");
    CHECK(base64_decode("+/8=").value() == "\xfb\xff");
    CHECK(code_of(base64_decode("Zg")) == ErrorCode::malformed);
    CHECK(code_of(base64_decode("Zm9v YmFy")) == ErrorCode::malformed);
    CHECK(code_of(base64_decode("-_8=")) == ErrorCode::malformed);
}

TEST_CASE("HMAC-SHA-256 and SHA-256 give the published values") {
    // RFC 4231 test case 2.
    CHECK(hmac_sha256_bytes("Jefe", "what do ya want for nothing?") ==
          fc::test::from_hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    CHECK(sha256_bytes("abc") == fc::test::from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    CHECK(random_bytes(32).size() == 32);
    CHECK(random_bytes(32) != random_bytes(32));
    CHECK(equal_in_constant_time("abc", "abc"));
    CHECK_FALSE(equal_in_constant_time("abc", "abd"));
    CHECK_FALSE(equal_in_constant_time("abc", "ab"));
}
