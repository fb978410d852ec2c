// The weekly roll-ups (schema 12) the statistics pages read: after every change that moves them
// (visits received, not possible with a confirmed precheck, a flagged survey, a phone's answers
// arriving after the record) and after the migration from schema 11, they equal a recount from the
// visits themselves.
#include <doctest/doctest.h>

#include "tests/sync/depot/office/stats_depot.h"
#include "tests/sync/depot/sqlite_only.h"

using namespace fc;
using namespace fc::test;

namespace {

void check_rollups_equal_recount(DepotStore& store) {
    CHECK(stored_scores(store) == recount_scores(store));
    CHECK(stored_causes(store) == recount_causes(store));
    CHECK(stored_samples(store) == recount_samples(store));
}

// A mix of every kind: plain, hurried (flagged), not possible with and without the intake's
// confirmation, customer absent, all-top.
void send_mix(StatsDepot& d) {
    d.send("tech-a");
    WalkPlan top;
    top.scores = {5, 5, 5, 5};
    d.send("tech-a", top);
    WalkPlan hurried;
    hurried.survey_gap_ms = 150;
    hurried.scores = {5, 5, 5, 5};
    d.send("tech-b", hurried);
    WalkPlan failed;
    failed.not_possible = true;
    d.send("tech-b", failed, nullptr, true);
    d.send("tech-a", failed);
    WalkPlan absent;
    absent.customer_absent = true;
    d.send("tech-c", absent);
}

}  // namespace

TEST_CASE("roll-ups: equal a recount from the visits after ingests of every kind") {
    StatsDepot d;
    send_mix(d);
    const ScoreCube scores = stored_scores(*d.depot.store);
    REQUIRE_FALSE(scores.empty());
    // The fleet's row of a touchpoint holds every answer of the week: 3 surveys filled in plainly...
    const int week = 202346;
    CHECK(scores.at({"", "", week, "result", 0}) == std::array<long long, 5>{0, 0, 0, 1, 1});
    // ...and the hurried one counted apart.
    CHECK(scores.at({"", "", week, "result", 1}) == std::array<long long, 5>{0, 0, 0, 0, 1});
    const CauseTable causes = stored_causes(*d.depot.store);
    CHECK(causes.at({week, kTemplateName, "precheck_not_met", "patch-confirmed", 1}) == 1);
    CHECK(causes.at({week, kTemplateName, "precheck_not_met", "patch-confirmed", 0}) == 1);
    CHECK(causes.at({week, kTemplateName, "customer_absent", "", 0}) == 1);
    CHECK(causes.at({week, kTemplateName, "", "", 0}) == 3);
    check_rollups_equal_recount(*d.depot.store);
}

TEST_CASE("roll-ups: a phone's answers arriving after the record are counted, in the same week, once") {
    DepotServerOptions options;
    options.public_url = "https://survey.example.nl";
    ManualClock clock{Instant{1'700'003'600'000, 1'000}};  // the phone link is valid two weeks after the visit
    StatsDepot d(options, {}, &clock);
    d.send("tech-a");
    const std::string key = new_survey_key();
    const std::string token = d.depot.token_for("tech-p");
    d.tokens["tech-p"] = token;
    auto reg = d.depot.client(token)->Put("/api/v1/survey-key", "{\"survey_key\":\"" + base64_encode(key) + "\"}", "application/json");
    REQUIRE(reg);
    REQUIRE(reg->status == 200);
    const Assignment a = d.plan_visit("v-phone", "tech-p", *d.fiber);
    WalkPlan plan;
    plan.phone_code = survey_code(key, a.visit_id);
    d.put(sealed_visit(a, d.fiber, plan), a.visit_id, "tech-p");
    CHECK(stored_scores(*d.depot.store).count({"tech-p", kTemplateName, 202346, "result", 0}) == 0);
    auto answered = d.depot.client()->Post(("/s/" + a.visit_id + "/" + plan.phone_code).c_str(),
                                           "q-rate-appointment=2&q-rate-arrival=1&q-rate-explanation=2&q-rate-result=2",
                                           "application/x-www-form-urlencoded");
    REQUIRE(answered);
    REQUIRE(answered->status == 200);
    const ScoreCube scores = stored_scores(*d.depot.store);
    CHECK(scores.at({"tech-p", kTemplateName, 202346, "arrival", 0}) == std::array<long long, 5>{1, 0, 0, 0, 0});
    CHECK(scores.at({"tech-p", kTemplateName, 202346, "result", 0}) == std::array<long long, 5>{0, 1, 0, 0, 0});
    // A second submission changes nothing (one per code), in the roll-ups too.
    auto again = d.depot.client()->Post(("/s/" + a.visit_id + "/" + plan.phone_code).c_str(), "q-rate-result=5",
                                        "application/x-www-form-urlencoded");
    REQUIRE(again);
    check_rollups_equal_recount(*d.depot.store);
}

TEST_CASE("roll-ups: the migration from schema 11 fills them from the visits already stored" * FC_SQLITE_ONLY) {
    TempDir tmp;
    const auto dir = tmp.path / "depot";
    ScoreCube live_scores;
    CauseTable live_causes;
    SampleSums live_samples;
    {
        StatsDepot d({}, dir);
        send_mix(d);
        live_scores = stored_scores(*d.depot.store);
        live_causes = stored_causes(*d.depot.store);
        live_samples = stored_samples(*d.depot.store);
    }
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open((dir / "depot.db").c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, FC_UNDO_SCHEMA_12 "PRAGMA user_version = 11;",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    auto reopened = DepotStore::open(test_depot_location(dir));
    REQUIRE(reopened.ok());
    DepotStore& store = *reopened.value();
    CHECK(store.with_db([](DepotDb& db, const std::filesystem::path&) {
        auto st = db.prepare("PRAGMA user_version");
        REQUIRE(st);
        REQUIRE(st->step().value());
        return st->int32(0);
    }) == DepotStore::kSchemaVersion);
    CHECK(stored_scores(store) == live_scores);
    CHECK(stored_causes(store) == live_causes);
    CHECK(stored_samples(store) == live_samples);
    check_rollups_equal_recount(store);
}
