// Hostile bytes into the depot's reading of Signature-Input and Signature (the input split at the
// first newline): no crash, no hang; an accepted header carries what the depot needs, and its
// parameters make the same Signature-Input again when written in fieldcheck's own order.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sync/wire/request_signature.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace fc;
    const std::string text(fuzz::as_text(data, size));
    const auto cut = text.find('\n');
    const std::string input = text.substr(0, cut);
    const std::string signature = cut == std::string::npos ? std::string() : text.substr(cut + 1);
    const auto parsed = parse_signature_headers(input, signature);
    if (!parsed) {
        if (parsed.error().code != ErrorCode::bad_signature) fuzz::broken_promise("a refused signature is not bad_signature");
        return 0;
    }
    if (parsed->signature.size() != kSignatureBytes) fuzz::broken_promise("an accepted signature is not 64 bytes");
    if (parsed->params.key_id.empty() || parsed->params.nonce.empty()) fuzz::broken_promise("an accepted signature lacks keyid or nonce");
    const auto again = parse_signature_headers("sig1=" + signature_params_text(parsed->params), signature);
    if (!again || again->params.created_s != parsed->params.created_s) {
        fuzz::broken_promise("accepted parameters do not read back:", input);
    }
    (void)verify_request_signature(SigningKey::from_seed(std::string(32, '\1')).value().public_key(),
                                   request_target("GET", "/a?b", content_digest("")), parsed.value());
    return 0;
}
