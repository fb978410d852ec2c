// The back office's door on a real depot (issue 14): a login starts a session, a wrong password or a
// forged login form does not, a planted session cookie never becomes a logged-in one, a page without
// a session leads to the login and back, and logout ends the session on the depot.
#include <doctest/doctest.h>

#include "tests/sync/depot/office_browser.h"

using namespace fc;
using namespace fc::test;

TEST_CASE("office login: the right password starts a session, HttpOnly and SameSite=Strict, and / leads to the visits") {
    RunningDepot depot;
    add_office_user(depot, "anna", OfficeRole::Helpdesk);
    OfficeBrowser b(depot);
    auto first = b.get("/");
    REQUIRE(first);
    CHECK(first->status == 303);
    CHECK(first->get_header_value("Location") == "/login");
    auto page = b.get("/login");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
    b.get("/login");
    auto r = b.post("/login", {{"name", "anna"}, {"password", "correct horse battery"}});
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(r->get_header_value("Location") == "/visits");
    const std::string set = r->get_header_value("Set-Cookie", 0);
    CHECK(set.find("fc_session=") == 0);
    CHECK(set.find("HttpOnly") != std::string::npos);
    CHECK(set.find("SameSite=Strict") != std::string::npos);
    CHECK(set.find("Secure") == std::string::npos);  // plain http on loopback
    auto root = b.get("/");
    REQUIRE(root);
    CHECK(root->get_header_value("Location") == "/visits");
}

TEST_CASE("office login: a wrong password, an unknown name and a disabled account get the same refusal") {
    RunningDepot depot;
    add_office_user(depot, "anna", OfficeRole::Admin);
    add_office_user(depot, "bert", OfficeRole::Planner);
    REQUIRE(depot.store->disable_office_user("bert", 1'700'000'000'000).ok());
    for (const auto& [name, password] : std::vector<std::pair<std::string, std::string>>{
             {"anna", "wrong password!"}, {"nobody", "correct horse battery"}, {"bert", "correct horse battery"}}) {
        OfficeBrowser b(depot);
        b.get("/login");
        auto r = b.post("/login", {{"name", name}, {"password", password}});
        REQUIRE(r);
        CHECK(r->status == 401);
        CHECK(r->body.find("The name or the password is wrong.") != std::string::npos);
        CHECK(b.cookies().count("fc_session") == 0);
    }
}

TEST_CASE("office login: a login form without its own cookie's token is refused (login CSRF)") {
    RunningDepot depot;
    add_office_user(depot, "anna", OfficeRole::Admin);
    OfficeBrowser b(depot);
    b.get("/login");
    auto r = b.post("/login", {{"name", "anna"}, {"password", "correct horse battery"}, {"csrf", std::string(64, 'a')}});
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(b.cookies().count("fc_session") == 0);
}

TEST_CASE("office login: a session cookie planted before the login is not the session after it") {
    RunningDepot depot;
    add_office_user(depot, "anna", OfficeRole::Admin);
    OfficeBrowser b(depot);
    const std::string planted(64, 'b');
    b.cookies()["fc_session"] = planted;
    REQUIRE(b.login("anna"));
    CHECK(b.cookies()["fc_session"] != planted);
    OfficeBrowser attacker(depot);
    attacker.cookies()["fc_session"] = planted;
    auto r = attacker.post("/logout", {{"csrf", std::string(64, 'c')}});
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(r->get_header_value("Location").find("/login") == 0);
}

TEST_CASE("office logout: a forged form is refused, the real one ends the session on the depot and a copied cookie opens nothing") {
    RunningDepot depot;
    add_office_user(depot, "anna", OfficeRole::Helpdesk);
    OfficeBrowser b(depot);
    REQUIRE(b.login("anna"));
    const std::string cookie = b.cookies()["fc_session"];
    auto forged = b.post("/logout", {{"csrf", std::string(64, 'c')}});
    REQUIRE(forged);
    CHECK(forged->status == 403);
    REQUIRE(depot.store->office_session(sha256_hex(cookie), depot.clock->now().wall_ms).value().has_value());
    auto page = b.get("/visits");  // a page carries the session's form token
    REQUIRE(page);
    REQUIRE(page->status == 200);
    auto out = b.post("/logout", {});
    REQUIRE(out);
    CHECK(out->status == 303);
    CHECK(out->get_header_value("Location") == "/login");
    CHECK_FALSE(depot.store->office_session(sha256_hex(cookie), depot.clock->now().wall_ms).value().has_value());
    OfficeBrowser copy(depot);
    copy.cookies()["fc_session"] = cookie;
    auto after = copy.get("/visits");
    REQUIRE(after);
    CHECK(after->status == 303);
    CHECK(after->get_header_value("Location").rfind("/login", 0) == 0);
}

TEST_CASE("office forms: a form over cpp-httplib's limit gets a page saying so, in the browser's language, and no session") {
    RunningDepot depot;
    add_office_user(depot, "anna", OfficeRole::Admin);
    OfficeBrowser b(depot);
    b.set_language("nl");
    b.get("/login");
    auto r = b.post("/login", {{"name", std::string(10'000, 'a')}, {"password", "correct horse battery"}});
    REQUIRE(r);
    CHECK(r->status == 413);
    CHECK(r->get_header_value("Content-Type").find("text/html") == 0);
    CHECK(r->body.find("Te veel om te versturen") != std::string::npos);
    CHECK(r->get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
    CHECK(b.cookies().count("fc_session") == 0);
}
