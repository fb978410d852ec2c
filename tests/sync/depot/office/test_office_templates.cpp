// The templates page on a real depot (issue 14): an upload is checked by the parser behind
// check-template and imported like `template import`; a file with problems lists every one with its
// JSON path and stores nothing, whatever the file is (not UTF-8, not JSON, 10 MB, nested deep).
#include <doctest/doctest.h>

#include "checklists/template_parser.h"
#include "tests/sync/depot/office/manage_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

httplib::Result upload(OfficeBrowser& b, const std::string& bytes) {
    return b.post_multipart("/templates", {{"template", bytes, "template.json", "application/json"}});
}

std::size_t template_count(RunningDepot& depot) { return depot.store->list_templates().value().size(); }

}  // namespace

TEST_CASE("office templates: a planner's good upload is imported once, listed with title, language and version") {
    RunningDepot depot;
    OfficeBrowser b = logged_in(depot, "pia", OfficeRole::Planner, "/templates");
    auto r = upload(b, template_bytes());
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("Imported wifi-activation-en version 3.") != std::string::npos);
    CHECK(depot.store->latest_template_version(kUploadedTemplate).value() == 3);
    CHECK(r->body.find("Wi-Fi router activation help") != std::string::npos);
    auto again = upload(b, template_bytes());
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(again->body.find("already on the depot with exactly this content") != std::string::npos);
    CHECK(template_count(depot) == 1);
}

TEST_CASE("office templates: other content under an id and version already imported is refused, the first kept") {
    RunningDepot depot;
    OfficeBrowser b = logged_in(depot, "pia", OfficeRole::Admin, "/templates");
    REQUIRE(upload(b, template_bytes())->status == 200);
    auto r = upload(b, replaced(template_bytes(), "Wi-Fi router activation help", "Another title"));
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(r->body.find("<code>$.version</code>") != std::string::npos);
    CHECK(depot.store->template_for(kUploadedTemplate, 3).value()->title == "Wi-Fi router activation help");
}

TEST_CASE("office templates: a broken upload lists every problem the checker finds, each with its JSON path, and imports nothing") {
    RunningDepot depot;
    OfficeBrowser b = logged_in(depot, "pia", OfficeRole::Planner, "/templates");
    std::string broken = replaced(template_bytes(), "\"moment\": \"before_departure\"", "\"moment\": \"sometimes\"");
    broken = replaced(broken, "\"language\": \"en\"", "\"language\": \"fr\"");
    const TemplateParseResult expected = parse_template(broken);
    REQUIRE(expected.problems.size() >= 2);
    auto r = upload(b, broken);
    REQUIRE(r);
    CHECK(r->status == 422);
    for (const TemplateProblem& p : expected.problems) {
        CHECK_MESSAGE(r->body.find("<code>" + p.path + "</code>") != std::string::npos, p.path);
    }
    CHECK(r->body.find("Problems found: " + std::to_string(expected.problems.size())) != std::string::npos);
    CHECK(template_count(depot) == 0);
}

TEST_CASE("office templates: hostile files are problems on an escaped page, never an import or a crash") {
    RunningDepot depot;
    OfficeBrowser b = logged_in(depot, "pia", OfficeRole::Planner, "/templates");
    const std::string hostile_title = replaced(replaced(template_bytes(), "Wi-Fi router activation help", kHostile),
                                               "\"version\": 3", "\"version\": \"<b>three</b>\"");
    for (const std::string& bytes : {std::string("\xff\xfe{\"id\": 1}"), std::string("this is not JSON <script>"),
                                     std::string(10u << 20, ' ') + "{}", std::string(100000, '[') + std::string(100000, ']'),
                                     hostile_title, std::string()}) {
        auto r = upload(b, bytes);
        REQUIRE(r);
        CHECK(r->status == 422);
        CHECK(r->body.find("<code>$") != std::string::npos);
        CHECK(r->body.find("<script>") == std::string::npos);
        CHECK(r->body.find("<b>three") == std::string::npos);
    }
    CHECK(template_count(depot) == 0);
}

TEST_CASE("office templates: a title full of markup, quotes and an RTL override is listed escaped, and a 10 kB one is an escaped problem") {
    RunningDepot depot;
    OfficeBrowser b = logged_in(depot, "pia", OfficeRole::Planner, "/templates");
    // JSON needs the quote escaped; the page gets the title as the parser read it.
    const std::string in_json = replaced(kHostile, "\"", "\\\"");
    auto r = upload(b, replaced(template_bytes(), "Wi-Fi router activation help", in_json));
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    CHECK(depot.store->template_for(kUploadedTemplate, 3).value()->title == kHostile);
    check_escaped(b.get("/templates")->body);
    const std::string v4 = replaced(template_bytes(), "\"version\": 3", "\"version\": 4");
    auto long_title = upload(b, replaced(v4, "Wi-Fi router activation help", in_json + std::string(10'000, 'x')));
    REQUIRE(long_title);
    CHECK(long_title->status == 422);
    CHECK(long_title->body.find("<code>$.title</code>") != std::string::npos);
    CHECK(long_title->body.find("<script>") == std::string::npos);
    CHECK(template_count(depot) == 1);
}

TEST_CASE("office templates: helpdesk and quality may not open or upload, and an upload without the session's token is refused") {
    RunningDepot depot;
    for (const OfficeRole role : {OfficeRole::Helpdesk, OfficeRole::Quality}) {
        const std::string name = role == OfficeRole::Helpdesk ? "hans" : "quin";
        add_office_user(depot, name, role);
        OfficeBrowser b(depot);
        REQUIRE(b.login(name));
        CHECK(b.get("/templates")->status == 403);
        CHECK(upload(b, template_bytes())->status == 403);
    }
    OfficeBrowser planner = logged_in(depot, "pia", OfficeRole::Planner, "/templates");
    auto forged = planner.post_multipart("/templates", {{"template", template_bytes(), "t.json", "application/json"},
                                                        {"csrf", std::string(64, 'a'), "", ""}});
    REQUIRE(forged);
    CHECK(forged->status == 403);
    CHECK(template_count(depot) == 0);
}

TEST_CASE("office templates: the page speaks the account's language") {
    RunningDepot depot;
    OfficeBrowser b = logged_in(depot, "piet", OfficeRole::Planner, "/templates", Lang::Nl);
    auto r = upload(b, template_bytes());
    REQUIRE(r);
    CHECK(r->body.find("wifi-activation-en versie 3 is geïmporteerd.") != std::string::npos);
    CHECK(r->body.find("Sjablonen op het depot") != std::string::npos);
}
