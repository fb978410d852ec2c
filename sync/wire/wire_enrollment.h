#pragma once
// WireEnrollment: the bodies of POST /api/v1/enroll and PUT /api/v1/device-key, and their common
// answer (the key's id and the depot's own public key, which the tablet pins).
#include <cstdint>
#include <string>
#include <string_view>

#include "checklists/expected.h"
#include "sync/wire/signing_key.h"

namespace fc {

inline constexpr std::size_t kMaxEnrollmentBodyBytes = 4 * 1024;

// {"code":"…","public_key":"<base64 of 32 bytes>"}; the code as typed, normalized by the depot.
struct EnrollRequest {
    std::string code;
    PublicKey public_key;
};
std::string encode_enroll_request(const EnrollRequest& r);
Expected<EnrollRequest> decode_enroll_request(std::string_view body);

// {"public_key":"…"}: a bearer-token tablet registering the key it made.
std::string encode_key_registration(const PublicKey& key);
Expected<PublicKey> decode_key_registration(std::string_view body);

// {"depot_public_key","depot_time","device","key_id","technician_id"}: 201 from either route.
struct Enrolled {
    std::string key_id;
    std::string technician_id;
    std::string device;
    PublicKey depot_public_key;
    std::int64_t depot_time_ms = 0;  // the depot's clock, for the tablet's clock offset
};
std::string encode_enrolled(const Enrolled& e);
Expected<Enrolled> decode_enrolled(std::string_view body);

}  // namespace fc
