#pragma once
// Golden walks of record format 5 on the format-3 demo templates (version 3): each visit sealed with
// the customer's receipt (a receipt_made event right before the close) and the technician's name in
// the assignment. Their records and seals are pinned under tests/checklists/golden/format5/
// (test_golden_seals_format5.cpp).
#include "golden_walks_format4.h"

namespace fc::golden {

inline constexpr int kFormat5 = 5;

// The receipt code a tablet made with its survey key (sync/wire/survey_code.h); only its hash is sealed.
inline std::string golden_receipt_code(const std::string& visit_id) {
    return sha256_hex("golden receipt code: " + visit_id).substr(0, 22);
}

inline ReceiptFacts golden_receipt(const std::string& visit_id, int utc_offset_minutes = 60) {
    ReceiptFacts f;
    f.code_hash = sha256_hex(golden_receipt_code(visit_id));
    f.company = "Glasvezel Noord B.V.";
    f.helpdesk = "088 123 45 67";
    f.link_base = "https://depot.example.nl";
    f.technician = "Jan de Vries";
    f.utc_offset_minutes = utc_offset_minutes;
    return f;
}

inline Assignment assignment_v5(const std::string& suffix, const std::string& customer, const std::string& address,
                                const std::string& job, const std::string& template_id, int start_hour, int start_minute) {
    Assignment a = assignment_v3(suffix, customer, address, job, template_id, start_hour, start_minute);
    a.technician_name = "Jan de Vries";
    return a;
}

// (a) Fiber install in English, everything done, the survey filled in and submitted with the receipt.
inline Expected<Visit> walk_fiber_receipt_completed(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment_v5("51", "Ms. E. Kowalska", "Stationsplein 3, 3511 CE Utrecht", "J-35101",
                                 "fiber-modem-install-en", 9, 0);
    const std::string id = a.visit_id;
    Script s(std::move(a), std::move(t), local_time(8, 40), kFormat5);
    s.precheck("patch-confirmed", Answer::met(), 20);
    s.precheck("socket-announced", Answer::met(), 15);
    s.open(20 * 60);
    s.precheck("fiber-box-present", Answer::met(), 60);
    s.precheck("double-socket", Answer::met(), 30);
    s.begin_steps(15);
    s.answer("laser-safety", Answer::confirmed(), 20);
    s.next(5);
    s.answer("active-port", Answer::choice("port-2"), 40);
    s.next(5);
    s.answer("optical-power", Answer::measured(-19.4), 150);
    s.next(5);
    s.answer("modem-connected", Answer::done(), 280);
    s.next(5);
    s.answer("modem-online", Answer::done(), 400);
    s.next(5);
    s.answer("modem-serial", Answer::serial("ZTEG-C8A31199"), 20);
    s.next(5);
    s.answer("modem-photo", Answer::photos({attachment_hash(id + " modem photo")}), 60);
    s.next(5);
    s.answer("installation-note", Answer::text_value("Modem on the hall shelf, receipt printed for the customer."), 80);
    s.begin_handover(20);
    for (const char* item : {"wifi-details", "modem-lights", "old-modem-return", "helpdesk"}) s.confirm(item, 45);
    s.sign("customer-signature", Answer::attachment(attachment_hash(id + " customer signature")), 35);
    s.survey("rate-appointment", Answer::score(5), 25);
    s.survey("rate-arrival", Answer::score(5), 15);
    s.survey("rate-explanation", Answer::score(4), 20);
    s.survey("rate-result", Answer::score(5), 15);
    s.submit(10, golden_receipt(id));
    return s.finish();
}

// (b) Fiber install in Dutch; the customer had no time for the survey: the technician's PIN declines
// it (the answers already given are discarded) and the receipt is sealed with the decline.
inline Expected<Visit> walk_fiber_receipt_declined_nl(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment_v5("52", "Mevr. Ł. Żak", "Dorpsstraat 1, 1234 AB Ilpendam", "J-35102",
                                 "fiber-modem-install-nl", 11, 0);
    const std::string id = a.visit_id;
    Script s(std::move(a), std::move(t), local_time(10, 45), kFormat5);
    s.precheck("patch-confirmed", Answer::met(), 20);
    s.precheck("socket-announced", Answer::met(), 15);
    s.open(15 * 60);
    s.precheck("fiber-box-present", Answer::met(), 60);
    s.precheck("double-socket", Answer::met(), 30);
    s.begin_steps(15);
    s.answer("laser-safety", Answer::confirmed(), 20);
    s.next(5);
    s.answer("active-port", Answer::choice("port-1"), 40);
    s.next(5);
    s.answer("optical-power", Answer::measured(-21), 150);
    s.next(5);
    s.answer("modem-connected", Answer::done(), 280);
    s.next(5);
    s.answer("modem-online", Answer::done(), 400);
    s.next(5);
    s.answer("modem-serial", Answer::serial("ZTEG-C8A31200"), 20);
    s.next(5);
    s.answer("modem-photo", Answer::photos({attachment_hash(id + " modem photo")}), 60);
    s.next(5);
    s.answer("installation-note", Answer::text_value("Modem naast de meterkast; bon geprint."), 80);
    s.begin_handover(20);
    for (const char* item : {"wifi-details", "modem-lights", "old-modem-return", "helpdesk"}) s.confirm(item, 45);
    s.sign("customer-signature", Answer::attachment(attachment_hash(id + " customer signature")), 35);
    s.survey("rate-appointment", Answer::score(3), 25);
    s.decline(technician_pin(), "4711", 30, golden_receipt(id));
    return s.finish();
}

// (c) Wi-Fi activation in Dutch closed not possible for another reason, in the technician's words,
// with the receipt; the tablet was on summer time (UTC+2).
inline Expected<Visit> walk_wifi_receipt_other_nl(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment_v5("53", "Dhr. IJ. van Eijk", "Havenweg 4, 8501 AA Joure", "J-35103", "wifi-activation-nl", 14, 0);
    const std::string id = a.visit_id;
    Script s(std::move(a), std::move(t), local_time(13, 50), kFormat5);
    s.precheck("double-socket-announced", Answer::met(), 20);
    s.precheck("address-registered", Answer::met(), 15);
    s.open(10 * 60);
    s.precheck("router-on-site", Answer::met(), 30);
    s.begin_steps(15);
    s.close({FailureCause::Kind::Other, {}, "De meterkast zat op slot en de sleutel was kwijt."}, 120, golden_receipt(id, 120));
    return s.finish();
}

inline const std::vector<GoldenWalk>& golden_walks_format5() {
    static const std::vector<GoldenWalk> walks = {
        {"fiber_receipt_completed", "fiber-modem-install-en", Outcome::Completed, SurveyStatus::Submitted, std::nullopt,
         "Modem on the hall shelf", walk_fiber_receipt_completed, kFormat5},
        {"fiber_receipt_declined_nl", "fiber-modem-install-nl", Outcome::Completed, SurveyStatus::NotFilledIn, std::nullopt,
         "Modem naast de meterkast", walk_fiber_receipt_declined_nl, kFormat5},
        {"wifi_receipt_other_nl", "wifi-activation-nl", Outcome::NotPossible, SurveyStatus::NotAsked,
         FailureCause::Kind::Other, "De meterkast zat op slot", walk_wifi_receipt_other_nl, kFormat5},
    };
    return walks;
}

}  // namespace fc::golden
