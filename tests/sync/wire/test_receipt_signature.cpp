// Signed receipts: the bytes the depot signs, the JSON that carries the signature, and the checks
// the tablet makes before it believes a visit arrived.
#include <doctest/doctest.h>

#include "sync/wire/receipt_signature.h"
#include "sync/wire/wire_messages.h"

namespace fc {
namespace {

DepotReceipt plain_receipt() { return DepotReceipt{"v-1", std::string(64, 'a'), 1'700'000'000'123, 17, {}, {}}; }

}  // namespace

TEST_CASE("the receipt's signed bytes are the context line then visit, seal, time and sequence, one a line") {
    CHECK(receipt_signing_bytes(plain_receipt()) ==
          "fieldcheck-receipt/1\nv-1\n" + std::string(64, 'a') + "\n1700000000123\n17");
}

TEST_CASE("a signed receipt survives encoding and verifies only under the depot's key for its own visit and seal") {
    const SigningKey depot = SigningKey::generate();
    const SigningKey other = SigningKey::generate();
    const DepotReceipt signed_r = sign_receipt(plain_receipt(), depot);
    CHECK(signed_r.depot_key == depot.public_key().base64());
    auto decoded = decode_receipt(encode_receipt(signed_r));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == signed_r);
    const std::string seal(64, 'a');
    CHECK(check_receipt(decoded.value(), "v-1", seal, depot.public_key()) == ReceiptCheck::Verified);
    CHECK(check_receipt(decoded.value(), "v-1", seal, other.public_key()) == ReceiptCheck::BadSignature);
    CHECK(check_receipt(decoded.value(), "v-2", seal, depot.public_key()) == ReceiptCheck::WrongVisit);
    CHECK(check_receipt(decoded.value(), "v-1", std::string(64, 'b'), depot.public_key()) == ReceiptCheck::WrongVisit);
    CHECK(check_receipt(plain_receipt(), "v-1", seal, depot.public_key()) == ReceiptCheck::Unsigned);
}

TEST_CASE("any change to a signed receipt's time or sequence breaks its signature") {
    const SigningKey depot = SigningKey::generate();
    const std::string seal(64, 'a');
    DepotReceipt later = sign_receipt(plain_receipt(), depot);
    later.received_at_ms += 1;
    CHECK(check_receipt(later, "v-1", seal, depot.public_key()) == ReceiptCheck::BadSignature);
    DepotReceipt renumbered = sign_receipt(plain_receipt(), depot);
    renumbered.depot_seq = 18;
    CHECK(check_receipt(renumbered, "v-1", seal, depot.public_key()) == ReceiptCheck::BadSignature);
    // Another receipt's signature, pasted in, is no signature of this one.
    DepotReceipt pasted = plain_receipt();
    pasted.visit_id = "v-1";
    pasted.signature = sign_receipt(DepotReceipt{"v-9", seal, 1, 1, {}, {}}, depot).signature;
    CHECK(check_receipt(pasted, "v-1", seal, depot.public_key()) == ReceiptCheck::BadSignature);
}

TEST_CASE("a receipt whose signature or key is not base64 of the right length does not decode") {
    const std::string head = R"({"receipt":{"depot_seq":1,"received_at":1,"seal":")" + std::string(64, 'a') + R"(",)";
    CHECK(decode_receipt(head + R"("signature":"","visit_id":"v-1"}})").ok());  // empty: unsigned, judged later
    CHECK_FALSE(decode_receipt(head + R"("signature":"c2ln","visit_id":"v-1"}})").ok());
    CHECK_FALSE(decode_receipt(head + R"("signature":")" + std::string(5000, 'A') + R"(","visit_id":"v-1"}})").ok());
    CHECK_FALSE(decode_receipt(head + R"("signature":7,"visit_id":"v-1"}})").ok());
    CHECK_FALSE(decode_receipt(head + R"("depot_key":"AAAA","visit_id":"v-1"}})").ok());
    const std::string good_sig = sign_receipt(plain_receipt(), SigningKey::generate()).signature;
    CHECK(decode_receipt(head + R"("signature":")" + good_sig + R"(","visit_id":"v-1"}})").ok());
}

}  // namespace fc

namespace fc {

// The vector in docs/sync-api.md, computed apart from libsodium (Python's `cryptography`, OpenSSL):
// any client can check its receipt verification against it.
TEST_CASE("the documented receipt signing vector signs and verifies to the same bytes") {
    std::string seed;
    for (int i = 0; i < 32; ++i) seed += static_cast<char>(i);
    auto key = SigningKey::from_seed(seed);
    REQUIRE(key.ok());
    CHECK(key->public_key().base64() == "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=");
    const DepotReceipt r{"V-20240514-01", "e0c4bfc350a5fdeedefc74bc17eb9489f2d9f035b5f0e9b6ecc920c81e2da70a", 1795492679657, 4, {}, {}};
    const DepotReceipt signed_r = sign_receipt(r, key.value());
    CHECK(signed_r.signature == "A3XwoMlfzlVxCkV8eIHFJpFNpE0LZo3HIOEc8z+UEmjVi/daUFCW6jUFYZdyJH+qB66aZtg7kaH4cD4a8yiGAg==");
    CHECK(check_receipt(signed_r, r.visit_id, r.seal, PublicKey::from_base64("A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=").value()) ==
          ReceiptCheck::Verified);
    CHECK(encode_receipt(signed_r) ==
          R"({"receipt":{"depot_key":"A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=","depot_seq":4,"received_at":1795492679657,)"
          R"("seal":"e0c4bfc350a5fdeedefc74bc17eb9489f2d9f035b5f0e9b6ecc920c81e2da70a",)"
          R"("signature":"A3XwoMlfzlVxCkV8eIHFJpFNpE0LZo3HIOEc8z+UEmjVi/daUFCW6jUFYZdyJH+qB66aZtg7kaH4cD4a8yiGAg==","visit_id":"V-20240514-01"}})");
}

}  // namespace fc
