// What the golden format-3 records pin about format 3 itself: the survey answered on the customer's
// own phone closes the visit with the code and no answers, and no older format may say so. Their bytes,
// seals, replay and tamper checks are test_golden_seals.cpp's, with every other format's.
#include <doctest/doctest.h>

#include <string>

#include "golden_walks_format3.h"

using namespace fc;
using namespace fc::golden;

namespace {

Visit replay_format3(const std::string& name) {
    for (const GoldenWalk& w : golden_walks_format3()) {
        if (w.name != name) continue;
        const auto record = decode_visit_record(*read_bytes(record_path(w.name, kFormat3)));
        REQUIRE(record.ok());
        return replay_visit(*record, *load_template(golden_template_path(w.template_id, kFormat3))).value();
    }
    FAIL("no golden walk " << name);
    return Visit(Assignment{}, nullptr);
}

}  // namespace

TEST_CASE("golden format-3 records: the phone survey closes with its code and no survey answers") {
    const Visit v = replay_format3("fiber_survey_on_phone");
    CHECK(v.format() == 3);
    CHECK(v.survey_status() == SurveyStatus::OnPhone);
    CHECK_FALSE(v.has_survey_answers());
    CHECK(v.events().back().kind == EventKind::SurveyOnPhone);
    CHECK(v.events().back().actor == Actor::Customer);
    CHECK(v.events().back().item == "hQ3vT0x-Zk2Lw8pRn5sYbA");
}

TEST_CASE("golden format-3 records: the same events under format 2 are refused, the phone survey did not exist") {
    const Visit v = replay_format3("fiber_survey_on_phone_nl");
    Visit older(v.assignment(), v.checklist_ptr(), 2);
    CHECK(older.apply(v.events()).error().code == ErrorCode::wrong_phase);
}

TEST_CASE("phone survey: refused with answers already on the tablet, outside customer mode, or with a malformed code") {
    const Visit done = replay_format3("fiber_survey_on_phone");
    Events events = done.events();
    const VisitEvent phone = events.back();
    events.pop_back();
    Visit v(done.assignment(), done.checklist_ptr(), 3);
    REQUIRE(v.apply(events).ok());
    const Instant later{phone.wall_ms + 1000, phone.mono_ms + 1000};
    CHECK(v.survey_on_phone("short", later).error().code == ErrorCode::malformed);
    CHECK(v.survey_on_phone("hQ3vT0x+Zk2Lw8pRn5sYb/", later).error().code == ErrorCode::malformed);
    CHECK(v.survey_on_phone(phone.item, later).ok());
    const auto answered = v.answer_survey("rate-appointment", Answer::score(3), later);
    REQUIRE(answered.ok());
    CHECK(answered->next.survey_on_phone(phone.item, later).error().code == ErrorCode::survey_answers_present);
    Visit steps(done.assignment(), done.checklist_ptr(), 3);
    REQUIRE(steps.apply(Events(events.begin(), events.begin() + 6)).ok());
    CHECK(steps.survey_on_phone(phone.item, later).error().code == ErrorCode::wrong_phase);
}
