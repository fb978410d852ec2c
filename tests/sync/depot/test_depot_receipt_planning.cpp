// The customer's receipt on the depot, before any page (issue 13): the planning sheet's
// technician_name (sent to the tablet) and customer_email (the depot's alone), schema step 9 keeping
// every row, ingest finding the receipt code from the technician's survey keys, and export saying so.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include "sync/depot/depot_assign_csv.h"
#include "sync/depot/depot_export.h"
#include "sync/wire/survey_code.h"
#include "sync/wire/wire_assignment_page.h"
#include "tests/sync/depot/depot_test_support.h"

using namespace fc;
using namespace fc::test;

namespace {

const std::string kMailSheetHeader =
    "visit_id;technician_id;customer_name;address;job_id;window_start;window_end;template_id;technician_name;customer_email\n";

std::string mail_row(const std::string& visit, const std::string& name, const std::string& email) {
    return visit + ";tech-7;Fam. de Vries;Kerkstraat 12;job-1;2024-05-14T08:00+02:00;2024-05-14T09:30+02:00;" + kTemplateName +
           ";" + name + ";" + email + "\n";
}

Expected<PlanningSheet> parse_mail_sheet(const std::string& csv) {
    const auto t = repo_template(kTemplateName);
    return parse_planning_sheet(
        csv, [&](const std::string& id) { return id == t->id ? std::optional<int>(t->version) : std::nullopt; },
        [&](const std::string& id, int version) {
            return id == t->id && version == t->version ? t : std::shared_ptr<const ChecklistTemplate>();
        });
}

ReceiptFacts facts_for(const std::string& code) {
    return ReceiptFacts{receipt_code_hash(code), "Glasvezel Oost BV", "088 123 45 67", "https://depot.example.nl",
                        "Sanne de Wit", 60};
}

std::int64_t count_rows(const std::filesystem::path& db_path, const std::string& table) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, ("SELECT count(*) FROM \"" + table + "\"").c_str(), -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const std::int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

std::map<std::string, std::int64_t> rows_per_table(const std::filesystem::path& db_path) {
    std::vector<std::string> tables;
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", -1, &st,
                               nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    std::map<std::string, std::int64_t> out;
    for (const std::string& t : tables) out[t] = count_rows(db_path, t);
    return out;
}

// A depot with the fiber template, tech-a's token and survey key, and visits sealed over HTTP.
struct ReceiptDepot {
    std::shared_ptr<const ChecklistTemplate> t = repo_template(kTemplateName);
    RunningDepot depot;
    std::string token;
    std::string key = new_survey_key();

    explicit ReceiptDepot(std::filesystem::path at = {}) : depot({}, std::move(at)) {
        depot.add_template(*t);
        token = depot.token_for("tech-a");
        REQUIRE(depot.store->put_survey_key("tech-a", "tablet 1", key, 1'700'000'000'000).ok());
    }
    Assignment planned(const std::string& visit_id) {
        Assignment a = make_assignment(visit_id, "tech-a", *t, "job-" + visit_id);
        a.technician_name = "Sanne de Wit";
        return a;
    }
    // Sends `a` walked and sealed, with the receipt `facts` when given; the depot's status.
    int send(const Assignment& a, std::optional<ReceiptFacts> facts) {
        WalkPlan plan;
        plan.receipt = std::move(facts);
        const SealedVisit sealed = sealed_visit(a, t, plan);
        auto c = depot.client(token);
        for (const auto& [sha, bytes] : sealed.files) c->Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
        auto r = c->Put(("/api/v1/visits/" + a.visit_id).c_str(), sealed.record, "application/json");
        REQUIRE(r);
        return r->status;
    }
};

}  // namespace

TEST_CASE("planning sheet: technician_name goes into the assignment, customer_email beside it, never in it") {
    auto sheet = parse_mail_sheet(kMailSheetHeader + mail_row("V-1", "Sanne de Wit", "j.devries@example.nl") + mail_row("V-2", "", ""));
    REQUIRE_MESSAGE(sheet.ok(), sheet.error().message);
    REQUIRE(sheet->assignments.size() == 2);
    CHECK(sheet->assignments[0].technician_name == "Sanne de Wit");
    CHECK(sheet->assignments[1].technician_name.empty());
    CHECK(sheet->customer_emails == std::map<std::string, std::string>{{"V-1", "j.devries@example.nl"}, {"V-2", ""}});
    CHECK(encode_assignment(sheet->assignments[0]).find("example.nl") == std::string::npos);

    // Without the column the sheet says nothing about addresses: the depot keeps what it holds.
    auto without = parse_mail_sheet("visit_id;technician_id;customer_name;address;job_id;window_start;window_end;template_id\n"
                         "V-1;tech-7;Fam. de Vries;Kerkstraat 12;job-1;2024-05-14T08:00+02:00;2024-05-14T09:30+02:00;" +
                         std::string(kTemplateName) + "\n");
    REQUIRE_MESSAGE(without.ok(), without.error().message);
    CHECK(without->customer_emails.empty());
}

TEST_CASE("planning sheet: a customer_email that is not one address, or a technician_name on two lines, is a line N problem") {
    const std::string long_address = std::string(250, 'a') + "@x.nl";  // 255 bytes
    auto sheet = parse_mail_sheet(kMailSheetHeader + mail_row("V-1", "Sanne", "jan@@example.nl") + mail_row("V-2", "Sanne", "jan example.nl") +
                       mail_row("V-3", "Sanne", "\"jan@example.nl, piet@example.nl\"") + mail_row("V-4", "Sanne", "jan@") +
                       mail_row("V-5", "Sanne", long_address) + mail_row("V-6", "\"Sanne\nde Wit\"", "ok@example.nl") +
                       mail_row("V-7", std::string(129, 'n'), "") + mail_row("V-8", "Sanne", "jan\x01@example.nl") +
                       mail_row("V-9", "Sanne", "@example.nl"));
    REQUIRE_FALSE(sheet.ok());
    const std::string& m = sheet.error().message;
    CAPTURE(m);
    CHECK(m.find("line 2, customer_email: 'jan@@example.nl' is not one e-mail address") != std::string::npos);
    CHECK(m.find("line 3, customer_email: holds a space or a control character") != std::string::npos);
    CHECK(m.find("line 4, customer_email: holds a space") != std::string::npos);
    CHECK(m.find("line 5, customer_email: 'jan@' is not one e-mail address") != std::string::npos);
    CHECK(m.find("line 6, customer_email: is 255 bytes; an e-mail address is at most 254") != std::string::npos);
    CHECK(m.find("line 7, technician_name: holds a line break or another control character") != std::string::npos);
    CHECK(m.find("line 9, technician_name: is 129 bytes; at most 128 are accepted") != std::string::npos);
    CHECK(m.find("line 10, customer_email: holds a space or a control character") != std::string::npos);
    CHECK(m.find("line 11, customer_email: '@example.nl' is not one e-mail address") != std::string::npos);
    CHECK(customer_email_problem(std::string(249, 'a') + "@x.nl") == std::nullopt);  // 254 bytes
    CHECK(customer_email_problem("Jürgen@müller.de") == std::nullopt);
}

TEST_CASE("customer_email stays on the depot: stored without a new sequence number, kept by a sheet without it") {
    ReceiptDepot d;
    const Assignment a = d.planned("V-1");
    REQUIRE(d.depot.store->put_assignments({a}, 2, {}, {{"V-1", "j.devries@example.nl"}}).ok());
    CHECK(d.depot.store->customer_email("V-1").value() == "j.devries@example.nl");
    const AssignmentPage first = d.depot.store->assignments_since("tech-a", "", 100).value();
    REQUIRE(first.assignments.size() == 1);
    CHECK(first.assignments[0].technician_name == "Sanne de Wit");
    CHECK(encode_assignment_page(first).find("example.nl") == std::string::npos);

    // A new address alone: the tablet has nothing new to fetch.
    auto again = d.depot.store->put_assignments({a}, 3, {}, {{"V-1", "devries@example.org"}});
    REQUIRE(again.ok());
    CHECK(again->unchanged == 1);
    CHECK(d.depot.store->assignments_since("tech-a", first.cursor, 100).value().assignments.empty());
    CHECK(d.depot.store->customer_email("V-1").value() == "devries@example.org");
    // A sheet without the column, or a changed row, keeps the address.
    Assignment renamed = a;
    renamed.technician_name = "S. de Wit";
    REQUIRE(d.depot.store->put_assignments({renamed}, 4).value().changed == 1);
    CHECK(d.depot.store->customer_email("V-1").value() == "devries@example.org");
    const AssignmentPage next = d.depot.store->assignments_since("tech-a", first.cursor, 100).value();
    REQUIRE(next.assignments.size() == 1);  // a changed name is sent again
    CHECK(next.assignments[0].technician_name == "S. de Wit");
    CHECK(d.depot.store->customer_email("V-nobody").value().empty());
}

TEST_CASE("ingest finds the receipt code from the technician's survey keys, and an unknown code is received all the same") {
    ReceiptDepot d;
    const std::vector<Assignment> plan = {d.planned("V-1"), d.planned("V-2"), d.planned("V-3")};
    d.depot.assign(plan);
    const std::string code = receipt_code(d.key, "V-1");
    CHECK(d.send(plan[0], facts_for(code)) == 201);
    CHECK(d.send(plan[1], facts_for(receipt_code(new_survey_key(), "V-2"))) == 201);  // a key the depot never got
    CHECK(d.send(plan[2], std::nullopt) == 201);
    CHECK(d.depot.store->visit_receipt_code("V-1").value() == std::optional<std::string>(code));
    CHECK_FALSE(d.depot.store->visit_receipt_code("V-2").value().has_value());
    CHECK_FALSE(d.depot.store->visit_receipt_code("V-3").value().has_value());
    CHECK_FALSE(d.depot.store->visit_receipt_code("V-nobody").value().has_value());

    const auto visits = d.depot.store->received_visits().value();
    REQUIRE(visits.size() == 3);
    CHECK(receipt_state(visits[0]) == "verified code");
    CHECK(receipt_state(visits[1]) == "code unknown");
    CHECK(receipt_state(visits[2]) == "none");
    const std::string csv = export_visits_csv(visits);
    CHECK(csv.find(",device_key_id,technician_name,receipt,receipt_mail\r\n") != std::string::npos);
    CHECK(csv.find(",Sanne de Wit,verified code,") != std::string::npos);
    CHECK(csv.find(",Sanne de Wit,code unknown,") != std::string::npos);
    CHECK(csv.find(",Sanne de Wit,none,") != std::string::npos);
    CHECK(csv.find(code) == std::string::npos);  // the code is the customer's key to the page, not a column
    const std::string json = export_visits_json(visits);
    CHECK(json.find("\"receipt\":\"verified code\"") != std::string::npos);
    CHECK(json.find("\"technician_name\":\"Sanne de Wit\"") != std::string::npos);
    CHECK(json.find(code) == std::string::npos);
}

TEST_CASE("a depot of schema 8 is upgraded to 9 and keeps every row of every table") {
    TempDir dir;
    const auto path = dir.path / "depot";
    {
        ReceiptDepot d(path);
        d.depot.assign({d.planned("V-1"), d.planned("V-2")});
        CHECK(d.send(d.planned("V-1"), std::nullopt) == 201);
        REQUIRE(d.depot.store->set_aside_reports().ok());
    }
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open((path / "depot.db").c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, kDowngradeToSchema8, nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    const auto before = rows_per_table(path / "depot.db");
    CHECK(before.at("assignments") == 2);
    CHECK(before.at("visits") == 1);
    auto store = DepotStore::open(test_depot_location(path));
    REQUIRE_MESSAGE(store.ok(), store.error().message);
    auto after = rows_per_table(path / "depot.db");
    CHECK(after.at("mail_outbox") == 0);  // step 10 (i13-mail) adds its tables empty
    CHECK(after.at("mailed_survey_codes") == 0);
    after.erase("mail_outbox");
    after.erase("mailed_survey_codes");
    CHECK(after.at("office_users") == 0);  // step 11 (the back office) adds its tables empty
    CHECK(after.at("office_sessions") == 0);
    CHECK(after.at("cause_weeks") == 1);  // step 12 (the weekly roll-ups) counts the stored visit
    for (const char* table : {"office_users", "office_sessions", "score_weeks", "cause_weeks", "survey_samples"}) after.erase(table);
    CHECK(after == before);
    const auto visits = store.value()->received_visits().value();
    REQUIRE(visits.size() == 1);
    CHECK(receipt_state(visits[0]) == "none");
    CHECK(visits[0].technician_name.empty());
    CHECK(store.value()->customer_email("V-2").value().empty());
    CHECK(store.value()->assignment("V-2").value()->technician_name.empty());
}
