// A real depot on 127.0.0.1 receiving visits that meet the planner's side (issue 10): an intake
// confirmation sealed into a visit must be the depot's own, and a visit withdrawn from a technician
// who had started it is kept, with a conflict for the planner, never refused or lost.
#include <doctest/doctest.h>

#include "tests/error_code_doctest.h"
#include "tests/sync/depot/depot_test_support.h"
#include "sync/wire/wire_assignment_page.h"
#include "sync/wire/wire_messages.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr std::int64_t kIngestEvening = 1'699'990'000'000;  // before the walker's visits begin

// A visit walked to its seal after the tablet sealed `confirmations` into it as intake events.
SealedVisit sealed_with_intake(const Assignment& a, std::shared_ptr<const ChecklistTemplate> t,
                               const std::vector<PrecheckConfirmation>& confirmations) {
    Visit v(a, std::move(t));
    for (const PrecheckConfirmation& c : confirmations) {
        auto d = v.record_intake(c, {kIngestEvening + 60'000, 100'000});
        REQUIRE_MESSAGE(d.ok(), d.error().message);
        v = std::move(d->next);
    }
    SealedVisit out;
    WalkSinks sinks;
    sinks.attach = [&](const std::string& bytes) {
        out.files[sha256_hex(bytes)] = bytes;
        return Expected<std::string>(sha256_hex(bytes));
    };
    WalkPlan plan;
    plan.salt = a.visit_id;
    const Status walked = walk_visit(v, plan, sinks);
    REQUIRE_MESSAGE(walked.ok(), walked.error().message);
    out.record = encode_visit_record(v);
    out.seal = v.seal();
    return out;
}

// A depot with the fiber template and visits v-1..v-3 planned for tech-a; tokens for a, b and c.
struct IntakeDepot {
    RunningDepot depot;
    std::shared_ptr<const ChecklistTemplate> t = repo_template(kTemplateName);
    std::map<std::string, std::string> tokens;

    IntakeDepot() {
        depot.add_template(*t);
        depot.assign({make_assignment("v-1", "tech-a", *t, "job-1"), make_assignment("v-2", "tech-a", *t, "job-2"),
                      make_assignment("v-3", "tech-a", *t, "job-3")});
        for (const char* tech : {"tech-a", "tech-b", "tech-c"}) tokens[tech] = depot.token_for(tech);
    }

    Assignment planned(const std::string& visit_id) { return depot.store->assignment(visit_id).value().value(); }

    httplib::Result send(const SealedVisit& s, const std::string& visit_id, const std::string& technician) {
        auto c = depot.client(tokens.at(technician));
        for (const auto& [sha, bytes] : s.files) {
            auto r = c->Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
            REQUIRE(r);
            REQUIRE((r->status == 201 || r->status == 200));
        }
        return c->Put(("/api/v1/visits/" + visit_id).c_str(), s.record, "application/json");
    }

    AssignmentPage page(const std::string& technician, const std::string& cursor = "") {
        auto p = depot.store->assignments_since(technician, cursor, 200);
        REQUIRE(p.ok());
        return p.value();
    }
};

WireError error_of(const httplib::Result& r) {
    REQUIRE(r);
    auto e = decode_wire_error(r->body);
    REQUIRE_MESSAGE(e.ok(), r->body);
    return e.value();
}

}  // namespace

TEST_CASE("a visit whose intake confirmation is the depot's own is received") {
    IntakeDepot d;
    const PrecheckConfirmation patch{"v-1", "patch-confirmed", "network operator", kIngestEvening};
    REQUIRE(d.depot.store->confirm_precheck(patch, 1).ok());
    auto r = d.send(sealed_with_intake(d.planned("v-1"), d.t, {patch}), "v-1", "tech-a");
    REQUIRE(r);
    CHECK_MESSAGE(r->status == 201, r->body);
}

TEST_CASE("an intake confirmation the depot never gave, or gave by someone else or at another time, is refused with 422 naming the precheck") {
    IntakeDepot d;
    REQUIRE(d.depot.store->confirm_precheck({"v-3", "patch-confirmed", "network operator", kIngestEvening}, 1).ok());
    const std::vector<std::pair<std::string, PrecheckConfirmation>> forged = {
        {"v-2", {"v-2", "patch-confirmed", "network operator", kIngestEvening}},  // nothing confirmed for v-2
        {"v-3", {"v-3", "patch-confirmed", "the technician himself", kIngestEvening}},
        {"v-3", {"v-3", "patch-confirmed", "network operator", kIngestEvening + 1}},
        {"v-3", {"v-3", "socket-announced", "intake", kIngestEvening}},  // another precheck
    };
    for (const auto& [visit, claim] : forged) {
        CAPTURE(claim.by);
        CAPTURE(claim.precheck_id);
        auto r = d.send(sealed_with_intake(d.planned(visit), d.t, {claim}), visit, "tech-a");
        REQUIRE(r);
        CHECK(r->status == 422);
        const WireError e = error_of(r);
        CHECK(e.code == ErrorCode::unconfirmed_intake);
        CHECK(e.message.find(claim.precheck_id) != std::string::npos);
    }
    CHECK(d.depot.store->visit_count().value() == 0);
}

TEST_CASE("a cancelled visit its technician had started is received, and the planner sees the conflict") {
    IntakeDepot d;
    const SealedVisit walked = sealed_with_intake(d.planned("v-1"), d.t, {});
    REQUIRE(d.depot.store->cancel_visit("v-1", "customer moved", 2).ok());
    auto r = d.send(walked, "v-1", "tech-a");
    REQUIRE(r);
    CHECK_MESSAGE(r->status == 201, r->body);
    const auto conflicts = d.depot.store->conflicts().value();
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].visit_id == "v-1");
    CHECK(conflicts[0].technician_id == "tech-a");
    CHECK(conflicts[0].kind == "cancelled");
    CHECK(conflicts[0].detail.find("customer moved") != std::string::npos);
    auto again = d.send(walked, "v-1", "tech-a");  // the tablet retrying: the same receipt, no second conflict
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(d.depot.store->conflicts().value().size() == 1);
}

TEST_CASE("a reassigned visit sent by its first technician is received with a conflict, the new technician's tablet drops it, and anyone else is still refused") {
    IntakeDepot d;
    const SealedVisit walked = sealed_with_intake(d.planned("v-1"), d.t, {});
    REQUIRE(d.depot.store->reassign_visit("v-1", "tech-b", 2).ok());
    const AssignmentPage b0 = d.page("tech-b");
    REQUIRE(b0.assignments.size() == 1);

    Assignment as_c = d.planned("v-1");
    as_c.technician_id = "tech-c";
    auto stranger = d.send(sealed_with_intake(as_c, d.t, {}), "v-1", "tech-c");
    REQUIRE(stranger);
    CHECK(stranger->status == 403);
    CHECK(error_of(stranger).code == ErrorCode::not_your_visit);
    auto claimed = d.send(walked, "v-1", "tech-c");  // tech-a's record under tech-c's token
    REQUIRE(claimed);
    CHECK(claimed->status == 403);

    auto r = d.send(walked, "v-1", "tech-a");
    REQUIRE(r);
    CHECK_MESSAGE(r->status == 201, r->body);
    const auto conflicts = d.depot.store->conflicts().value();
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].kind == "reassigned");
    CHECK(conflicts[0].detail.find("to tech-b") != std::string::npos);
    CHECK(d.page("tech-b", b0.cursor).withdrawn == std::vector<std::string>{"v-1"});
    CHECK(d.page("tech-b").assignments.empty());
}
