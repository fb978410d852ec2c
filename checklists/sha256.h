#pragma once
// SHA-256 as lowercase hex, for seals and content-addressed attachments.
#include <string>
#include <string_view>

namespace fc {

std::string sha256_hex(std::string_view bytes);
bool is_sha256_hex(std::string_view s);  // 64 lowercase hex digits

}  // namespace fc
