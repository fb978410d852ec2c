#pragma once
// Golden walks of record format 3 on the format-2 demo templates (version 2): the customer chooses to
// answer the survey on their own phone, so the visit closes with the survey code and no answers.
// Their records and seals are pinned under tests/checklists/golden/format3/ (test_golden_seals_format3.cpp).
#include "golden_walks_format2.h"

namespace fc::golden {

inline constexpr int kFormat3 = 3;

// A fiber install walked to the end of the customer's handover, then the phone survey chosen. The
// code is pinned text, as the tablet would show it in the QR code.
inline Expected<Visit> walk_fiber_to_phone(Assignment a, std::shared_ptr<const ChecklistTemplate> t, Instant start,
                                           const std::string& note, const std::string& code) {
    const std::string id = a.visit_id;
    Script s(std::move(a), std::move(t), start, kFormat3);
    s.precheck("socket-announced", Answer::met(), 20);
    s.precheck("patch-confirmed", Answer::met(), 15);
    s.open(25 * 60);
    s.precheck("fiber-box-present", Answer::met(), 60);
    s.precheck("double-socket", Answer::met(), 30);
    s.begin_steps(15);
    s.answer("laser-safety", Answer::confirmed(), 20);
    s.next(5);
    s.answer("active-port", Answer::choice("port-1"), 50);
    s.next(5);
    s.answer("optical-power", Answer::measured(-19.4), 150);
    s.next(5);
    s.answer("modem-connected", Answer::done(), 280);
    s.next(5);
    s.answer("modem-online", Answer::done(), 400);
    s.next(5);
    s.answer("modem-serial", Answer::text_value("ZTEG-C8A30977"), 40);
    s.next(5);
    s.answer("modem-photo", Answer::attachment(attachment_hash(id + " modem photo")), 60);
    s.next(5);
    s.answer("installation-note", Answer::text_value(note), 80);
    s.begin_handover(20);
    for (const char* item : {"wifi-details", "modem-lights", "old-modem-return", "helpdesk"}) s.confirm(item, 45);
    s.sign("customer-signature", Answer::attachment(attachment_hash(id + " customer signature")), 35);
    s.phone(code, 30);
    return s.finish();
}

inline Expected<Visit> walk_fiber_survey_on_phone(std::shared_ptr<const ChecklistTemplate> t) {
    return walk_fiber_to_phone(assignment_v2("31", "Ms. A. Visser", "Biltstraat 101, 3572 AM Utrecht", "J-32015",
                                             "fiber-modem-install-en", 10, 0),
                               std::move(t), local_time(9, 40), "Port 1; the customer answers on her own phone.",
                               "hQ3vT0x-Zk2Lw8pRn5sYbA");
}

inline Expected<Visit> walk_fiber_survey_on_phone_nl(std::shared_ptr<const ChecklistTemplate> t) {
    return walk_fiber_to_phone(assignment_v2("32", "Mevr. L. de Groot", "Dorpsstraat 4, 3732 HJ De Bilt", "J-32016",
                                             "fiber-modem-install-nl", 13, 0),
                               std::move(t), local_time(12, 50), "Poort 1; de klant vult de enquete in op haar telefoon.",
                               "Gd_4kP0sWq7Yx2Nc9LmTrA");
}

inline const std::vector<GoldenWalk>& golden_walks_format3() {
    static const std::vector<GoldenWalk> walks = {
        {"fiber_survey_on_phone", "fiber-modem-install-en", Outcome::Completed, SurveyStatus::OnPhone, std::nullopt,
         "the customer answers on her own phone", walk_fiber_survey_on_phone, kFormat3},
        {"fiber_survey_on_phone_nl", "fiber-modem-install-nl", Outcome::Completed, SurveyStatus::OnPhone, std::nullopt,
         "op haar telefoon", walk_fiber_survey_on_phone_nl, kFormat3},
    };
    return walks;
}

}  // namespace fc::golden
