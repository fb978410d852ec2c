// A real depot on 127.0.0.1 checking everything a sealed record says about its assignment against
// the revisions it held (issue 11, findings 2 and 3): a relabelled visit and a visit walked on
// another template version are refused 422 with the field named and nothing stored; a revision the
// planner made later (a moved window, a new address) is no forgery.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "checklists/canonical_json.h"
#include "checklists/json_guard.h"
#include "tests/error_code_doctest.h"
#include "tests/sync/depot/depot_test_support.h"
#include "sync/wire/wire_messages.h"

using namespace fc;
using namespace fc::test;

namespace {

// Two customers, two jobs, one technician; templates version 1 and 2 of the fiber checklist.
struct CheckedDepot {
    RunningDepot depot;
    std::shared_ptr<const ChecklistTemplate> v1 = repo_template(kTemplateName);
    std::shared_ptr<const ChecklistTemplate> v2;
    std::string token;

    CheckedDepot() {
        ChecklistTemplate next = *v1;
        next.version = v1->version + 1;
        v2 = std::make_shared<const ChecklistTemplate>(std::move(next));
        depot.add_template(*v1);
        depot.add_template(*v2);
        token = depot.token_for("tech-a");
    }

    static Assignment visit(const std::string& id, const std::string& job, const std::string& customer,
                            const std::string& address, const ChecklistTemplate& t) {
        Assignment a = make_assignment(id, "tech-a", t, job);
        a.customer_name = customer;
        a.address = address;
        return a;
    }

    httplib::Result send(const SealedVisit& s, const std::string& visit_id) {
        auto c = depot.client(token);
        for (const auto& [sha, bytes] : s.files) {
            auto r = c->Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
            REQUIRE(r);
            REQUIRE((r->status == 201 || r->status == 200));
        }
        return c->Put(("/api/v1/visits/" + visit_id).c_str(), s.record, "application/json");
    }

    bool stored(const std::string& visit_id) { return depot.store->visit_head(visit_id).value().has_value(); }
};

// The "field" member of a refusal's body, and its error code.
std::pair<ErrorCode, std::string> refusal_of(const httplib::Result& r) {
    REQUIRE(r);
    auto e = decode_wire_error(r->body);
    REQUIRE_MESSAGE(e.ok(), r->body);
    auto doc = parse_bounded_json(r->body, 1 << 16, 4);
    REQUIRE(doc.ok());
    const auto field = doc->FindMember("field");
    return {e->code, field == doc->MemberEnd() ? std::string() : std::string(field->value.GetString())};
}

}  // namespace

TEST_CASE("finding 2: visit A's record relabelled as visit B is refused 422 naming the field, and nothing is stored") {
    CheckedDepot d;
    const Assignment a = CheckedDepot::visit("v-a", "job-a", "Mevr. Jansen", "Kerkstraat 1, Ede", *d.v1);
    const Assignment b = CheckedDepot::visit("v-b", "job-b", "Dhr. Pietersen", "Dorpsweg 9, Bennekom", *d.v1);
    d.depot.assign({a, b});

    // What an attacker with the token builds: A's customer, address and answers under B's visit and
    // job ids, sealed again (the seal is a hash anyone can recompute).
    Assignment relabelled = a;
    relabelled.visit_id = b.visit_id;
    relabelled.job_id = b.job_id;
    const SealedVisit forged = sealed_visit(relabelled, d.v1);
    auto r = d.send(forged, "v-b");
    REQUIRE(r);
    CHECK(r->status == 422);
    const auto [code, field] = refusal_of(r);
    CHECK(code == ErrorCode::assignment_mismatch);
    CHECK(field == "customer_name");
    CHECK(r->body.find("Dhr. Pietersen") != std::string::npos);  // the depot's value
    CHECK(r->body.find("Mevr. Jansen") != std::string::npos);    // the record's
    CHECK_FALSE(d.stored("v-b"));
    CHECK(d.depot.store->visit_count().value() == 0);

    // The same relabelling with only the job kept wrong names the job.
    Assignment job_only = b;
    job_only.job_id = a.job_id;
    auto r2 = d.send(sealed_visit(job_only, d.v1), "v-b");
    CHECK(refusal_of(r2).second == "job_id");
    CHECK_FALSE(d.stored("v-b"));

    // B's own record still goes in afterwards.
    auto honest = d.send(sealed_visit(b, d.v1), "v-b");
    REQUIRE(honest);
    CHECK(honest->status == 201);
}

TEST_CASE("finding 3: a visit assigned on template version 2 but walked on version 1 is refused 422 template_version") {
    CheckedDepot d;
    const Assignment assigned = CheckedDepot::visit("v-1", "job-1", "Mevr. Jansen", "Kerkstraat 1, Ede", *d.v2);
    d.depot.assign({assigned});

    Assignment as_walked = assigned;
    as_walked.template_version = d.v1->version;
    auto r = d.send(sealed_visit(as_walked, d.v1), "v-1");
    REQUIRE(r);
    CHECK(r->status == 422);
    const auto [code, field] = refusal_of(r);
    CHECK(code == ErrorCode::assignment_mismatch);
    CHECK(field == "template_version");
    CHECK_FALSE(d.stored("v-1"));

    // The version the technician was really given still goes in.
    auto honest = d.send(sealed_visit(assigned, d.v2), "v-1");
    REQUIRE(honest);
    CHECK(honest->status == 201);
}

TEST_CASE("a record sealed under an earlier revision of its assignment is received after the planner moved the window and address") {
    CheckedDepot d;
    Assignment first = CheckedDepot::visit("v-1", "job-1", "Mevr. Jansen", "Kerkstraat 1, Ede", *d.v1);
    d.depot.assign({first});
    const SealedVisit sealed = sealed_visit(first, d.v1);

    REQUIRE(d.depot.store->reschedule_visit("v-1", first.window_start_ms + 3'600'000, first.window_end_ms + 3'600'000,
                                            1'700'000'100'000)
                .value());
    Assignment moved = d.depot.store->assignment("v-1").value().value();
    moved.address = "Kerkstraat 3, Ede";
    d.depot.assign({moved});
    CHECK(d.depot.store->assignment_revisions("v-1").value().size() == 3);

    auto r = d.send(sealed, "v-1");
    REQUIRE(r);
    CHECK(r->status == 201);
}

TEST_CASE("a revision held for another technician does not make a record match") {
    CheckedDepot d;
    Assignment first = CheckedDepot::visit("v-1", "job-1", "Mevr. Jansen", "Kerkstraat 1, Ede", *d.v1);
    first.technician_id = "tech-b";
    d.depot.assign({first});
    Assignment later = first;
    later.address = "Dorpsweg 9, Bennekom";
    d.depot.assign({later});
    REQUIRE(d.depot.store->reassign_visit("v-1", "tech-a", 1'700'000'100'000).value());

    // tech-a seals tech-b's address: tech-b's revision had it, but tech-a was never given it.
    Assignment mixed = later;
    mixed.technician_id = "tech-a";
    mixed.address = first.address;
    auto r = d.send(sealed_visit(mixed, d.v1), "v-1");
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(refusal_of(r).second == "address");
}

TEST_CASE("every writer of an assignment leaves a revision: put, reschedule, reassign and the customer link") {
    CheckedDepot d;
    Assignment a = CheckedDepot::visit("v-1", "job-1", "Mevr. Jansen", "Kerkstraat 1, Ede", *d.v1);
    d.depot.assign({a});
    d.depot.assign({a});  // the same sheet again: no new revision
    CHECK(d.depot.store->assignment_revisions("v-1").value().size() == 1);
    REQUIRE(d.depot.store->reschedule_visit("v-1", a.window_start_ms + 60'000, a.window_end_ms + 60'000, 1'700'000'100'000).value());
    CHECK(d.depot.store->assignment_revisions("v-1").value().size() == 2);
    REQUIRE(d.depot.store->reassign_visit("v-1", "tech-b", 1'700'000'200'000).value());
    CHECK(d.depot.store->assignment_revisions("v-1").value().size() == 3);
    Assignment linked = d.depot.store->assignment("v-1").value().value();
    linked.customer_id = "cust-7";
    d.depot.assign({linked});
    const auto revisions = d.depot.store->assignment_revisions("v-1").value();
    REQUIRE(revisions.size() == 4);
    CHECK(revisions.front().customer_id == "cust-7");  // newest first
    CHECK(revisions.front().technician_id == "tech-b");
    CHECK(revisions.back().technician_id == "tech-a");
}

TEST_CASE("a depot upgraded to schema step 6 holds each assignment as it was at the upgrade as its first revision") {
    TempDir dir;
    const auto t = repo_template(kTemplateName);
    const Assignment a = CheckedDepot::visit("v-1", "job-1", "Mevr. Jansen", "Kerkstraat 1, Ede", *t);
    {
        auto store = DepotStore::open(test_depot_location(dir.path / "depot")).value();
        REQUIRE(store->import_template(*t, 1).ok());
        REQUIRE(store->put_assignments({a}, 2).ok());
    }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir.path / "depot" / "depot.db").c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db,
                         "DROP TRIGGER assignment_revision_on_insert; DROP TRIGGER assignment_revision_on_update;"
                         "DROP TRIGGER set_aside_resolved_on_receipt; DROP TABLE assignment_revisions; DROP TABLE set_aside;"
                         // the later steps (7: phone surveys, 8: discarded answers, 9: receipts, 10: mail) undone as well
                         FC_UNDO_SCHEMA_10
                         "ALTER TABLE assignments DROP COLUMN technician_name; ALTER TABLE assignments DROP COLUMN customer_email;"
                         "ALTER TABLE visits DROP COLUMN receipt_hash; ALTER TABLE visits DROP COLUMN receipt_code;"
                         "DROP TABLE survey_keys; DROP TABLE phone_surveys; ALTER TABLE visits DROP COLUMN discarded_answers;"
                         "PRAGMA user_version = 5;",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);

    auto store = DepotStore::open(test_depot_location(dir.path / "depot")).value();
    const auto revisions = store->assignment_revisions("v-1").value();
    REQUIRE(revisions.size() == 1);
    Assignment expected = a;
    expected.history.clear();
    CHECK(revisions.front() == expected);
    CHECK(store->set_aside_reports().value().empty());
}
