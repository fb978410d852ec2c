// The same recorded visits seal to the same SHA-256 and sign to the same bytes on every architecture
// (issue 17): the golden walks of every record format are walked again, and their seals, record
// signatures and signed uploads under a fixed test key are compared with the committed
// tests/checklists/golden/signatures.txt. The native suite and the arm64 suite (scripts/test-arm64.sh)
// read the same file, so x86-64 and arm64 are compared byte for byte.
// FIELDCHECK_WRITE_GOLDEN=signatures (re)writes the file; only on purpose, and say why in the commit.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sync/wire/request_signature.h"
#include "tests/checklists/golden_walks_format5.h"

using namespace fc;
using namespace fc::golden;

namespace {

const std::filesystem::path kSignaturesFile =
    std::filesystem::path(FIELDCHECK_SOURCE_DIR) / "tests/checklists/golden/signatures.txt";

// A fixed test key: libsodium's Ed25519 is deterministic, so one seed gives one signature per message.
SigningKey golden_signing_key() {
    std::string seed;
    for (int i = 0; i < 32; ++i) seed.push_back(static_cast<char>(0xA0 + i));
    return SigningKey::from_seed(seed).value();
}

// The upload's signature parameters, fixed so that the Signature header is a function of the record.
SignatureParams golden_params() { return SignatureParams{1'710'111'600, "ZmllbGRjaGVjay1nb2xkZW4=", "golden-key"}; }

std::vector<GoldenWalk> every_golden_walk() {
    std::vector<GoldenWalk> out;
    for (const auto* walks : {&golden_walks(), &golden_walks_format2(), &golden_walks_format3(),
                              &golden_walks_format4(), &golden_walks_format5()}) {
        out.insert(out.end(), walks->begin(), walks->end());
    }
    return out;
}

// One line per golden record: where it is, its visit, its seal, the record signature the tablet sends
// with it, and the Content-Digest and Signature of its upload (PUT /api/v1/visits/{visit}).
std::string signature_line(const GoldenWalk& w, const SigningKey& key) {
    const auto v = walk_on_pinned_template(w);
    REQUIRE_MESSAGE(v.ok(), w.name << ": " << (v.ok() ? "" : v.error().message));
    const std::string& visit_id = v->assignment().visit_id;
    const std::string record = encode_visit_record(*v);
    const auto upload = sign_request(key, "PUT", "/api/v1/visits/" + visit_id, record, golden_params());
    return "format" + std::to_string(w.format) + "/" + w.name + " " + visit_id + " " + v->seal() + " " +
           record_signature_header(key, visit_id, v->seal()) + " " + upload.content_digest + " " + upload.signature;
}

std::string signatures_text(const SigningKey& key) {
    std::string text =
        "# Golden records' seals and signatures under the test key of tests/sync/wire/test_golden_signatures.cpp\n"
        "# (seed a0a1..bf, public key " + key.public_key().base64() + "): path visit seal record-signature\n"
        "# upload-content-digest upload-signature. Every architecture must give these bytes.\n";
    for (const GoldenWalk& w : every_golden_walk()) text += signature_line(w, key) + "\n";
    return text;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("golden signatures: every golden record seals and signs to the committed bytes on this architecture") {
    const SigningKey key = golden_signing_key();
    const std::string computed = signatures_text(key);
    const char* write = std::getenv("FIELDCHECK_WRITE_GOLDEN");
    if (write != nullptr && std::string(write) == "signatures") {
        std::ofstream(kSignaturesFile, std::ios::binary | std::ios::trunc) << computed;
        MESSAGE("wrote " << kSignaturesFile.string());
    }
    const auto committed = read_bytes(kSignaturesFile);
    REQUIRE_MESSAGE(committed.has_value(), "missing " << kSignaturesFile.string());
    const auto want = lines_of(*committed);
    const auto got = lines_of(computed);
    CHECK(got.size() == want.size());
    CHECK(got.size() == every_golden_walk().size() + 3);
    for (std::size_t i = 0; i < std::min(want.size(), got.size()); ++i) {
        CAPTURE(i);
        CHECK(got[i] == want[i]);
    }
    CHECK(computed == *committed);  // the bytes themselves, line ends included
}

TEST_CASE("golden signatures: the committed signatures verify, and one byte changed in a record or a seal does not") {
    const SigningKey key = golden_signing_key();
    const auto committed = read_bytes(kSignaturesFile);
    REQUIRE(committed.has_value());
    std::size_t checked = 0;
    for (const GoldenWalk& w : every_golden_walk()) {
        CAPTURE(w.name);
        std::istringstream fields(lines_of(*committed).at(3 + checked++));
        std::string path, visit, seal, record_signature, digest, upload_signature;
        fields >> path >> visit >> seal >> record_signature >> digest >> upload_signature;
        CHECK(path == "format" + std::to_string(w.format) + "/" + w.name);
        CHECK(seal == read_seal(w.name, w.format).value());  // the seal test_checklists pins, too
        CHECK(verify_record_signature(key.public_key(), visit, seal, record_signature));
        std::string other_seal = seal;
        other_seal[0] = other_seal[0] == '0' ? '1' : '0';
        CHECK_FALSE(verify_record_signature(key.public_key(), visit, other_seal, record_signature));

        std::string record = read_bytes(record_path(w.name, w.format)).value();
        const std::string path_and_query = "/api/v1/visits/" + visit;
        const auto headers = sign_request(key, "PUT", path_and_query, record, golden_params());
        CHECK(headers.content_digest == digest);
        CHECK(headers.signature == upload_signature);
        const auto parsed = parse_signature_headers(headers.signature_input, upload_signature).value();
        CHECK(verify_request_signature(key.public_key(), request_target("PUT", path_and_query, content_digest(record)), parsed));
        record[record.size() / 2] = static_cast<char>(record[record.size() / 2] ^ 0x01);
        CHECK_FALSE(verify_request_signature(key.public_key(), request_target("PUT", path_and_query, content_digest(record)), parsed));
    }
    CHECK(checked >= 15);
}
