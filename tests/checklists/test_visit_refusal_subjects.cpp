// A refusal names what it is about: the engine knows which precheck, step, item or question stopped
// it, so no screen has to guess it again from the visit.
#include "visit_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

template <typename R>
std::string subject_of(const R& refused) {
    REQUIRE_FALSE(refused.ok());
    return refused.error().param("subject");
}

}  // namespace

TEST_CASE("a refused start names the first precheck still unanswered") {
    Walk w;
    w.to_prechecks();
    CHECK(subject_of(w.visit.begin_steps(w.tick())) == "Patch confirmed by the network operator");
    w.take(w.visit.record_precheck("patch", Answer::met(), w.tick()));
    w.take(w.visit.record_precheck("socket", Answer::met(), w.tick()));
    CHECK(subject_of(w.visit.begin_steps(w.tick())) == "Parking close by");
}

TEST_CASE("a refused Next names the current step, and an answer refused for a missing note names its step") {
    Walk w;
    w.to_steps();
    CHECK(subject_of(w.visit.go_next(w.tick())) == "Read the safety note");
    w.take(w.visit.answer_step("safety", Answer::confirmed(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    CHECK(subject_of(w.visit.answer_step("connected", Answer::not_applicable(" "), w.tick())) == "Fiber connected");
    w.take(w.visit.answer_step("connected", Answer::done(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    CHECK(subject_of(w.visit.answer_step("power", Answer::measured(-40), w.tick())) == "Optical power");
}

TEST_CASE("a refused customer mode names the handover item still unconfirmed, and a refused submit the question") {
    Walk w;
    w.to_handover();
    w.take(w.visit.confirm_handover("wired_laptop", w.tick()));
    CHECK(subject_of(w.visit.enter_customer_mode(w.tick())) == "The Wi-Fi password is on the sticker");
    w.take(w.visit.confirm_handover("wifi_password", w.tick()));
    w.take(w.visit.enter_customer_mode(w.tick()));
    w.take(w.visit.answer_survey("appointment", Answer::score(4), w.tick()));
    CHECK(subject_of(w.visit.submit_survey(w.tick())) == "Arrival");
}
