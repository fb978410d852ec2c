// What the golden format-2 records pin about format 2 itself: intake events, the customer's handover
// and signature, and no "not possible" past an open blocking precheck except "customer absent". Their
// bytes, seals, replay and tamper checks are test_golden_seals.cpp's, with every other format's.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "golden_walks_format2.h"

using namespace fc;
using namespace fc::golden;

TEST_CASE("golden format-2 records: what each one pins about format 2") {
    const auto replay = [](const std::string& name) {
        for (const GoldenWalk& w : golden_walks_format2()) {
            if (w.name != name) continue;
            const auto record = decode_visit_record(*read_bytes(record_path(w.name, kFormat2)));
            REQUIRE(record.ok());
            return replay_visit(*record, *load_template(golden_template_path(w.template_id, kFormat2))).value();
        }
        FAIL("no golden walk " << name);
        return Visit(Assignment{}, nullptr);
    };
    const Visit completed = replay("fiber_intake_completed");
    CHECK(completed.events().front().actor == Actor::Intake);
    CHECK(completed.handover_answer("customer-signature").has_value());
    CHECK(completed.attachment_hashes() ==
          std::vector<std::string>{attachment_hash("V-20240311-11 modem photo"), attachment_hash("V-20240311-11 customer signature")});
    for (const VisitEvent& e : completed.events()) CHECK(e.kind != EventKind::CustomerModeEntered);
    const Visit absent = replay("dsl_customer_absent_nl");
    CHECK_FALSE(absent.precheck_answer("alarm-asked-at-intake").has_value());
    // The same close with any other cause is refused under format 2.
    Visit reopened(absent.assignment(), absent.checklist_ptr(), 2);
    Events events = absent.events();
    events.back().cause->kind = FailureCause::Kind::NetworkFault;
    CHECK(reopened.apply(events).error().code == ErrorCode::precheck_open);
}
