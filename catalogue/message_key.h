#pragma once
// Key: a message key written in the code, checked against the catalogue while compiling, so a
// misspelt key in a screen is a build error rather than "[[...]]" on a tablet.
#include <algorithm>
#include <iterator>
#include <string_view>

#include "catalogue/message_keys.h"  // generated from catalogue/po by po_compile

namespace fc {

// Declared, never defined: a Key whose name is not in catalogue/po calls it while compiling, and
// the compiler names it in the error.
void message_key_is_not_in_catalogue_po();

class Key {
public:
    consteval Key(const char* name) : name_(name) {  // NOLINT: implicit, so screens write t("today.title")
        if (!std::binary_search(std::begin(catalogue_keys::kSorted), std::end(catalogue_keys::kSorted), name_)) {
            message_key_is_not_in_catalogue_po();
        }
    }
    constexpr std::string_view name() const { return name_; }

private:
    std::string_view name_;
};

}  // namespace fc
