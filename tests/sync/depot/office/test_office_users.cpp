// /users and /account on a real depot (issue 14): an admin adds, disables, re-roles and re-passwords
// accounts through the forms, every change ends the account's sessions, the last admin cannot be
// removed here, each person picks their own language, and whatever a name holds is shown escaped.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "tests/sync/depot/office_browser.h"

using namespace fc;
using namespace fc::test;

namespace {

bool logged_in(OfficeBrowser& b) {
    auto r = b.get("/account");
    return r && r->status == 200;
}

}  // namespace

TEST_CASE("users: an admin adds an account with the password typed twice, and it logs in") {
    RunningDepot depot;
    add_office_user(depot, "root", OfficeRole::Admin);
    OfficeBrowser admin(depot);
    REQUIRE(admin.login("root"));
    auto page = admin.get("/users");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find("<td>root</td>") != std::string::npos);
    CHECK(page->body.find("action=\"/users/add\"") != std::string::npos);
    auto r = admin.post("/users/add", {{"name", "carla"}, {"role", "quality"}, {"language", "nl"},
                                       {"password", "twelve chars!"}, {"again", "twelve chars!"}});
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(r->get_header_value("Location") == "/users?done=added");
    auto user = depot.store->office_login("carla").value();
    REQUIRE(user.has_value());
    CHECK(user->user.role == OfficeRole::Quality);
    CHECK(user->user.lang == Lang::Nl);
    OfficeBrowser carla(depot);
    CHECK(carla.login("carla", "twelve chars!"));
    auto after = admin.get("/users?done=added");
    CHECK(after->body.find("The account was added.") != std::string::npos);
}

TEST_CASE("users: two different passwords, a short one, a bad name or a taken name add nothing and say why") {
    RunningDepot depot;
    add_office_user(depot, "root", OfficeRole::Admin);
    OfficeBrowser admin(depot);
    REQUIRE(admin.login("root"));
    admin.get("/users");
    struct Case {
        httplib::Params form;
        int status;
        const char* says;
    };
    const std::vector<Case> cases = {
        {{{"name", "dirk"}, {"role", "helpdesk"}, {"language", "en"}, {"password", "twelve chars!"}, {"again", "twelve chars?"}}, 422,
         "The two passwords are not the same."},
        {{{"name", "dirk"}, {"role", "helpdesk"}, {"language", "en"}, {"password", "short"}, {"again", "short"}}, 422,
         "A password is 10 to 1024 characters long."},
        {{{"name", "<b>dirk</b>"}, {"role", "helpdesk"}, {"language", "en"}, {"password", "twelve chars!"}, {"again", "twelve chars!"}}, 422,
         "A name is 1 to 64 letters"},
        {{{"name", "dirk"}, {"role", "boss"}, {"language", "en"}, {"password", "twelve chars!"}, {"again", "twelve chars!"}}, 422,
         "A role is helpdesk, quality, planner or admin."},
        {{{"name", "root"}, {"role", "helpdesk"}, {"language", "en"}, {"password", "twelve chars!"}, {"again", "twelve chars!"}}, 409,
         "There is already an account named root."},
    };
    for (const Case& c : cases) {
        CAPTURE(c.says);
        auto r = admin.post("/users/add", c.form);
        REQUIRE(r);
        CHECK(r->status == c.status);
        CHECK(r->body.find(c.says) != std::string::npos);
        CHECK(r->body.find("<b>dirk</b>") == std::string::npos);
    }
    CHECK(depot.store->office_users().value().size() == 1);
}

TEST_CASE("users: disabling, a new role and a new password each end that account's live session") {
    RunningDepot depot;
    add_office_user(depot, "root", OfficeRole::Admin);
    for (const char* name : {"a1", "a2", "a3"}) add_office_user(depot, name, OfficeRole::Planner);
    OfficeBrowser admin(depot);
    REQUIRE(admin.login("root"));
    struct Change {
        const char* user;
        const char* path;
        httplib::Params form;
    };
    for (const Change& c : std::vector<Change>{{"a1", "/users/a1/disable", {}},
                                               {"a2", "/users/a2/role", {{"role", "helpdesk"}}},
                                               {"a3", "/users/a3/password", {{"password", "a new password"}, {"again", "a new password"}}}}) {
        CAPTURE(c.path);
        OfficeBrowser victim(depot);
        REQUIRE(victim.login(c.user));
        REQUIRE(logged_in(victim));
        admin.get("/users");
        auto r = admin.post(c.path, c.form);
        REQUIRE(r);
        CHECK(r->status == 303);
        CHECK(r->get_header_value("Location").rfind("/users?done=", 0) == 0);
        auto next = victim.get("/account");
        REQUIRE(next);
        CHECK(next->status == 303);
        CHECK(next->get_header_value("Location").rfind("/login", 0) == 0);
    }
    CHECK(depot.store->office_login("a1").value()->user.disabled_ms != 0);
    CHECK(depot.store->office_login("a2").value()->user.role == OfficeRole::Helpdesk);
    OfficeBrowser a3(depot);
    CHECK(a3.login("a3", "a new password"));
    CHECK(logged_in(admin));  // the admin's own session is untouched by changes to others
}

TEST_CASE("users: the last active admin can be neither disabled nor given another role on the page") {
    RunningDepot depot;
    add_office_user(depot, "root", OfficeRole::Admin);
    OfficeBrowser admin(depot);
    REQUIRE(admin.login("root"));
    admin.get("/users");
    auto off = admin.post("/users/root/disable", {});
    REQUIRE(off);
    CHECK(off->status == 422);
    CHECK(off->body.find("root is the last active admin account") != std::string::npos);
    auto down = admin.post("/users/root/role", {{"role", "planner"}});
    REQUIRE(down);
    CHECK(down->status == 422);
    CHECK(depot.store->office_login("root").value()->user.role == OfficeRole::Admin);
    CHECK(depot.store->office_login("root").value()->user.disabled_ms == 0);
    // With a second admin, the first may step down (and its session ends with it).
    add_office_user(depot, "second", OfficeRole::Admin);
    auto ok = admin.post("/users/root/role", {{"role", "planner"}});
    REQUIRE(ok);
    CHECK(ok->status == 303);
    CHECK(depot.store->office_login("root").value()->user.role == OfficeRole::Planner);
}

TEST_CASE("users: a name nobody has is a 404 page in the admin's language") {
    RunningDepot depot;
    add_office_user(depot, "root", OfficeRole::Admin, "correct horse battery", Lang::Nl);
    add_office_user(depot, "other", OfficeRole::Admin);
    OfficeBrowser admin(depot);
    REQUIRE(admin.login("root"));
    admin.get("/users");
    auto r = admin.post("/users/ghost/disable", {});
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(r->body.find("ghost") != std::string::npos);
    CHECK(r->body.find("Gebruikers") != std::string::npos);
}

TEST_CASE("account: each person picks the language of their own pages, and only their own") {
    RunningDepot depot;
    add_office_user(depot, "anna", OfficeRole::Helpdesk, "correct horse battery", Lang::En);
    add_office_user(depot, "bert", OfficeRole::Helpdesk, "correct horse battery", Lang::En);
    OfficeBrowser anna(depot);
    REQUIRE(anna.login("anna"));
    auto page = anna.get("/account");
    REQUIRE(page);
    CHECK(page->body.find("Your account") != std::string::npos);
    auto r = anna.post("/account/language", {{"language", "nl"}});
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(r->get_header_value("Location") == "/account?done=language");
    auto dutch = anna.get("/account?done=language");
    CHECK(dutch->body.find("Uw account") != std::string::npos);
    CHECK(dutch->body.find("Uw taal is opgeslagen.") != std::string::npos);
    CHECK(dutch->body.find("lang=\"nl\"") != std::string::npos);
    CHECK(depot.store->office_login("bert").value()->user.lang == Lang::En);
    auto bad = anna.post("/account/language", {{"language", "fr"}});
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(depot.store->office_login("anna").value()->user.lang == Lang::Nl);
}

TEST_CASE("users: hostile names stored past the name rule are shown escaped on /users, in every form's path too") {
    RunningDepot depot;
    add_office_user(depot, "root", OfficeRole::Admin);
    // Straight into the table: add_office_user's rule refuses these, the page must not rely on it.
    const std::vector<std::string> hostile = {"<script>alert(1)</script>", "\"quoted' onmouseover=x", "\xE2\x80\xAE" "evil" "\xE2\x80\xAC",
                                              std::string(10 * 1024, 'n') + "<img src=x>"};
    depot.store->with_db([&](DepotDb& db, const std::filesystem::path&) {
        for (const std::string& name : hostile) {
            auto st = db.prepare("INSERT INTO office_users(name, role, language, password_hash, created_ms) VALUES(?, 'helpdesk', 'en', 'x', 1)");
            REQUIRE(st);
            st->bind(1, name);
            REQUIRE(st->run().ok());
        }
        return 0;
    });
    OfficeBrowser admin(depot);
    REQUIRE(admin.login("root"));
    auto page = admin.get("/users");
    REQUIRE(page);
    REQUIRE(page->status == 200);
    CHECK(page->body.find("<script>alert") == std::string::npos);
    CHECK(page->body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(page->body.find("\"quoted'") == std::string::npos);
    CHECK(page->body.find("<img src=x>") == std::string::npos);
    CHECK(page->body.find("&lt;img src=x&gt;") != std::string::npos);
    CHECK(page->body.find("/users/%3Cscript%3Ealert(1)%3C%2Fscript%3E/disable") != std::string::npos);
    // The form's encoded path leads back to that very account.
    auto r = admin.post("/users/%22quoted'%20onmouseover%3Dx/disable", {});
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(depot.store->office_login(hostile[1]).value()->user.disabled_ms != 0);
}
