// THE MATRIX (issue 14): every route of the back office's table × every role, and logged out. It
// iterates office_route_list(), so a row added later is tried without anyone editing this file. The
// role table itself and each page's area are checked against the issue's words, written out here
// independently of office_role.cpp, so a wrong row fails here and not only in a review.
#include <doctest/doctest.h>

#include <array>
#include <map>
#include <string_view>

#include "sync/depot/office/office_routes.h"
#include "tests/sync/depot/office_browser.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr OfficeRole kRoles[] = {OfficeRole::Helpdesk, OfficeRole::Quality, OfficeRole::Planner, OfficeRole::Admin};

// The issue's table: role → (visits, survey, manage, users), "" none, "r" read, "w" write.
const std::map<OfficeRole, std::array<const char*, 4>> kIssueTable = {
    {OfficeRole::Helpdesk, {"r", "", "", ""}},
    {OfficeRole::Quality, {"r", "r", "", ""}},
    {OfficeRole::Planner, {"r", "", "w", ""}},
    {OfficeRole::Admin, {"r", "r", "w", "w"}},
};

// The area the issue puts each page in, by its path's first segment; POSTs there need Write
// except one's own account and logout, which every logged-in person may use.
const std::map<std::string, OfficeArea> kPageArea = {
    {"visits", OfficeArea::Visits},      {"customers", OfficeArea::Visits}, {"failures", OfficeArea::Visits},
    {"jobs", OfficeArea::Visits},  // a job's story, for visits whose planning sheet named no customer
    {"account", OfficeArea::Visits},     {"logout", OfficeArea::Visits},    {"satisfaction", OfficeArea::Survey},
    {"integrity", OfficeArea::Survey},   {"templates", OfficeArea::Manage}, {"planning", OfficeArea::Manage},
    {"devices", OfficeArea::Manage},     {"users", OfficeArea::Users},
};

std::string first_segment(std::string_view path) {
    path.remove_prefix(1);
    return std::string(path.substr(0, path.find_first_of("/?")));
}

// Where a logged-out GET is sent: the login, with the page to come back to (however it is encoded).
bool leads_to_login_and_back(const std::string& location, const std::string& path) {
    const std::string prefix = "/login?next=";
    return location.rfind(prefix, 0) == 0 && httplib::detail::decode_url(location.substr(prefix.size()), false) == path;
}

}  // namespace

TEST_CASE("office roles: may() is the issue's table, cell by cell") {
    for (OfficeRole role : kRoles) {
        const auto& row = kIssueTable.at(role);
        int area_index = 0;
        for (OfficeArea area : {OfficeArea::Visits, OfficeArea::Survey, OfficeArea::Manage, OfficeArea::Users}) {
            const std::string cell = row[area_index++];
            CAPTURE(role_name(role));
            CAPTURE(area_index);
            CHECK(may(role, area, OfficeAccess::Read) == !cell.empty());
            CHECK(may(role, area, OfficeAccess::Write) == (cell == "w"));
        }
    }
}

TEST_CASE("office routes: each page's row names the area the issue gives it, and a form there needs Write") {
    for (const OfficeRouteInfo& route : office_route_list()) {
        CAPTURE(route.log_name);
        REQUIRE(route.example[0] == '/');
        const auto area = kPageArea.find(first_segment(route.log_name));
        REQUIRE_MESSAGE(area != kPageArea.end(), "a page outside the issue's list: add it to kPageArea with its area");
        CHECK(route.area == area->second);
        const bool own = area->first == "account" || area->first == "logout";
        if (route.post && !own && route.area != OfficeArea::Visits) CHECK(route.access == OfficeAccess::Write);
        if (!route.post) CHECK(route.access == OfficeAccess::Read);
    }
}

TEST_CASE("THE MATRIX: every route × every role: allowed pages open, others are 403 even with a valid form token, and logged out leads to the login") {
    RunningDepot depot;
    add_office_user(depot, "example", OfficeRole::Helpdesk);  // the name the users routes' examples use
    std::map<OfficeRole, std::unique_ptr<OfficeBrowser>> browsers;
    for (OfficeRole role : kRoles) {
        const std::string name = std::string("m-") + role_name(role);
        add_office_user(depot, name, role);
        auto b = std::make_unique<OfficeBrowser>(depot);
        REQUIRE(b->login(name));
        REQUIRE(b->get("/account")->status == 200);  // a page with the session's own form token
        browsers[role] = std::move(b);
    }
    OfficeBrowser nobody(depot);
    const std::vector<OfficeRouteInfo> routes = office_route_list();
    REQUIRE(routes.size() >= 8);
    for (const OfficeRouteInfo& route : routes) {
        CAPTURE(route.log_name);
        CAPTURE(route.post);
        auto out = route.post ? nobody.post(route.example, {}) : nobody.get(route.example);
        REQUIRE(out);
        CHECK(out->status == 303);
        if (route.post) CHECK(out->get_header_value("Location") == "/login");
        else CHECK(leads_to_login_and_back(out->get_header_value("Location"), route.example));
        CHECK(out->body.find("office-bar") == std::string::npos);
        for (OfficeRole role : kRoles) {
            CAPTURE(role_name(role));
            OfficeBrowser& b = *browsers[role];
            const bool allowed = may(role, route.area, route.access);
            if (route.post) {
                if (allowed) continue;  // a form that runs changes things; the refusals are the point here
                const std::string token = b.csrf();
                auto r = b.post(route.example, {{"csrf", token}});
                REQUIRE(r);
                CHECK(r->status == 403);
                CHECK(r->body.find("Not for your role") != std::string::npos);
                continue;
            }
            auto r = b.get(route.example);
            REQUIRE(r);
            if (allowed) {
                // 404 only from the page itself (an example id not stored here): inside the frame, past the checks.
                CHECK((r->status == 200 || r->status == 404));
                CHECK(r->body.find("action=\"/logout\"") != std::string::npos);
            } else {
                CHECK(r->status == 403);
                CHECK(r->body.find("Not for your role") != std::string::npos);
            }
        }
    }
    // Every browser is still logged in: no refused route ended a session on the way.
    for (OfficeRole role : kRoles) CHECK(browsers[role]->get("/account")->status == 200);
}
