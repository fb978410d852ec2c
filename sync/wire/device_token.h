#pragma once
// DeviceToken: the secret a tablet presents to the depot; the depot keeps only its SHA-256.
#include <string>
#include <string_view>

#include "checklists/expected.h"

namespace fc {

inline constexpr std::size_t kDeviceTokenBytes = 32;  // 256 random bits

// 64 lowercase hex digits from OpenSSL's RAND_bytes; an error when the generator is not seeded.
Expected<std::string> generate_device_token();

// What the depot stores and looks up: SHA-256 of the token text, lowercase hex.
std::string device_token_hash(std::string_view token);

// A token as it must look (64 lowercase hex digits); anything else is refused before hashing.
bool is_device_token(std::string_view token);

// Compares two equal-length secrets without an early exit, so timing says nothing about where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace fc
