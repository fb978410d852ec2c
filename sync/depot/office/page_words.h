#pragma once
// set_words: a page's fixed words from the catalogue into its Mustache data in one call, so a view's
// {{label}} is always the catalogue's "<prefix><label>" in the account's language.
#include <initializer_list>
#include <string>
#include <string_view>

#include "catalogue/catalogue.h"
#include "sync/depot/web/web_page.h"

namespace fc {

inline void set_words(PageData& data, Lang lang, std::string_view prefix, std::initializer_list<const char*> names) {
    for (const char* name : names) data.set(name, text(lang, std::string(prefix) + name));
}

}  // namespace fc
