#pragma once
// parse_json_with_exact_numbers: RapidJSON DOM parsing whose numbers are converted by the C library
// (correctly rounded, locale-independent) instead of RapidJSON's own full-precision path.
#include <cstddef>
#include <optional>
#include <string_view>

#include <rapidjson/document.h>
#include <rapidjson/error/error.h>

namespace fc {

struct JsonSyntaxError {
    rapidjson::ParseErrorCode code;
    std::size_t offset;  // bytes from the start of the input
};

// Why not kParseFullPrecisionFlag: Debian's RapidJSON 1.1.0 crashes (SIGSEGV) on a fraction with
// a few hundred leading zeros ("0.000…001") in that mode, and without it numbers may be off by an
// ulp, which would break write-then-read round trips.
// NaN, Infinity and -Infinity are accepted as numbers so that a caller can name the field holding
// one; callers must check std::isfinite. Run check_json_bounds first: RapidJSON recurses.
std::optional<JsonSyntaxError> parse_json_with_exact_numbers(std::string_view json, rapidjson::Document& doc);

}  // namespace fc
