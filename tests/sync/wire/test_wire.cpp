// The wire format of API v1 and the small rules around it: pages, receipts, ids, backoff, CSV in and out.
#include <doctest/doctest.h>

#include <set>

#include "sync/depot/depot_assign_csv.h"
#include "sync/depot/depot_export.h"
#include "sync/client/sync_client.h"
#include "sync/wire/wire_assignment_page.h"
#include "sync/wire/wire_ids.h"
#include "sync/wire/wire_messages.h"

TEST_CASE("an assignment page survives encode and decode with history and escalation") {
    fc::AssignmentPage page;
    fc::Assignment a;
    a.visit_id = "v-1";
    a.technician_id = "tech-7";
    a.customer_name = "Mevr. Ëlif Öztürk";
    a.address = "Brinkstraat 1, Ede";
    a.job_id = "job-9";
    a.window_start_ms = 1'700'000'000'000;
    a.window_end_ms = 1'700'000'360'000;
    a.template_id = "fiber";
    a.template_version = 2;
    a.history = {{"v-0", 1'699'000'000'000, "not_possible", "precheck_not_met", "patch missing"},
                 {"v-00", 1'699'500'000'000, "not_possible", "other", "helpdesk"}};
    a.escalation = true;
    page.assignments = {a};
    page.cursor = "0123456789abcdef-42";
    page.more = true;
    auto decoded = fc::decode_assignment_page(fc::encode_assignment_page(page));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == page);
}

TEST_CASE("an assignment page with a path in an id is refused") {
    const std::string body =
        R"({"assignments":[{"visit_id":"../../etc","technician_id":"t","customer_name":"c","address":"a","job_id":"j",)"
        R"("window_start_ms":1,"window_end_ms":2,"template_id":"x","template_version":1,"escalation":false,"history":[]}],)"
        R"("cursor":"ab-1","more":false})";
    auto decoded = fc::decode_assignment_page(body);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == fc::ErrorCode::malformed);
}

TEST_CASE("an assignment in a page is read by the core's own strict reader: an unknown or repeated key is refused with its path") {
    const std::string fields =
        R"("visit_id":"v-1","technician_id":"t","customer_name":"c","address":"a","job_id":"j",)"
        R"("window_start_ms":1,"window_end_ms":2,"template_id":"x","template_version":1,"escalation":false,"history":[])";
    const auto page = [](const std::string& assignment) {
        return R"({"assignments":[{)" + assignment + R"(}],"cursor":"ab-1","more":false})";
    };
    REQUIRE(fc::decode_assignment_page(page(fields)).ok());
    auto unknown = fc::decode_assignment_page(page(fields + R"(,"preselected_outcome":"completed")"));
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.find("$.assignments[0]") != std::string::npos);
    CHECK_FALSE(fc::decode_assignment_page(page(fields + R"(,"visit_id":"v-2")")).ok());
}

TEST_CASE("a wrong-typed field in a page is an error, not a crash") {
    auto decoded = fc::decode_assignment_page(R"({"assignments":[{"visit_id":7}],"cursor":"a-1","more":false})");
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().message.find("visit_id") != std::string::npos);
    CHECK_FALSE(fc::decode_assignment_page("[1,2,3]").ok());
    CHECK_FALSE(fc::decode_assignment_page(std::string(100, '[')).ok());
}

TEST_CASE("a receipt decodes only from the depot's JSON, never from a captive portal's page") {
    const fc::DepotReceipt r{"v-1", std::string(64, 'a'), 1'700'000'000'123, 17, {}, {}};
    auto decoded = fc::decode_receipt(fc::encode_receipt(r));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == r);
    CHECK_FALSE(fc::decode_receipt("<html><body>Welcome to Hotel Wi-Fi</body></html>").ok());
    CHECK_FALSE(fc::decode_receipt("").ok());
    CHECK_FALSE(fc::decode_receipt(R"({"receipt":{"visit_id":"v-1","seal":"nope","received_at":1,"depot_seq":1}})").ok());
}

TEST_CASE("wire ids are letters, digits, dash and underscore, 1 to 64 of them") {
    CHECK(fc::is_wire_id("v-2024_05-14"));
    CHECK_FALSE(fc::is_wire_id(""));
    CHECK_FALSE(fc::is_wire_id(".."));
    CHECK_FALSE(fc::is_wire_id("../x"));
    CHECK_FALSE(fc::is_wire_id("a/b"));
    CHECK_FALSE(fc::is_wire_id("a%2Fb"));
    CHECK_FALSE(fc::is_wire_id(std::string(65, 'a')));
    CHECK(fc::is_wire_id(std::string(64, 'a')));
    CHECK(fc::parse_wire_number("0042") == 42);
    CHECK_FALSE(fc::parse_wire_number("-1"));
    CHECK_FALSE(fc::parse_wire_number("1e3"));
    CHECK_FALSE(fc::parse_wire_number("9999999999999999999"));
}

TEST_CASE("the retry delay doubles from 5 s to at most 30 min and is jittered over its upper half") {
    CHECK(fc::retry_delay_ms(1, 0) == 2'500);
    CHECK(fc::retry_delay_ms(1, 2'500) == 5'000);
    CHECK(fc::retry_delay_ms(2, 0) == 5'000);
    CHECK(fc::retry_delay_ms(3, 0) == 10'000);
    CHECK(fc::retry_delay_ms(40, 0) == 15 * 60'000);
    CHECK(fc::retry_delay_ms(40, 15 * 60'000) == 30 * 60'000);
    std::set<std::int64_t> seen;
    for (std::uint64_t r = 0; r < 1000; r += 37) {
        const auto d = fc::retry_delay_ms(4, r * 7919);
        CHECK(d >= 20'000);
        CHECK(d <= 40'000);
        seen.insert(d);
    }
    CHECK(seen.size() > 10);  // jitter: tablets that lost the depot together do not come back together
}

TEST_CASE("ISO 8601 times need an explicit offset and are converted to UTC") {
    CHECK(fc::parse_iso8601_ms("1970-01-01T00:00Z") == 0);
    CHECK(fc::parse_iso8601_ms("2024-05-14T08:00+02:00") == fc::parse_iso8601_ms("2024-05-14T06:00:00Z"));
    CHECK(fc::parse_iso8601_ms("2024-02-29T12:00:00Z").has_value());
    CHECK_FALSE(fc::parse_iso8601_ms("2023-02-29T12:00:00Z"));
    CHECK_FALSE(fc::parse_iso8601_ms("2024-05-14T08:00"));  // local time: ambiguous
    CHECK_FALSE(fc::parse_iso8601_ms("2024-13-01T08:00Z"));
    CHECK_FALSE(fc::parse_iso8601_ms("tomorrow"));
}

TEST_CASE("the planning CSV reads quoted fields, semicolons and a byte-order mark") {
    const std::string csv =
        "\xEF\xBB\xBFvisit_id;technician_id;customer_name;address;job_id;window_start;window_end;template_id\r\n"
        "v-1;tech-7;\"Fam. \"\"de\"\" Vries\";\"Lindelaan 12; Ede\";job-1;2024-05-14T08:00+02:00;2024-05-14T10:00+02:00;fiber\r\n";
    auto parsed = fc::parse_assignment_csv(csv, [](const std::string&) { return std::optional<int>(3); });
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
    REQUIRE(parsed->size() == 1);
    const auto& a = parsed->front();
    CHECK(a.customer_name == "Fam. \"de\" Vries");
    CHECK(a.address == "Lindelaan 12; Ede");
    CHECK(a.template_version == 3);
    CHECK(a.window_end_ms - a.window_start_ms == 2 * 3'600'000);
}

TEST_CASE("the planning CSV reports every bad row with its line and column, and assigns nothing") {
    const std::string csv =
        "visit_id,technician_id,customer_name,address,job_id,window_start,window_end,template_id,template_version\n"
        "v-1,tech-7,A,Street 1,job-1,2024-05-14T08:00Z,2024-05-14T10:00Z,fiber,1\n"
        "../v2,tech-7,B,Street 2,job-2,2024-05-14T10:00Z,2024-05-14T09:00Z,fiber,x\n"
        "v-1,tech-7,,Street 3,job-3,soon,2024-05-14T10:00Z,nope,\n";
    auto parsed = fc::parse_assignment_csv(csv, [](const std::string& id) {
        return id == "fiber" ? std::optional<int>(1) : std::nullopt;
    });
    REQUIRE_FALSE(parsed.ok());
    const std::string& m = parsed.error().message;
    CHECK(m.find("line 3, visit_id") != std::string::npos);
    CHECK(m.find("line 3, window_end: ends before") != std::string::npos);
    CHECK(m.find("line 3, template_version") != std::string::npos);
    CHECK(m.find("line 4, visit_id: v-1 was already used on line 2") != std::string::npos);
    CHECK(m.find("line 4, customer_name") != std::string::npos);
    CHECK(m.find("line 4, window_start") != std::string::npos);
    CHECK(m.find("line 4, template_id: nope is not on the depot") != std::string::npos);
}

TEST_CASE("the planning CSV needs every required column") {
    auto parsed = fc::parse_assignment_csv("visit_id,customer_name\nv-1,A\n", [](const std::string&) { return std::nullopt; });
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message.find("technician_id: this column is missing") != std::string::npos);
}

TEST_CASE("the CSV export quotes separators and defuses cells a spreadsheet would run as formulas") {
    fc::ReceivedVisit v;
    v.visit_id = "v-1";
    v.customer_name = "=HYPERLINK(\"http://x\")";
    v.address = "Kerkstraat 1, Ede";
    v.cause_text = "-2 dBm, \"too high\"";
    v.scores = {{"rate-arrival", "arrival", 2}};
    v.flags = {{"impossible_pace", "fast"}, {"identical_and_instant", "same"}};
    const std::string csv = fc::export_visits_csv({v});
    CHECK(csv.find("\"'=HYPERLINK(\"\"http://x\"\")\"") != std::string::npos);
    CHECK(csv.find("\"Kerkstraat 1, Ede\"") != std::string::npos);
    CHECK(csv.find("\"'-2 dBm, \"\"too high\"\"\"") != std::string::npos);
    CHECK(csv.find(",impossible_pace identical_and_instant,") != std::string::npos);
    CHECK(csv.find(",,2,,,") != std::string::npos);  // arrival is the second of four score columns
}

TEST_CASE("the planning CSV accepts empty cells past the last column, as spreadsheets save them, but not text there") {
    const std::string csv =
        "visit_id;technician_id;customer_name;address;job_id;window_start;window_end;template_id;;\n"
        "v-1;tech-7;A;Street 1;job-1;2024-05-14T08:00Z;2024-05-14T10:00Z;fiber;;\n"
        "v-2;tech-7;B;Street 2;job-2;2024-05-14T08:00Z;2024-05-14T10:00Z;fiber;; \n";
    const auto latest = [](const std::string&) { return std::optional<int>(1); };
    auto parsed = fc::parse_assignment_csv(csv, latest);
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
    CHECK(parsed->size() == 2);
    auto extra = fc::parse_assignment_csv(csv + "v-3;tech-7;C;Street 3;job-3;2024-05-14T08:00Z;2024-05-14T10:00Z;fiber;;note\n", latest);
    REQUIRE_FALSE(extra.ok());
    CHECK(extra.error().message.find("line 4: text in column 10, which the first line does not name") != std::string::npos);
    auto past = fc::parse_assignment_csv(csv + "v-4;tech-7;D;Street 4;job-4;2024-05-14T08:00Z;2024-05-14T10:00Z;fiber;;;;x\n", latest);
    REQUIRE_FALSE(past.ok());
    CHECK(past.error().message.find("line 4: text in column 12, which the first line does not name") != std::string::npos);
}

TEST_CASE("a device name may be short UTF-8 text but never holds control characters") {
    CHECK(fc::is_device_label("tablet 7"));
    CHECK(fc::is_device_label("tablet van Jörg"));
    CHECK(fc::is_device_label("Pieter's tablet (bus 3)"));
    CHECK_FALSE(fc::is_device_label(""));
    CHECK_FALSE(fc::is_device_label(std::string(65, 'a')));
    CHECK_FALSE(fc::is_device_label("two\nlines"));
    CHECK_FALSE(fc::is_device_label("bell\x07"));
    CHECK_FALSE(fc::is_device_label("del\x7f"));
    CHECK_FALSE(fc::is_device_label("c1 \xC2\x85 next line"));
    CHECK_FALSE(fc::is_device_label("broken \xC3"));
}
