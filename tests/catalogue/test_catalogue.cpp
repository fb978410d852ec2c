// The message catalogue: every key in every language, every error code worded, lookups that fail visibly.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "catalogue/catalogue.h"
#include "catalogue/error_message.h"
#include "catalogue/lang.h"
#include "catalogue/message_key.h"

using namespace fc;

namespace {

constexpr Lang kLangs[] = {Lang::En, Lang::Nl};

std::set<std::string> placeholders_of(std::string_view s) {
    std::set<std::string> out;
    for (std::size_t i = s.find('{'); i != std::string_view::npos; i = s.find('{', i + 1)) {
        const std::size_t end = s.find('}', i);
        if (end != std::string_view::npos) out.emplace(s.substr(i + 1, end - i - 1));
    }
    return out;
}

#define FC_ERROR_CODE_LIST_ENTRY(name) ErrorCode::name,
constexpr ErrorCode kAllCodes[] = {FC_ERROR_CODES(FC_ERROR_CODE_LIST_ENTRY)};
#undef FC_ERROR_CODE_LIST_ENTRY

constexpr ErrorCode kStoreCodes[] = {ErrorCode::disk_full, ErrorCode::io_error, ErrorCode::sqlite_error,
                                     ErrorCode::busy, ErrorCode::corrupt};

}  // namespace

TEST_CASE("every key has a text in every language, with the same placeholders") {
    const auto keys = message_keys();
    REQUIRE(keys.size() > 200);
    for (const std::string_view key : keys) {
        CAPTURE(key);
        const auto en = pattern(Lang::En, key);
        const auto nl = pattern(Lang::Nl, key);
        REQUIRE(en.has_value());
        REQUIRE(nl.has_value());
        CHECK_FALSE(en->empty());
        CHECK_FALSE(nl->empty());
        CHECK(placeholders_of(*en) == placeholders_of(*nl));
    }
}

TEST_CASE("the keys are sorted and unique, so a lookup finds each one") {
    const auto keys = message_keys();
    for (std::size_t i = 1; i < keys.size(); ++i) CHECK(keys[i - 1] < keys[i]);
    for (const std::string_view key : keys) CHECK(has_key(key));
    CHECK_FALSE(has_key("today.titel"));
}

TEST_CASE("every ErrorCode has a sentence in every language") {
    for (const ErrorCode code : kAllCodes) {
        const std::string key = "error." + to_string(code);
        CAPTURE(key);
        CHECK(has_key(key));
        for (const Lang lang : kLangs) {
            const std::string words = error_message(lang, make_error(code, "an English sentence for the log"));
            CHECK(words.find(kLookupFault) == std::string::npos);
            CHECK(words.find("English sentence") == std::string::npos);
        }
    }
}

TEST_CASE("every error.<code>.about belongs to a code and names its subject") {
    std::set<std::string> codes;
    for (const ErrorCode code : kAllCodes) codes.insert(to_string(code));
    for (const std::string_view key : message_keys()) {
        if (key.substr(0, 6) != "error.") continue;
        CAPTURE(key);
        const std::string_view rest = key.substr(6);
        const std::size_t dot = rest.find('.');
        CHECK(codes.count(std::string(rest.substr(0, dot))) == 1);
        if (dot == std::string_view::npos) continue;
        CHECK(rest.substr(dot) == ".about");
        CHECK(placeholders_of(*pattern(Lang::En, key)) == std::set<std::string>{"subject"});
    }
}

TEST_CASE("a store failure says that nothing was saved, with or without a subject") {
    for (const ErrorCode code : kStoreCodes) {
        CAPTURE(to_string(code));
        CHECK(error_message(Lang::En, make_error(code, "x")).rfind("Not saved:", 0) == 0);
        CHECK(error_message(Lang::Nl, make_error(code, "x")).rfind("Niet opgeslagen:", 0) == 0);
        CHECK(error_message(Lang::Nl, make_error(code, "x"), "Foto meterkast").rfind("Niet opgeslagen:", 0) == 0);
    }
}

TEST_CASE("an error with a subject names it, and without one the general sentence stands") {
    const Error e = make_error(ErrorCode::survey_incomplete, "question \"Arrival\" has no answer yet");
    CHECK(error_message(Lang::Nl, e) == "Beantwoord alstublieft elke vraag.");
    CHECK(error_message(Lang::Nl, e, "Aankomst") == "Beantwoord alstublieft ook de vraag \u201CAankomst\u201D.");
    CHECK(error_message(Lang::En, e, "Arrival") == "Question \u201CArrival\u201D has no answer yet.");
    // A code without an ".about" sentence keeps its own, subject or not.
    CHECK(error_message(Lang::En, make_error(ErrorCode::wrong_pin, "x"), "anything") == "Wrong PIN.");
}

TEST_CASE("placeholders are filled by name, in the order the language needs") {
    CHECK(text(Lang::En, "steps.step_of", {{"n", "3"}, {"count", "9"}}) == "Step 3 of 9");
    CHECK(text(Lang::Nl, "steps.step_of", {{"count", "9"}, {"n", "3"}}) == "Stap 3 van 9");
    // Extra values are fine: an error may carry more than its sentence quotes.
    CHECK(text(Lang::En, "sync.attempts", {{"count", "2"}, {"unused", "x"}}) == "2 attempt(s) so far");
}

TEST_CASE("an unknown key or a placeholder without a value shows up, never silently") {
    CHECK(text(Lang::Nl, "today.titel") == "[[today.titel]]");
    const std::string missing = text(Lang::En, "steps.step_of", {{"n", "3"}});
    CHECK(missing == "Step 3 of [[{count}]]");
    CHECK(missing.find(kLookupFault) != std::string::npos);
    CHECK_FALSE(pattern(Lang::En, "today.titel").has_value());
}

TEST_CASE("a key written in the code is checked against the catalogue while compiling") {
    constexpr Key key = "today.title";
    static_assert(key.name() == "today.title");
    // Key("today.titel") does not compile: "call to non-'constexpr' function message_key_is_not_in_catalogue_po".
    CHECK(text(Lang::Nl, key.name()) == "Vandaag");
}

TEST_CASE("a language code is parsed by the catalogue, and only known ones") {
    for (const Lang lang : kLangs) CHECK(lang_from_code(lang_code(lang)) == lang);
    CHECK(lang_from_code("nl") == Lang::Nl);
    CHECK_FALSE(lang_from_code("de").has_value());
    CHECK_FALSE(lang_from_code("NL").has_value());
    CHECK_FALSE(lang_from_code("").has_value());
}

TEST_CASE("two languages at once from several threads give each thread its own language") {
    // The depot words answers on worker threads and the tablet draws two languages in one frame: a
    // lookup has no "current language" to trample.
    std::vector<std::thread> threads;
    std::vector<int> wrong(8, 0);
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([i, &wrong] {
            const Lang lang = i % 2 ? Lang::Nl : Lang::En;
            const std::string expected = lang == Lang::Nl ? "Stap 1 van 2" : "Step 1 of 2";
            for (int n = 0; n < 2000; ++n) {
                if (text(lang, "steps.step_of", {{"n", "1"}, {"count", "2"}}) != expected) ++wrong[static_cast<std::size_t>(i)];
            }
        });
    }
    for (std::thread& t : threads) t.join();
    for (const int w : wrong) CHECK(w == 0);
}
