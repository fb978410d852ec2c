#pragma once
// Test support for signed requests: a device key registered in a depot's store (as enrollment
// would), and raw signed requests built by hand, for tests that speak HTTP themselves.
#include <httplib.h>

#include <stdexcept>
#include <string>

#include "sync/client/wire_client.h"
#include "sync/depot/depot_store.h"
#include "sync/wire/request_signature.h"

namespace fc::test {

// A device key registered for `technician` directly in the depot's store.
inline DeviceSigner register_signer(DepotStore& store, const std::string& technician, const std::string& device = "tablet 1") {
    const SigningKey key = SigningKey::generate();
    auto bound = store.register_device_key(key.public_key(), technician, device, 0, 1'700'000'000'000);
    if (!bound) throw std::runtime_error(bound.error().message);
    return DeviceSigner{bound->key_id, key};
}

// The headers of one signed request, created at `created_s` with a fresh nonce.
inline httplib::Headers signed_headers(const DeviceSigner& signer, const std::string& method, const std::string& path_and_query,
                                       const std::string& body, std::int64_t created_s) {
    const SignatureParams params{created_s, base64_encode(random_bytes(16)), signer.key_id};
    const SignedRequestHeaders h = sign_request(signer.key, method, path_and_query, body, params);
    return {{"Content-Digest", h.content_digest}, {"Signature-Input", h.signature_input}, {"Signature", h.signature}};
}

}  // namespace fc::test
