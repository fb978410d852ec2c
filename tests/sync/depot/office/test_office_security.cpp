// The back office's defences on a real depot (issue 14): the login throttle per address and per
// name (and whose X-Forwarded-For it believes), session lifetimes on a test clock, the Secure cookie
// under TLS and behind a trusted proxy only, a disabled account's live session, and the form token
// on every POST route the route table holds (rows added later included).
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "sync/depot/office/office_routes.h"
#include "tests/sync/depot/office_browser.h"
#include "tests/sync/depot/test_ca.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr const char* kPassword = "correct horse battery";

// One login attempt from a fresh browser, as if from `forwarded` behind a proxy ("" = no header).
httplib::Result try_login(RunningDepot& depot, const std::string& name, const std::string& password,
                          const std::string& forwarded = "") {
    OfficeBrowser b(depot);
    if (!forwarded.empty()) b.client().set_default_headers({{"X-Forwarded-For", forwarded}});
    b.get("/login");
    return b.post("/login", {{"name", name}, {"password", password}});
}

DepotServerOptions behind_proxy() {
    DepotServerOptions o;
    o.trusted_proxies = {"127.0.0.1"};
    return o;
}

// What the store holds, for "a refused form changed nothing": on SQLite the connection's row
// changes (every write of the store goes through it), on PostgreSQL a digest of every table of the
// depot's schema (a server's change counters are not this connection's, nor up to date).
std::string store_state(RunningDepot& depot) {
    return depot.store->with_db([](DepotDb& db, const std::filesystem::path&) {
        if (db.dialect() == SqlDialect::sqlite) return std::to_string(sqlite3_total_changes64(db.sqlite_handle()));
        auto tables = db.prepare("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1");
        REQUIRE(tables);
        std::vector<std::string> names;
        while (tables->next_row()) names.push_back(tables->text(0));
        REQUIRE(tables->done());
        std::string state;
        for (const std::string& table : names) {
            auto rows = db.prepare("SELECT md5(coalesce(string_agg(CAST(r AS TEXT), '|' ORDER BY CAST(r AS TEXT)), '')) FROM \"" +
                                   table + "\" r");
            REQUIRE(rows);
            REQUIRE(rows->step().value());
            state += table + "=" + rows->text(0) + " ";
        }
        return state;
    });
}

}  // namespace

TEST_CASE("office security: ten failed logins from one address hold that address back, 429 saying how many seconds") {
    ManualClock clock;
    RunningDepot depot({}, {}, &clock);
    add_office_user(depot, "anna", OfficeRole::Admin);
    for (int i = 0; i < 10; ++i) {
        auto r = try_login(depot, "guess" + std::to_string(i), "wrong password");
        REQUIRE(r);
        CHECK(r->status == 401);
    }
    auto held = try_login(depot, "anna", kPassword);
    REQUIRE(held);
    CHECK(held->status == 429);
    CHECK(held->body.find("Too many failed logins. Try again in 30 seconds.") != std::string::npos);
    clock.advance_ms(29'000);
    auto still = try_login(depot, "anna", kPassword);
    CHECK(still->status == 429);
    CHECK(still->body.find("Try again in 1 seconds.") != std::string::npos);
    clock.advance_ms(1'000);
    auto again = try_login(depot, "anna", kPassword);
    REQUIRE(again);
    CHECK(again->status == 303);
}

TEST_CASE("office security: ten failed logins for one name hold that name back from every address") {
    ManualClock clock;
    RunningDepot depot(behind_proxy(), {}, &clock);
    add_office_user(depot, "anna", OfficeRole::Admin);
    add_office_user(depot, "bert", OfficeRole::Admin);
    for (int i = 0; i < 10; ++i) {
        auto r = try_login(depot, "anna", "wrong password", "203.0.113." + std::to_string(i + 1));
        REQUIRE(r);
        CHECK(r->status == 401);
    }
    auto held = try_login(depot, "anna", kPassword, "198.51.100.7");
    REQUIRE(held);
    CHECK(held->status == 429);
    // The addresses were each charged once only: another name logs in from one of them.
    auto other = try_login(depot, "bert", kPassword, "203.0.113.1");
    REQUIRE(other);
    CHECK(other->status == 303);
}

TEST_CASE("office security: X-Forwarded-For is the throttle's key from a trusted proxy and ignored from anyone else") {
    SUBCASE("trusted: the address behind the proxy is held back, others behind it are not") {
        ManualClock clock;
        RunningDepot depot(behind_proxy(), {}, &clock);
        add_office_user(depot, "anna", OfficeRole::Admin);
        for (int i = 0; i < 10; ++i) try_login(depot, "guess" + std::to_string(i), "wrong password", "203.0.113.9");
        CHECK(try_login(depot, "anna", kPassword, "203.0.113.9")->status == 429);
        CHECK(try_login(depot, "anna", kPassword, "203.0.113.10")->status == 303);
        // Only the last hop counts: what the client wrote before it is not believed.
        CHECK(try_login(depot, "anna", kPassword, "203.0.113.77, 203.0.113.9")->status == 429);
    }
    SUBCASE("untrusted: the header is the client's own words, the peer's address is the key") {
        ManualClock clock;
        RunningDepot depot({}, {}, &clock);
        add_office_user(depot, "anna", OfficeRole::Admin);
        for (int i = 0; i < 10; ++i) {
            try_login(depot, "guess" + std::to_string(i), "wrong password", "203.0.113." + std::to_string(i + 1));
        }
        CHECK(try_login(depot, "anna", kPassword, "198.51.100.200")->status == 429);
    }
}

TEST_CASE("office security: a session ends after 2 hours without a request, and after 12 hours whatever it does") {
    ManualClock clock;
    RunningDepot depot({}, {}, &clock);
    add_office_user(depot, "anna", OfficeRole::Helpdesk);
    SUBCASE("idle") {
        OfficeBrowser b(depot);
        REQUIRE(b.login("anna"));
        clock.advance_ms(2 * 3600 * 1000 - 1000);
        CHECK(b.get("/account")->status == 200);  // a request within the two hours keeps it alive...
        clock.advance_ms(2 * 3600 * 1000 - 1000);
        CHECK(b.get("/account")->status == 200);
        clock.advance_ms(2 * 3600 * 1000 + 1000);  // ...two hours without one ends it
        auto r = b.get("/account");
        CHECK(r->status == 303);
        const std::string back = r->get_header_value("Location");
        CHECK((back == "/login?next=/account" || back == "/login?next=%2Faccount"));
    }
    SUBCASE("twelve hours") {
        OfficeBrowser b(depot);
        REQUIRE(b.login("anna"));
        for (int hour = 1; hour < 12; ++hour) {
            clock.advance_ms(3600 * 1000);
            CHECK(b.get("/account")->status == 200);
        }
        clock.advance_ms(3600 * 1000);
        CHECK(b.get("/account")->status == 303);
    }
}

TEST_CASE("office security: a disabled account's live session stops working at its next request") {
    RunningDepot depot;
    add_office_user(depot, "anna", OfficeRole::Admin);
    OfficeBrowser b(depot);
    REQUIRE(b.login("anna"));
    REQUIRE(b.get("/account")->status == 200);
    REQUIRE(depot.store->disable_office_user("anna", 1'700'000'000'000).ok());
    auto r = b.get("/users");
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(r->body.find("<td>") == std::string::npos);
    CHECK_FALSE(b.login("anna"));
}

TEST_CASE("office security: the cookies are Secure over the depot's own TLS") {
    TempDir keys;
    write_self_signed_certificate(keys.path / "depot.pem", keys.path / "depot.key");
    DepotServerOptions o;
    o.tls_cert = (keys.path / "depot.pem").string();
    o.tls_key = (keys.path / "depot.key").string();
    RunningDepot depot(o);
    add_office_user(depot, "anna", OfficeRole::Admin);
    httplib::SSLClient c("127.0.0.1", depot.port());
    c.enable_server_certificate_verification(false);
    auto page = c.Get("/login");
    REQUIRE(page);
    const std::string login_cookie = page->get_header_value("Set-Cookie");
    CHECK(login_cookie.find("; Secure") != std::string::npos);
    const std::string token = login_cookie.substr(login_cookie.find('=') + 1, 64);
    auto r = c.Post("/login", {{"Cookie", "fc_login=" + token}},
                    httplib::Params{{"csrf", token}, {"name", "anna"}, {"password", kPassword}});
    REQUIRE(r);
    REQUIRE(r->status == 303);
    const std::string session = r->get_header_value("Set-Cookie", 0);
    CHECK(session.rfind("fc_session=", 0) == 0);
    CHECK(session.find("; Secure") != std::string::npos);
    CHECK(session.find("HttpOnly") != std::string::npos);
    CHECK(session.find("SameSite=Strict") != std::string::npos);
}

TEST_CASE("office security: X-Forwarded-Proto https makes the cookies Secure from a trusted proxy only") {
    const auto session_cookie = [](RunningDepot& depot) {
        OfficeBrowser b(depot);
        b.client().set_default_headers({{"X-Forwarded-Proto", "https"}});
        b.get("/login");
        auto r = b.post("/login", {{"name", "anna"}, {"password", kPassword}});
        REQUIRE(r);
        REQUIRE(r->status == 303);
        return r->get_header_value("Set-Cookie", 0);
    };
    {
        RunningDepot trusted(behind_proxy());
        add_office_user(trusted, "anna", OfficeRole::Admin);
        CHECK(session_cookie(trusted).find("; Secure") != std::string::npos);
    }
    {
        RunningDepot untrusted;
        add_office_user(untrusted, "anna", OfficeRole::Admin);
        CHECK(session_cookie(untrusted).find("Secure") == std::string::npos);
    }
    {
        DepotServerOptions other;
        other.trusted_proxies = {"127.0.0.2"};  // a proxy, but not the one this request came from
        RunningDepot elsewhere(other);
        add_office_user(elsewhere, "anna", OfficeRole::Admin);
        CHECK(session_cookie(elsewhere).find("Secure") == std::string::npos);
    }
}

TEST_CASE("office security: every POST route refuses a form without the session's token or with a wrong one, and changes nothing") {
    ManualClock clock;  // standing still: no session's once-a-minute "seen" write can count as a change
    RunningDepot depot({}, {}, &clock);
    add_office_user(depot, "root", OfficeRole::Admin);
    add_office_user(depot, "example", OfficeRole::Admin);  // the name the users routes' examples use
    OfficeBrowser admin(depot);
    REQUIRE(admin.login("root"));
    REQUIRE(admin.get("/account")->status == 200);
    const std::string good = admin.csrf();
    REQUIRE(good.size() == 64);
    int posts = 0;
    for (const OfficeRouteInfo& route : office_route_list()) {
        if (!route.post) continue;
        ++posts;
        CAPTURE(route.log_name);
        const std::string before = store_state(depot);
        httplib::Params form{{"name", "mallory"}, {"role", "admin"}, {"language", "en"}, {"password", "twelve chars!"},
                             {"again", "twelve chars!"}};
        auto none = admin.client().Post(route.example, {{"Cookie", "fc_session=" + admin.cookies()["fc_session"]}}, form);
        REQUIRE(none);
        CHECK(none->status == 403);
        CHECK(none->body.find("This form has expired") != std::string::npos);
        std::string wrong = good;
        wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
        form.emplace("csrf", wrong);
        auto forged = admin.client().Post(route.example, {{"Cookie", "fc_session=" + admin.cookies()["fc_session"]}}, form);
        REQUIRE(forged);
        CHECK(forged->status == 403);
        CHECK(store_state(depot) == before);
    }
    CHECK(posts >= 6);  // logout, the users forms and the language: the table's own rows at least
    CHECK(admin.get("/account")->status == 200);  // the session itself survived every forged form
    CHECK_FALSE(depot.store->office_login("mallory").value().has_value());
}
