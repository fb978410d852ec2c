#pragma once
// What the manage area's tests share: the shipped template's bytes to upload (changed where a test
// needs it broken), hostile text every page must show escaped, and the page checks for it.
#include <doctest/doctest.h>

#include <string>

#include "tests/sync/depot/office_browser.h"

namespace fc::test {

inline const char* kUploadedTemplate = "wifi-activation-en";  // version 3 on disk

inline std::string template_bytes(const std::string& name = kUploadedTemplate) {
    return read_file(std::filesystem::path(FIELDCHECK_SOURCE_DIR) / "templates" / (name + ".json"));
}

// `text` with its first `from` replaced by `to` (the test fails when `from` is not there).
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    return text.replace(at, from.size(), to);
}

// A script, both quotes, an ampersand and a right-to-left override: what a page must never pass raw.
inline const std::string kHostile = "<script>alert(1)</script>\"'&\u202E";

// The page shows `kHostile` escaped and nowhere raw.
inline void check_escaped(const std::string& body) {
    CHECK(body.find("<script>") == std::string::npos);
    CHECK(body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
}

// Logs in a fresh account of `role` and opens `page` so the next post carries its form token.
inline OfficeBrowser logged_in(RunningDepot& depot, const std::string& name, OfficeRole role, const std::string& page,
                               Lang lang = Lang::En) {
    add_office_user(depot, name, role, "correct horse battery", lang);
    OfficeBrowser b(depot);
    REQUIRE(b.login(name));
    auto r = b.get(page);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return b;
}

}  // namespace fc::test
