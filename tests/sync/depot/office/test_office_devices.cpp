// The devices page on a real depot (issue 14): an enrollment code made in the browser is shown once
// (digits and a QR code as SVG, never in a URL, never again on the list) and enrolls a tablet
// through the real enroll route; keys and tokens are revoked from the page; device names escaped.
#include <doctest/doctest.h>

#include <regex>

#include "sync/depot/depot_key.h"
#include "sync/depot/office/qr_svg.h"
#include "sync/wire/enrollment_code.h"
#include "sync/wire/wire_enrollment.h"
#include "tests/sync/depot/office/manage_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

// The 16 digits the created-code page shows ("1234 5678 9012 3456").
std::string shown_code(const std::string& body) {
    static const std::regex digits(R"(<p class="enroll-digits"><strong>([0-9 ]{19})</strong></p>)");
    std::smatch m;
    return std::regex_search(body, m, digits) ? m[1].str() : std::string();
}

httplib::Result enroll_code(OfficeBrowser& b, const std::string& technician, const std::string& device,
                            const std::string& hours = "24") {
    return b.post("/devices/enroll-code", {{"technician_id", technician}, {"device", device}, {"valid_hours", hours}});
}

// The tablet's side: POST /api/v1/enroll with the code; the key id the depot bound, "" if refused.
std::string enroll(RunningDepot& depot, const std::string& code, const SigningKey& key) {
    auto res = depot.client()->Post("/api/v1/enroll", encode_enroll_request({code, key.public_key()}), "application/json");
    if (!res || res->status != 201) return {};
    return decode_enrolled(res->body).value().key_id;
}

}  // namespace

TEST_CASE("office devices: a code made on the page is shown once with its QR code and enrolls a tablet through /api/v1/enroll") {
    RunningDepot depot;
    OfficeBrowser b = logged_in(depot, "ada", OfficeRole::Admin, "/devices");
    auto r = enroll_code(b, "tech-a", "tablet 7");
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(r->get_header_value("Cache-Control") == "no-store");
    CHECK(r->get_header_value("Location").empty());
    const std::string code = shown_code(r->body);
    REQUIRE(normalized_enrollment_code(code));
    // The QR code is the same text `enroll-code create` draws (no --depot-url: the code alone).
    CHECK(r->body.find(*qr_svg(*normalized_enrollment_code(code))) != std::string::npos);
    CHECK(r->body.find("<svg class=\"qr-code\"") != std::string::npos);
    const std::string key_id = enroll(depot, code, SigningKey::generate());
    REQUIRE_FALSE(key_id.empty());
    auto key = depot.store->device_key(key_id).value();
    REQUIRE(key);
    CHECK(key->technician_id == "tech-a");
    CHECK(key->device == "tablet 7");
    auto list = b.get("/devices");
    REQUIRE(list);
    CHECK(list->body.find(code) == std::string::npos);
    CHECK(list->body.find(*normalized_enrollment_code(code)) == std::string::npos);
    CHECK(list->body.find("<code>" + key_id + "</code>") != std::string::npos);
    CHECK(list->body.find("<td>used</td>") != std::string::npos);
}

TEST_CASE("office devices: the QR code carries the depot's public address when it has one, as the tablet reads it") {
    DepotServerOptions options;
    options.public_url = "https://depot.example.nl";
    RunningDepot depot(options);
    OfficeBrowser b = logged_in(depot, "ada", OfficeRole::Admin, "/devices");
    auto r = enroll_code(b, "tech-a", "tablet 7");
    REQUIRE(r);
    const std::string code = *normalized_enrollment_code(shown_code(r->body));
    CHECK(r->body.find(*qr_svg(enrollment_qr_text("https://depot.example.nl", code))) != std::string::npos);
    CHECK(parse_enrollment_qr_text(enrollment_qr_text("https://depot.example.nl", code))->code == code);
}

TEST_CASE("office devices: a wrong field makes no code and comes back in the form, escaped") {
    RunningDepot depot;
    OfficeBrowser b = logged_in(depot, "ada", OfficeRole::Admin, "/devices");
    // Over the store's 64 bytes: refused, and shown back escaped.
    auto bad_device = enroll_code(b, "tech-a", kHostile + std::string(100, 'd'));
    REQUIRE(bad_device);
    CHECK(bad_device->status == 422);
    CHECK(bad_device->body.find("A device name is 1 to 64 bytes") != std::string::npos);
    check_escaped(bad_device->body);
    // 10 kB: more than cpp-httplib reads of an urlencoded form (8 KiB), refused before the page runs.
    CHECK(enroll_code(b, "tech-a", kHostile + std::string(10'000, 'd'))->status == 413);
    CHECK(enroll_code(b, "<tech>", "tablet")->status == 422);
    CHECK(enroll_code(b, "tech-a", "tablet", "169")->status == 422);
    CHECK(enroll_code(b, "tech-a", "tablet", "1e3")->status == 422);
    CHECK(depot.store->list_enrollment_codes().value().empty());
}

TEST_CASE("office devices: keys and tokens are revoked from the page, and a revoked key's next request is refused") {
    RunningDepot depot;
    const std::string code = depot.store->create_enrollment_code("tech-a", "tablet 7", 3'600'000, depot.clock->now().wall_ms).value().code;
    const std::string key_id = enroll(depot, code, SigningKey::generate());
    REQUIRE_FALSE(key_id.empty());
    const auto token = depot.store->create_token("tech-b", "old tablet", 1'700'000'000'000).value();
    OfficeBrowser b = logged_in(depot, "ada", OfficeRole::Admin, "/devices");
    auto r = b.post("/devices/" + key_id + "/revoke", {});
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(r->get_header_value("Location") == "/devices");
    CHECK(depot.store->device_key(key_id).value()->revoked_ms != 0);
    auto t = b.post("/devices/tokens/" + std::to_string(token.id) + "/revoke", {});
    REQUIRE(t);
    CHECK(t->status == 303);
    CHECK_FALSE(depot.store->technician_for_token(token.token).value().has_value());
    CHECK(b.post("/devices/0123456789abcdef/revoke", {})->status == 404);
    CHECK(b.post("/devices/tokens/999/revoke", {})->status == 404);
    CHECK(b.post("/devices/tokens/x/revoke", {})->status == 404);
    auto page = b.get("/devices");
    CHECK(page->body.find("revoked") != std::string::npos);
}

TEST_CASE("office devices: device names from tablets and codes are shown escaped, and helpdesk and quality are refused") {
    RunningDepot depot;
    const std::string name = "<script>alert(1)</script>\"'&\u202E";  // 64 bytes at most: the store's bound
    REQUIRE(depot.store->create_enrollment_code("tech-a", name, 3'600'000, 1'700'000'000'000).ok());
    REQUIRE(depot.store->create_token("tech-a", name, 1'700'000'000'000).ok());
    OfficeBrowser b = logged_in(depot, "ada", OfficeRole::Planner, "/devices");
    check_escaped(b.get("/devices")->body);
    for (const OfficeRole role : {OfficeRole::Helpdesk, OfficeRole::Quality}) {
        const std::string user = role == OfficeRole::Helpdesk ? "hans" : "quin";
        add_office_user(depot, user, role);
        OfficeBrowser other(depot);
        REQUIRE(other.login(user));
        CHECK(other.get("/devices")->status == 403);
        CHECK(enroll_code(other, "tech-a", "tablet")->status == 403);
    }
    CHECK(depot.store->list_enrollment_codes().value().size() == 1);
}

TEST_CASE("office devices: the page speaks the account's language") {
    RunningDepot depot;
    OfficeBrowser b = logged_in(depot, "piet", OfficeRole::Admin, "/devices", Lang::Nl);
    auto r = enroll_code(b, "tech-a", "tablet 7");
    REQUIRE(r);
    CHECK(r->body.find("Deze code wordt alleen nu getoond") != std::string::npos);
    CHECK(b.get("/devices")->body.find("Een tablet aanmelden") != std::string::npos);
}
