#pragma once
// Golden walks of record format 2 on the format-2 demo templates (version 2): an intake confirmation,
// the handover in customer mode with the customer's signature, and the closing rule of story 000.
// Their records and seals are pinned under tests/checklists/golden/format2/ (test_golden_seals_format2.cpp).
#include "golden_walks.h"

namespace fc::golden {

inline constexpr int kFormat2 = 2;

inline Assignment assignment_v2(const std::string& suffix, const std::string& customer, const std::string& address,
                                const std::string& job, const std::string& template_id, int start_hour, int start_minute) {
    Assignment a = assignment(suffix, customer, address, job, template_id, start_hour, start_minute);
    a.template_version = 2;
    return a;
}

// (a) Fiber install the operator confirmed the evening before (an intake event, timed then), walked
// on site and completed: the customer confirms the handover in customer mode, signs, fills in the survey.
inline Expected<Visit> walk_fiber_intake_completed(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment_v2("11", "Mr. J. O'Neill", "Kerkstraat 12, 3581 GH Utrecht", "J-31877",
                                 "fiber-modem-install-en", 8, 0);
    const PrecheckConfirmation patch{a.visit_id, "patch-confirmed", "operator: Glasnet patch notice 4471",
                                     local_time(7, 0).wall_ms - 13 * kHourMs};
    Script s(std::move(a), std::move(t), local_time(7, 35), kFormat2);
    s.intake(patch, 5);
    s.precheck("socket-announced", Answer::met(), 20);
    s.open(25 * 60);
    s.precheck("fiber-box-present", Answer::met(), 90);
    s.precheck("double-socket", Answer::met(), 40);
    s.begin_steps(15);
    s.answer("laser-safety", Answer::confirmed(), 20);
    s.next(5);
    s.answer("active-port", Answer::choice("port-2"), 60);
    s.next(5);
    s.answer("optical-power", Answer::measured(-21.7), 180);
    s.next(5);
    s.answer("modem-connected", Answer::done(), 300);
    s.next(5);
    s.answer("modem-online", Answer::done(), 420);
    s.next(5);
    s.answer("modem-serial", Answer::text_value("ZTEG-C8A20441"), 45);
    s.next(5);
    s.answer("modem-photo", Answer::attachment(attachment_hash("V-20240311-11 modem photo")), 60);
    s.next(5);
    s.answer("installation-note", Answer::text_value("Patch by the operator confirmed the evening before; port 2."), 90);
    s.begin_handover(20);  // the tablet goes to the customer here
    for (const char* item : {"wifi-details", "modem-lights", "old-modem-return", "helpdesk"}) s.confirm(item, 50);
    s.sign("customer-signature", Answer::attachment(attachment_hash("V-20240311-11 customer signature")), 40);
    s.survey("rate-appointment", Answer::score(5), 25);
    s.survey("rate-arrival", Answer::score(5), 15);
    s.survey("rate-explanation", Answer::score(4), 20);
    s.survey("rate-result", Answer::score(5), 15);
    s.survey("comment", Answer::text_value("Signed on the tablet myself, and the list of what to do is clear."), 80);
    s.submit(10);
    return s.finish();
}

// (b) Fiber install in Dutch whose patch was never made: the technician records the blocking
// precheck not met before departure, and that is the cause (story 000), not a "network fault".
inline Expected<Visit> walk_fiber_patch_not_met_nl(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment_v2("13", "Fam. El Amrani", "Vleutenseweg 220, 3532 HR Utrecht", "J-29410",
                                 "fiber-modem-install-nl", 11, 0);
    Script s(std::move(a), std::move(t), local_time(7, 5), kFormat2);
    s.precheck("socket-announced", Answer::met(), 30);
    s.precheck("patch-confirmed", Answer::not_met("Geen patchmelding van de netbeheerder; werkorder zonder datum."), 240);
    return s.finish();
}

// (c) DSL visit in Dutch: nobody confirmed the intake's alarm question, the technician drove out
// anyway and nobody was home. "Customer absent" is the one cause that may leave a blocking precheck open.
inline Expected<Visit> walk_dsl_customer_absent_nl(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment_v2("12", "Dhr. P. Bakker", "Lindelaan 7, 3707 EK Zeist", "J-31902",
                                 "dsl-alarm-line-nl", 9, 30);
    Script s(std::move(a), std::move(t), local_time(7, 20), kFormat2);
    s.precheck("line-type-known", Answer::met(), 20);
    s.precheck("alarm-kit-on-board", Answer::met(), 25);
    s.open(2 * 60 * 60 + 10 * 60);
    s.close({FailureCause::Kind::CustomerAbsent, "", "Twee keer aangebeld om 09:35 en 09:50; kaartje in de brievenbus."},
            20 * 60);
    return s.finish();
}

inline const std::vector<GoldenWalk>& golden_walks_format2() {
    using K = FailureCause::Kind;
    static const std::vector<GoldenWalk> walks = {
        {"fiber_intake_completed", "fiber-modem-install-en", Outcome::Completed, SurveyStatus::Submitted, std::nullopt,
         "Signed on the tablet myself", walk_fiber_intake_completed, kFormat2},
        {"fiber_patch_not_met_nl", "fiber-modem-install-nl", Outcome::NotPossible, SurveyStatus::NotAsked,
         K::PrecheckNotMet, "Geen patchmelding", walk_fiber_patch_not_met_nl, kFormat2},
        {"dsl_customer_absent_nl", "dsl-alarm-line-nl", Outcome::NotPossible, SurveyStatus::NotAsked, K::CustomerAbsent,
         "Twee keer aangebeld", walk_dsl_customer_absent_nl, kFormat2},
    };
    return walks;
}

}  // namespace fc::golden
