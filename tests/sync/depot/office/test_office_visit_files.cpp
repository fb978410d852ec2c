// GET /visits/{id}/files/{sha256} on a real depot (issue 14): a photo the visit's record names is
// served as the image it is, sandboxed, never sniffed, cached privately; a tablet's HTML "photo"
// (bytes of a page with script, uploaded under its hash and named by a sealed visit) is never
// served as a page; a file the record does not name is not served at all.
#include <doctest/doctest.h>

#include "tests/sync/depot/office/visits_depot.h"

using namespace fc;
using namespace fc::test;

namespace {

const std::string kHtml = "<html><body><script>fetch('/users',{method:'POST'})</script>not a photo</body></html>";

}  // namespace

TEST_CASE("office visit files: a PNG photo the record names is served as image/png, sandboxed and nosniff") {
    VisitsDepot vd;
    const SealedVisit sent = vd.assign_and_send(vd.assignment("v-1"));
    REQUIRE_FALSE(sent.files.empty());
    OfficeBrowser b = vd.browser(OfficeRole::Helpdesk);
    for (const auto& [sha, bytes] : sent.files) {
        auto r = b.get("/visits/v-1/files/" + sha);
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(r->get_header_value("Content-Type") == "image/png");
        CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
        CHECK(r->get_header_value("Content-Security-Policy") == "default-src 'none'; sandbox");
        CHECK(r->get_header_value("Content-Disposition") == "inline; filename=\"" + sha + ".png\"");
        CHECK(r->get_header_value("Cache-Control").find("private") == 0);
        CHECK(r->get_header_value_count("Content-Security-Policy") == 1);
        CHECK(r->body == bytes);
    }
}

TEST_CASE("office visit files: an HTML 'photo' a tablet uploaded and sealed is never served as a page") {
    VisitsDepot vd;
    const SealedVisit sent = vd.assign_and_send(vd.assignment("v-1"));
    vd.depot.assign({vd.assignment("v-evil", "tech-a", "job-2")});
    const SealedVisit evil = vd.send(vd.assignment("v-evil", "tech-a", "job-2"), {}, {1'700'000'300'000, 500'000},
                                     [](const std::string& walked) { return kHtml + "<!--" + walked + "-->"; });
    REQUIRE_FALSE(evil.files.empty());
    for (OfficeRole role : {OfficeRole::Helpdesk, OfficeRole::Admin}) {
        OfficeBrowser b = vd.browser(role);
        for (const auto& [sha, bytes] : evil.files) {
            auto r = b.get("/visits/v-evil/files/" + sha);
            REQUIRE(r);
            CHECK(r->status == 415);
            CHECK(r->body.find("<script>fetch") == std::string::npos);
            CHECK(r->body != bytes);
            CHECK(r->get_header_value("Content-Type").find("image/") == std::string::npos);
        }
        // A page of the depot's own, not the bytes; the visit page still opens.
        auto page = b.get("/visits/v-evil");
        REQUIRE(page);
        CHECK(page->status == 200);
        CHECK(page->body.find("<script>fetch") == std::string::npos);
    }
}

TEST_CASE("office visit files: PNG magic in front of other bytes is refused (the header must decode)") {
    VisitsDepot vd;
    vd.depot.assign({vd.assignment("v-1")});
    const SealedVisit sent = vd.send(vd.assignment("v-1"), {}, {1'700'000'100'000, 500'000}, [](const std::string& walked) {
        return std::string("\x89PNG\r\n\x1a\n", 8) + kHtml + walked;
    });
    OfficeBrowser b = vd.browser(OfficeRole::Helpdesk);
    for (const auto& [sha, bytes] : sent.files) {
        auto r = b.get("/visits/v-1/files/" + sha);
        REQUIRE(r);
        CHECK(r->status == 415);
        CHECK(r->body.find("<script>") == std::string::npos);
    }
}

TEST_CASE("office visit files: a file the visit's record does not name is not served, even a good image") {
    VisitsDepot vd;
    const SealedVisit one = vd.assign_and_send(vd.assignment("v-1"));
    WalkPlan salted;
    salted.salt = "other";
    const SealedVisit two = vd.assign_and_send(vd.assignment("v-2", "tech-b", "job-2"), salted);
    OfficeBrowser b = vd.browser(OfficeRole::Helpdesk);
    const std::string other = two.files.begin()->first;
    REQUIRE(one.files.count(other) == 0);
    auto r = b.get("/visits/v-1/files/" + other);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(r->body != two.files.begin()->second);
    CHECK(b.get("/visits/v-1/files/not-a-hash")->status == 404);
    CHECK(b.get("/visits/nope/files/" + other)->status == 404);
    OfficeBrowser nobody(vd.depot);
    auto anonymous = nobody.get("/visits/v-2/files/" + other);
    REQUIRE(anonymous);
    CHECK(anonymous->status == 303);  // to the login: no session, no photo
}
