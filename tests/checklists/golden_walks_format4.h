#pragma once
// Golden walks of record format 4 on the format-3 demo templates (version 3): a photo step answered
// with several photos (one list of hashes) and serial steps checked by pattern and by GS1 check digit.
// Their records and seals are pinned under tests/checklists/golden/format4/ (test_golden_seals_format4.cpp).
#include "golden_walks_format3.h"

namespace fc::golden {

inline constexpr int kFormat4 = 4;

inline Assignment assignment_v3(const std::string& suffix, const std::string& customer, const std::string& address,
                                const std::string& job, const std::string& template_id, int start_hour, int start_minute) {
    Assignment a = assignment(suffix, customer, address, job, template_id, start_hour, start_minute);
    a.template_version = 3;
    return a;
}

// (a) Fiber install with three photos of the modem and fiber box on one step and the modem's serial
// scanned (pattern [A-Z]{4}-?[0-9A-F]{8}); completed with the customer's signature and survey.
inline Expected<Visit> walk_fiber_three_photos(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment_v3("41", "Mr. P. de Wit", "Oudegracht 210, 3511 NR Utrecht", "J-33101",
                                 "fiber-modem-install-en", 10, 30);
    const std::string id = a.visit_id;
    Script s(std::move(a), std::move(t), local_time(10, 25), kFormat4);
    s.precheck("socket-announced", Answer::met(), 20);
    s.precheck("patch-confirmed", Answer::met(), 15);
    s.open(20 * 60);
    s.precheck("fiber-box-present", Answer::met(), 60);
    s.precheck("double-socket", Answer::met(), 30);
    s.begin_steps(15);
    s.answer("laser-safety", Answer::confirmed(), 20);
    s.next(5);
    s.answer("active-port", Answer::choice("port-1"), 50);
    s.next(5);
    s.answer("optical-power", Answer::measured(-18.2), 150);
    s.next(5);
    s.answer("modem-connected", Answer::done(), 280);
    s.next(5);
    s.answer("modem-online", Answer::done(), 400);
    s.next(5);
    s.answer("modem-serial", Answer::serial("ZTEG-C8A31122"), 20);
    s.next(5);
    // Two photos first, a third added after looking at them: the later answer replaces the list.
    s.answer("modem-photo", Answer::photos({attachment_hash(id + " modem photo 1"), attachment_hash(id + " modem photo 2")}), 60);
    s.answer("modem-photo",
             Answer::photos({attachment_hash(id + " modem photo 1"), attachment_hash(id + " modem photo 2"),
                             attachment_hash(id + " fiber box close-up")}),
             45);
    s.next(5);
    s.answer("installation-note", Answer::text_value("Fiber box behind the stairs cupboard; close-up added."), 80);
    s.begin_handover(20);
    for (const char* item : {"wifi-details", "modem-lights", "old-modem-return", "helpdesk"}) s.confirm(item, 45);
    s.sign("customer-signature", Answer::attachment(attachment_hash(id + " customer signature")), 35);
    s.survey("rate-appointment", Answer::score(4), 25);
    s.survey("rate-arrival", Answer::score(5), 15);
    s.survey("rate-explanation", Answer::score(5), 20);
    s.survey("rate-result", Answer::score(5), 15);
    s.submit(10);
    return s.finish();
}

// (b) DSL install in Dutch on a line with a care alarm: the modem's EAN-13 scanned (GS1 check digit)
// and two photos of the first socket; completed.
inline Expected<Visit> walk_dsl_gs1_two_photos_nl(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment_v3("42", "Dhr. K. Bakker", "Molenweg 7, 3881 AB Putten", "J-33102", "dsl-alarm-line-nl", 13, 0);
    const std::string id = a.visit_id;
    Script s(std::move(a), std::move(t), local_time(12, 55), kFormat4);
    s.precheck("alarm-asked-at-intake", Answer::met(), 20);
    s.precheck("line-type-known", Answer::met(), 15);
    s.precheck("alarm-kit-on-board", Answer::met(), 15);
    s.open(30 * 60);
    s.precheck("alarm-on-line", Answer::met(), 60);
    s.begin_steps(15);
    s.answer("first-socket", Answer::confirmed(), 30);
    s.next(5);
    s.answer("line-devices", Answer::choice("care-alarm"), 40);
    s.next(5);
    s.answer("alarm-splitter", Answer::done(), 300);
    s.next(5);
    s.answer("alarm-test-call", Answer::done(), 240);
    s.next(5);
    s.answer("modem-connected", Answer::done(), 200);
    s.next(5);
    s.answer("line-speed", Answer::measured(38.5), 120);
    s.next(5);
    s.answer("email-wanted", Answer::choice("no"), 20);
    s.next(5);
    s.answer("modem-article", Answer::serial("8712345678906"), 15);
    s.next(5);
    s.answer("socket-photo", Answer::photos({attachment_hash(id + " socket photo"), attachment_hash(id + " alarm photo")}), 70);
    s.begin_handover(20);
    for (const char* item : {"alarm-priority", "modem-lights", "email-login"}) s.confirm(item, 45);
    s.sign("customer-signature", Answer::attachment(attachment_hash(id + " customer signature")), 35);
    s.survey("rate-appointment", Answer::score(5), 25);
    s.survey("rate-arrival", Answer::score(4), 15);
    s.survey("rate-explanation", Answer::score(5), 20);
    s.survey("rate-result", Answer::score(5), 15);
    s.survey("comment", Answer::text_value("Fijn dat het alarm meteen getest is."), 60);
    s.submit(10);
    return s.finish();
}

inline const std::vector<GoldenWalk>& golden_walks_format4() {
    static const std::vector<GoldenWalk> walks = {
        {"fiber_three_photos", "fiber-modem-install-en", Outcome::Completed, SurveyStatus::Submitted, std::nullopt,
         "Fiber box behind the stairs", walk_fiber_three_photos, kFormat4},
        {"dsl_gs1_two_photos_nl", "dsl-alarm-line-nl", Outcome::Completed, SurveyStatus::Submitted, std::nullopt,
         "Fijn dat het alarm", walk_dsl_gs1_two_photos_nl, kFormat4},
    };
    return walks;
}

}  // namespace fc::golden
