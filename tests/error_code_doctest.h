#pragma once
// Lets doctest print an ErrorCode (and an optional one) by its stable name in a failed CHECK.
#include <doctest/doctest.h>

#include <optional>

#include "checklists/error_code.h"

namespace doctest {

template <>
struct StringMaker<fc::ErrorCode> {
    static String convert(fc::ErrorCode code) { return fc::to_string(code).c_str(); }
};

template <>
struct StringMaker<std::optional<fc::ErrorCode>> {
    static String convert(const std::optional<fc::ErrorCode>& code) {
        return code ? fc::to_string(*code).c_str() : "accepted (no error)";
    }
};

}  // namespace doctest
