// In Dutch the customer is addressed one way, with "u" (story 003): every catalogue text and every
// template text the customer can see says "u/uw", never "je/jij/jouw".
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/catalogue.h"
#include "checklists/template_parser.h"
#include "tests/catalogue/informal_dutch.h"

using namespace fc;

namespace {

// What the customer can read: their message, customer mode (the survey, the handover and signature in
// it, its buttons and practice banner) and any error, since customer mode words its errors in the
// customer's language; and the depot's pages for the customer's own phone (phone.).
constexpr std::string_view kCustomerPrefixes[] = {"customer.", "survey.", "handover.", "signature.",
                                                  "common.",   "practice.", "error.",     "phone."};

bool customer_sees(std::string_view key) {
    for (std::string_view prefix : kCustomerPrefixes) {
        if (key.substr(0, prefix.size()) == prefix) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("the informal-Dutch scan finds je, jij, jouw and jullie as words, not inside other words") {
    CHECK(test::informal_dutch_words("Wil je ons nog iets vertellen?") == std::vector<std::string>{"je"});
    CHECK(test::informal_dutch_words("Jij legt uit, jouw laptop, voor jullie.") ==
          std::vector<std::string>{"jij", "jouw", "jullie"});
    CHECK(test::informal_dutch_words("Hoe tevreden bent u met jezelf?") == std::vector<std::string>{"jezelf"});
    CHECK(test::informal_dutch_words("Uw antwoorden; jeugd, bijeen, meje, enjoy").empty());
    CHECK(test::informal_dutch_words("Wéér je").size() == 1);
}

TEST_CASE("every Dutch catalogue text the customer can see says u, never je, jij or jouw") {
    int scanned = 0;
    for (const std::string_view key : message_keys()) {
        if (!customer_sees(key)) continue;
        const auto nl = pattern(Lang::Nl, key);
        REQUIRE(nl.has_value());
        CAPTURE(key);
        CAPTURE(*nl);
        CHECK(test::informal_dutch_words(*nl).empty());
        ++scanned;
    }
    CHECK(scanned > 100);  // the prefixes still name the customer's keys
    CHECK(text(Lang::Nl, "survey.private").find("uw") != std::string::npos);
}

TEST_CASE("every shipped Dutch template speaks to the customer with u: survey, handover, to-do list, message") {
    int scanned = 0;
    for (const auto& e : std::filesystem::directory_iterator(FIELDCHECK_SOURCE_DIR "/templates")) {
        if (e.path().extension() != ".json") continue;
        std::ifstream in(e.path(), std::ios::binary);
        const TemplateParseResult parsed =
            parse_template(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
        REQUIRE_MESSAGE(parsed.checklist.has_value(), e.path().string());
        const ChecklistTemplate& t = *parsed.checklist;
        if (t.language != "nl") continue;
        // What the customer reads of a template; the help texts are the technician's.
        std::vector<std::string> customer_texts;
        for (const SurveyQuestion& q : t.survey) customer_texts.push_back(q.title);
        for (const HandoverItem& h : t.handover) customer_texts.insert(customer_texts.end(), {h.title, h.todo});
        for (const Precheck& p : t.prechecks) customer_texts.push_back(p.customer_text);
        for (const std::string& s : customer_texts) {
            CAPTURE(t.id);
            CAPTURE(s);
            CHECK(test::informal_dutch_words(s).empty());
            ++scanned;
        }
    }
    CHECK(scanned > 30);
}
