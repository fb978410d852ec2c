// Story 000, the lie one tap away: from record format 2 on, "not possible" waits until every blocking
// precheck is recorded; a blocking precheck not met is the cause, and only an absent customer leaves
// one open. Records of format 1 replay as they were sealed.
#include "visit_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

using K = FailureCause::Kind;

FailureCause worded_cause(K kind, std::string precheck = {}) {
    // Every cause carries words, so the only thing that can refuse it is the rule under test.
    return FailureCause{kind, std::move(precheck), "Helpdesk ticket NH-55821"};
}

std::string patch_title() { return fiber_template()->find_precheck("patch")->title; }

}  // namespace

TEST_CASE("record format 2: a visit with a blocking precheck open cannot close as not possible, except with the customer absent") {
    for (int opened = 0; opened < 2; ++opened) {
        CAPTURE(opened);
        for (const K kind : {K::NetworkFault, K::EquipmentDoesNotFit, K::Other}) {
            CAPTURE(to_string(kind));
            Walk w;
            if (opened) w.to_prechecks();
            const auto refused = w.visit.close_not_possible(worded_cause(kind), w.tick());
            REQUIRE(code_of(refused) == ErrorCode::precheck_open);
            // The refusal names the first open blocking precheck, for the screen and the log.
            CHECK(refused.error().param("subject") == patch_title());
            CHECK(refused.error().message.find(patch_title()) != std::string::npos);
            // A forged or replayed close is refused the same way.
            CHECK(code_of(w.offer(EventKind::ClosedNotPossible, Actor::Technician, "", "", "",
                                  encode_failure_cause(worded_cause(kind)))) == ErrorCode::precheck_open);
            CHECK_FALSE(w.visit.sealed());
        }
        Walk absent;
        if (opened) absent.to_prechecks();
        absent.take(absent.visit.close_not_possible(worded_cause(K::CustomerAbsent), absent.tick()));
        CHECK(absent.visit.outcome() == Outcome::NotPossible);
        CHECK_FALSE(absent.visit.precheck_answer("patch").has_value());
    }
}

TEST_CASE("record format 2: every blocking precheck must be recorded, not only the one before departure") {
    Walk w;
    w.to_prechecks();
    w.take(w.visit.record_precheck("patch", Answer::met(), w.tick()));
    // "socket" is blocking and checked on arrival: still open.
    const auto refused = w.visit.close_not_possible(worded_cause(K::NetworkFault), w.tick());
    REQUIRE(code_of(refused) == ErrorCode::precheck_open);
    CHECK(refused.error().param("subject") == w.visit.checklist().find_precheck("socket")->title);
    // A non-blocking precheck left open does not hold the close back.
    w.take(w.visit.record_precheck("socket", Answer::met(), w.tick()));
    CHECK_FALSE(w.visit.precheck_answer("parking").has_value());
    w.take(w.visit.close_not_possible(worded_cause(K::NetworkFault), w.tick()));
    CHECK(w.visit.cause()->kind == K::NetworkFault);
}

TEST_CASE("record format 2: a blocking precheck not met is the cause, even with another blocking precheck still open") {
    Walk w;
    w.to_prechecks();
    const Events events = w.take(w.visit.record_precheck("patch", Answer::not_met("no patch date"), w.tick()));
    REQUIRE(events.size() == 2);
    CHECK(events[1].kind == EventKind::ClosedNotPossible);
    REQUIRE(w.visit.cause().has_value());
    CHECK(w.visit.cause()->kind == K::PrecheckNotMet);
    CHECK(w.visit.cause()->precheck_id == "patch");
    CHECK_FALSE(w.visit.precheck_answer("socket").has_value());
}

TEST_CASE("record format 2: a non-blocking precheck not met is no cause while a blocking one is open") {
    Walk w;
    w.to_prechecks();
    w.take(w.visit.record_precheck("parking", Answer::not_met("street works"), w.tick()));
    CHECK(code_of(w.visit.close_not_possible(worded_cause(K::PrecheckNotMet, "parking"), w.tick())) == ErrorCode::precheck_open);
    CHECK(code_of(w.visit.close_allowed(K::PrecheckNotMet, "parking")) == ErrorCode::precheck_open);
}

TEST_CASE("record format 1 replays the old lie: not possible past an open blocking precheck is accepted") {
    for (const K kind : {K::NetworkFault, K::EquipmentDoesNotFit, K::Other}) {
        CAPTURE(to_string(kind));
        Walk w(fiber_template(), 1);
        w.to_prechecks();
        w.take(w.visit.close_not_possible(worded_cause(kind), w.tick()));
        CHECK(w.visit.cause()->kind == kind);
        CHECK(w.visit.close_allowed(kind).error().code == ErrorCode::sealed);
        // The same events under format 2 are refused: the rule is the record format's.
        Walk replay;
        CHECK(code_of(replay.visit.apply(w.visit.events())) == ErrorCode::precheck_open);
    }
}

TEST_CASE("close_allowed answers exactly what close_not_possible would, for every cause, phase and format") {
    for (const int format : {1, 2}) {
        for (int stage = 0; stage < 6; ++stage) {
            Walk w(fiber_template(), format);
            if (stage >= 1) w.to_prechecks();
            // Stage 5: the non-blocking "parking" recorded not met, the blocking ones still open.
            if (stage == 5) w.take(w.visit.record_precheck("parking", Answer::not_met("no space"), w.tick()));
            if (stage >= 2 && stage < 5) w.take(w.visit.record_precheck("patch", Answer::met(), w.tick()));
            if (stage >= 3 && stage < 5) w.take(w.visit.record_precheck("socket", Answer::met(), w.tick()));
            if (stage == 4) {
                w.take(w.visit.record_precheck("parking", Answer::met(), w.tick()));
                w.take(w.visit.begin_steps(w.tick()));
            }
            for (const K kind : {K::CustomerAbsent, K::EquipmentDoesNotFit, K::NetworkFault, K::Other}) {
                CAPTURE(format);
                CAPTURE(stage);
                CAPTURE(to_string(kind));
                const Status allowed = w.visit.close_allowed(kind);
                const auto decided = w.visit.close_not_possible(worded_cause(kind), w.tick());
                CHECK(allowed.ok() == decided.ok());
                CHECK(code_of(allowed) == code_of(decided));
                if (!allowed.ok()) CHECK(allowed.error().param("subject") == decided.error().param("subject"));
            }
            // Naming a precheck: the same one rule, recorded-not-met included.
            for (const char* named : {"parking", "patch"}) {
                CAPTURE(format);
                CAPTURE(stage);
                CAPTURE(named);
                const Status allowed = w.visit.close_allowed(K::PrecheckNotMet, named);
                const auto decided = w.visit.close_not_possible(worded_cause(K::PrecheckNotMet, named), w.tick());
                CHECK(code_of(allowed) == code_of(decided));
            }
        }
    }
    Walk h;
    h.to_handover();
    CHECK(code_of(h.visit.close_allowed(K::CustomerAbsent)) == ErrorCode::handover_started);
}
