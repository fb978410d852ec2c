#pragma once
// Golden walks: seven scripted field visits on the demo templates, walked through the engine's verbs
// with a fixed clock and fixed ids, so that they give the same record bytes and seal on every run.
// Their records and seals are pinned under tests/checklists/golden/format1/ (test_golden_seals.cpp);
// the depot tests may upload the same records. No doctest in here: a refusal is returned, not asserted.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checklists/clock.h"
#include "checklists/sha256.h"
#include "checklists/technician_pin.h"
#include "checklists/template_parser.h"
#include "checklists/visit.h"

namespace fc::golden {

// Why a copy of each template: the fixtures must not change when someone edits templates/. Each
// record format has its own directory (golden/format1, golden/format2); format 1 is the default.
inline std::filesystem::path golden_dir(int format = 1) {
    return std::filesystem::path(FIELDCHECK_SOURCE_DIR) / ("tests/checklists/golden/format" + std::to_string(format));
}
inline std::filesystem::path golden_template_path(const std::string& id, int format = 1) {
    return golden_dir(format) / "templates" / (id + ".json");
}
inline std::filesystem::path demo_template_path(const std::string& id) {
    return std::filesystem::path(FIELDCHECK_SOURCE_DIR) / "templates" / (id + ".json");
}
inline std::filesystem::path record_path(const std::string& name, int format = 1) {
    return golden_dir(format) / (name + ".record.json");
}
inline std::filesystem::path seal_path(const std::string& name, int format = 1) { return golden_dir(format) / (name + ".seal"); }

inline std::optional<std::string> read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The seal file holds the hex and one newline (so editors and git leave it alone).
inline std::optional<std::string> read_seal(const std::string& name, int format = 1) {
    auto s = read_bytes(seal_path(name, format));
    if (s && !s->empty() && s->back() == '\n') s->pop_back();
    return s;
}

inline Expected<std::shared_ptr<const ChecklistTemplate>> load_template(const std::filesystem::path& p) {
    const auto bytes = read_bytes(p);
    if (!bytes) return make_error(ErrorCode::io_error, "cannot read " + p.string());
    TemplateParseResult parsed = parse_template(*bytes);
    if (!parsed.checklist) {
        return make_error(ErrorCode::invalid_template, p.string() + ": " + parsed.problems.front().path + ": " +
                                                  parsed.problems.front().message);
    }
    return std::shared_ptr<const ChecklistTemplate>(std::make_shared<ChecklistTemplate>(std::move(*parsed.checklist)));
}

// Script: one visit driven through the engine's verbs the way the app does it (decide, then install),
// with the clock moved on before each action. The first refusal is kept and the rest is skipped,
// so a script reads as a plain list of what the technician and the customer did.
class Script {
public:
    // `format`: the record format the visit is walked under (the golden format-1 walks keep 1).
    Script(Assignment a, std::shared_ptr<const ChecklistTemplate> t, Instant start, int format = 1)
        : visit_(std::move(a), std::move(t), format), clock_(start) {}

    void open(int secs) { take("open", [&](Instant now) { return visit_.open(now); }, secs); }
    void precheck(const std::string& id, const Answer& a, int secs) {
        take("precheck " + id, [&](Instant now) { return visit_.record_precheck(id, a, now); }, secs);
    }
    // A confirmation the tablet learned of with a down-sync (its own time is the confirmation's).
    void intake(const PrecheckConfirmation& c, int secs) {
        take("intake " + c.precheck_id, [&](Instant now) { return visit_.record_intake(c, now); }, secs);
    }
    void begin_steps(int secs) { take("begin steps", [&](Instant now) { return visit_.begin_steps(now); }, secs); }
    void answer(const std::string& id, const Answer& a, int secs) {
        take("answer " + id, [&](Instant now) { return visit_.answer_step(id, a, now); }, secs);
    }
    void clear(const std::string& id, int secs) {
        take("clear " + id, [&](Instant now) { return visit_.clear_step(id, now); }, secs);
    }
    void next(int secs) { take("next", [&](Instant now) { return visit_.go_next(now); }, secs); }
    void back(int secs) { take("back", [&](Instant now) { return visit_.go_back(now); }, secs); }
    void begin_handover(int secs) { take("begin handover", [&](Instant now) { return visit_.begin_handover(now); }, secs); }
    void confirm(const std::string& id, int secs) {
        take("confirm " + id, [&](Instant now) { return visit_.confirm_handover(id, now); }, secs);
    }
    void sign(const std::string& id, const Answer& signature, int secs) {
        take("sign " + id, [&](Instant now) { return visit_.sign_handover(id, signature, now); }, secs);
    }
    void customer_mode(int secs) {
        take("customer mode", [&](Instant now) { return visit_.enter_customer_mode(now); }, secs);
    }
    void survey(const std::string& id, const Answer& a, int secs) {
        take("survey " + id, [&](Instant now) { return visit_.answer_survey(id, a, now); }, secs);
    }
    // The customer answers on their own phone (record format 3): `code` is the visit's survey code.
    // The sealing verbs take the customer's receipt from record format 5 on (none before).
    void phone(const std::string& code, int secs, const std::optional<ReceiptFacts>& receipt = std::nullopt) {
        take("survey on phone", [&](Instant now) { return visit_.survey_on_phone(code, now, receipt); }, secs);
    }
    void submit(int secs, const std::optional<ReceiptFacts>& receipt = std::nullopt) {
        take("submit survey", [&](Instant now) { return visit_.submit_survey(now, receipt); }, secs);
    }
    void decline(const TechnicianPin& pin, const std::string& entered, int secs,
                 const std::optional<ReceiptFacts>& receipt = std::nullopt) {
        take("decline survey", [&](Instant now) { return visit_.decline_survey(pin, entered, now, receipt); }, secs);
    }
    void close(const FailureCause& cause, int secs, const std::optional<ReceiptFacts>& receipt = std::nullopt) {
        take("close not possible", [&](Instant now) { return visit_.close_not_possible(cause, now, receipt); }, secs);
    }

    // The sealed visit, or the first refusal with the action that caused it.
    Expected<Visit> finish() const {
        if (error_) return *error_;
        if (!visit_.sealed()) return make_error(ErrorCode::not_sealed, "the script ended before the visit was sealed");
        return visit_;
    }

private:
    template <typename Verb>
    void take(const std::string& what, Verb verb, int secs) {
        if (error_) return;
        clock_.advance_ms(std::int64_t{secs} * 1000);
        Expected<Decision> decision = verb(clock_.now());
        if (!decision) {
            error_ = make_error(decision.error().code, what + ": " + decision.error().message);
            return;
        }
        visit_ = std::move(decision->next);
    }

    Visit visit_;
    ManualClock clock_;
    std::optional<Error> error_;
};

// Times: Monday 11 March 2024 in Utrecht (UTC+1), so 08:00 local is 07:00 UTC. The tablet booted at
// 06:00 local, which is where its monotonic clock starts counting.
inline constexpr std::int64_t kDayStartUtcMs = 1'710'111'600'000;  // 2024-03-11 00:00 local (23:00 UTC the day before)
inline constexpr std::int64_t kMinuteMs = 60'000;
inline constexpr std::int64_t kHourMs = 60 * kMinuteMs;
inline Instant local_time(int hour, int minute) {
    const std::int64_t since_midnight = hour * kHourMs + minute * kMinuteMs;
    return {kDayStartUtcMs + since_midnight, since_midnight - 6 * kHourMs};
}

inline Assignment assignment(const std::string& suffix, const std::string& customer, const std::string& address,
                             const std::string& job, const std::string& template_id, int start_hour, int start_minute) {
    Assignment a;
    a.visit_id = "V-20240311-" + suffix;
    a.technician_id = "T-0042";
    a.customer_name = customer;
    a.address = address;
    a.job_id = job;
    a.window_start_ms = local_time(start_hour, start_minute).wall_ms;
    a.window_end_ms = a.window_start_ms + 90 * kMinuteMs;
    a.template_id = template_id;
    a.template_version = 1;
    return a;
}

// An attachment is recorded by the SHA-256 of its file; the bytes stand in for the photo itself.
inline std::string attachment_hash(const std::string& what) { return sha256_hex("golden attachment: " + what); }

inline const TechnicianPin& technician_pin() {
    static const TechnicianPin pin = TechnicianPin::create("4711", "5eed5eed5eed5eed5eed5eed5eed5eed").value();
    return pin;
}

// GoldenWalk: one scripted visit and what it must end as.
struct GoldenWalk {
    std::string name;         // fixture file stem
    std::string template_id;  // file stem under golden/format1/templates/
    Outcome outcome = Outcome::Completed;
    SurveyStatus survey = SurveyStatus::Submitted;
    std::optional<FailureCause::Kind> cause;
    // Free text typed into one answer and found exactly once in the record: the tamper test flips
    // the case of its first letter, which keeps the record valid but no longer the sealed one.
    std::string answer_text;
    Expected<Visit> (*walk)(std::shared_ptr<const ChecklistTemplate>);
    int format = 1;  // the record format: which golden/formatN directory holds its files
};

// (a) Fiber install, everything done: the port traced by hand, power in range, serial, photo, a note
// with a line break, the signature, one step back and forth, all handover items, a full survey.
inline Expected<Visit> walk_fiber_completed(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment("01", "Mr. J. O'Neill", "Kerkstraat 12, 3581 GH Utrecht", "J-31877",
                              "fiber-modem-install-en", 8, 0);
    Script s(std::move(a), std::move(t), local_time(7, 40));
    s.precheck("patch-confirmed", Answer::met(), 30);
    s.precheck("socket-announced", Answer::met(), 20);
    s.open(25 * 60);
    s.precheck("fiber-box-present", Answer::met(), 90);
    s.precheck("double-socket", Answer::not_met("Only a single socket; power strip from the van used."), 40);
    s.begin_steps(15);
    s.answer("laser-safety", Answer::confirmed(), 20);
    s.next(5);
    s.answer("active-port", Answer::choice("unmarked"), 60);
    s.next(5);
    s.answer("port-traced", Answer::done(), 240);
    s.next(5);
    s.answer("optical-power", Answer::measured(-19.4), 180);
    s.next(5);
    s.answer("modem-connected", Answer::done(), 300);
    s.next(5);
    s.answer("modem-online", Answer::done(), 420);
    s.next(5);
    s.answer("modem-serial", Answer::text_value("ZTEG-C8A1F07B"), 45);
    s.next(5);
    s.answer("modem-photo", Answer::attachment(attachment_hash("V-20240311-01 modem photo")), 60);
    s.next(5);
    s.answer("installation-note",
             Answer::text_value("Power strip from the van: only a single socket.\nPort 2 marked with a sticker."), 90);
    s.back(10);  // a second look at the photo before the customer signs
    s.next(5);
    s.next(5);
    s.answer("customer-signature", Answer::attachment(attachment_hash("V-20240311-01 signature")), 60);
    s.begin_handover(20);
    for (const char* item : {"wifi-details", "modem-lights", "old-modem-return", "helpdesk"}) s.confirm(item, 60);
    s.customer_mode(10);
    s.survey("rate-appointment", Answer::score(4), 25);
    s.survey("rate-arrival", Answer::score(5), 15);
    s.survey("rate-explanation", Answer::score(5), 20);
    s.survey("rate-result", Answer::score(4), 15);
    s.survey("comment", Answer::text_value("Very clear about the lights. The \"power strip\" is ugly, but fine \\o/"), 90);
    s.submit(10);
    return s.finish();
}

// (b) Third attempt on an escalated fiber job: the operator's patch is still missing before
// departure, so the blocking precheck closes the visit by itself, without it ever being opened.
inline Expected<Visit> walk_fiber_patch_missing_nl(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment("03", "Fam. El Amrani", "Vleutenseweg 220, 3532 HR Utrecht", "J-29410",
                              "fiber-modem-install-nl", 11, 0);
    a.history = {
        {"V-20240219-03", local_time(9, 0).wall_ms - 21 * 24 * kHourMs, "not_possible", "precheck_not_met",
         "Geen licht op de vezel: de patch was nog niet gemaakt door de aannemer van de netbeheerder."},
        {"V-20240302-02", local_time(13, 0).wall_ms - 9 * 24 * kHourMs, "not_possible", "precheck_not_met",
         "Opnieuw geen patch. De klant had voor de tweede keer een halve dag vrij genomen."},
    };
    a.escalation = true;
    Script s(std::move(a), std::move(t), local_time(7, 5));
    s.precheck("socket-announced", Answer::met(), 30);
    s.precheck("patch-confirmed", Answer::not_met("Werkorder zonder patchdatum; netbeheerder belt terug."), 240);
    return s.finish();
}

// (c) Fiber install stopped by a network fault: the light is too low, the connector cleaned and the
// power measured again (the measure answered twice), then closed with the helpdesk ticket as note.
inline Expected<Visit> walk_fiber_network_fault(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment("04", "Ms. S. Visser", "Slotlaan 45, 3701 GP Zeist", "J-32015",
                              "fiber-modem-install-en", 13, 0);
    Script s(std::move(a), std::move(t), local_time(7, 10));
    s.precheck("patch-confirmed", Answer::met(), 20);
    s.precheck("socket-announced", Answer::met(), 15);
    s.open(5 * 60 * 60 + 40 * 60);
    s.precheck("fiber-box-present", Answer::met(), 60);
    s.precheck("double-socket", Answer::met(), 30);
    s.begin_steps(10);
    s.answer("laser-safety", Answer::confirmed(), 20);
    s.next(5);
    s.answer("active-port", Answer::choice("port-1"), 45);
    s.next(5);
    s.answer("optical-power", Answer::measured(-31.25, "Before cleaning."), 150);
    s.next(5);
    s.answer("power-remeasured", Answer::done(), 200);
    s.back(5);
    s.answer("optical-power", Answer::measured(-30.8, "After cleaning: still too low at port 1."), 30);
    s.close({FailureCause::Kind::NetworkFault, "", "Helpdesk ticket NH-55821: fiber damaged in the street."}, 600);
    return s.finish();
}

// (d) Wi-Fi activation in Dutch: the customer's laptop turned out unsupported, so the choice was
// changed (its follow-up answer discarded as hidden), the note cleared and typed again; the customer
// started the survey, then handed the tablet back and the technician's PIN declined it.
inline Expected<Visit> walk_wifi_survey_declined_nl(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment("05", "Dhr. M. de Boer", "Herenweg 3, 3992 BG Houten", "J-31760",
                              "wifi-activation-nl", 14, 30);
    Script s(std::move(a), std::move(t), local_time(7, 15));
    s.precheck("double-socket-announced", Answer::met(), 20);
    s.precheck("address-registered", Answer::met(), 40);
    s.open(7 * 60 * 60 + 10 * 60);
    s.precheck("router-on-site", Answer::met(), 30);
    s.begin_steps(10);
    s.answer("router-placed", Answer::done(), 180);
    s.next(5);
    s.answer("router-connected", Answer::done(), 300);
    s.next(5);
    s.answer("activation-computer", Answer::choice("customer-laptop"), 60);
    s.next(5);
    s.answer("laptop-supported", Answer::not_applicable("Windows 7 op de laptop van de klant."), 240);
    s.back(5);
    s.answer("activation-computer", Answer::choice("service-laptop"), 20);
    s.next(5);
    s.answer("activation-done", Answer::done(), 420);
    s.next(5);
    s.answer("customer-device", Answer::confirmed(), 180);
    s.next(5);
    s.answer("wifi-signal", Answer::measured(-52), 120);
    s.next(5);
    s.answer("visit-note", Answer::text_value("Router in de meterkast"), 40);
    s.clear("visit-note", 10);  // wrong: the router stands in the living room
    s.answer("visit-note", Answer::text_value("Geactiveerd met de servicelaptop; router in de woonkamer."), 60);
    s.begin_handover(15);
    for (const char* item : {"wired-laptop", "wifi-password", "restart-first", "helpdesk"}) s.confirm(item, 45);
    s.customer_mode(10);
    s.survey("rate-appointment", Answer::score(4), 30);
    s.survey("rate-arrival", Answer::score(3), 20);
    s.decline(technician_pin(), "4711", 120);
    return s.finish();
}

// (e) DSL line with a care alarm, in Dutch: first answered "nothing else on the line", then
// corrected when the customer remembered the care alarm; the plain splitter's answer is discarded
// as hidden and the alarm steps follow. Full survey with a comment holding an emoji.
inline Expected<Visit> walk_dsl_care_alarm_nl(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment("02", "Dhr. P. Bakker", "Lindelaan 7, 3707 EK Zeist", "J-31902",
                              "dsl-alarm-line-nl", 9, 30);
    Script s(std::move(a), std::move(t), local_time(7, 20));
    s.precheck("line-type-known", Answer::met(), 20);
    s.precheck("alarm-kit-on-board", Answer::met(), 25);
    s.open(2 * 60 * 60 + 5 * 60);
    s.precheck("alarm-on-line", Answer::met(), 120);
    s.begin_steps(10);
    s.answer("first-socket", Answer::confirmed(), 90);
    s.next(5);
    s.answer("line-devices", Answer::choice("nothing"), 60);
    s.next(5);
    s.answer("splitter-plain", Answer::done(), 240);
    s.back(30);
    s.answer("line-devices", Answer::choice("care-alarm"), 15);
    s.next(5);
    s.answer("alarm-splitter", Answer::done(), 300);
    s.next(5);
    s.answer("alarm-test-call", Answer::done(), 420);
    s.next(5);
    s.answer("modem-connected", Answer::done(), 180);
    s.next(5);
    s.answer("line-speed", Answer::measured(23.5), 300);
    s.next(5);
    s.answer("email-wanted", Answer::choice("yes"), 20);
    s.next(5);
    s.answer("email-works", Answer::done(), 600);
    s.next(5);
    s.answer("socket-photo", Answer::attachment(attachment_hash("V-20240311-02 socket photo")), 60);
    s.begin_handover(15);
    for (const char* item : {"alarm-priority", "modem-lights", "email-login"}) s.confirm(item, 90);
    s.customer_mode(10);
    s.survey("rate-appointment", Answer::score(5), 40);
    s.survey("rate-arrival", Answer::score(5), 25);
    s.survey("rate-explanation", Answer::score(4), 30);
    s.survey("rate-result", Answer::score(5), 20);
    s.survey("comment", Answer::text_value("Fijn dat de alarmknop van mijn moeder gewoon blijft werken. Dank u wel! \xF0\x9F\x91\x8D"), 150);
    s.submit(10);
    return s.finish();
}

// A DSL visit closed as "other": the alarm company's control room could not be reached for the
// test call. The cause kind "other" requires its free text.
inline Expected<Visit> walk_dsl_other_cause(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment("06", "Mr. A. Okafor", "Biltstraat 88, 3572 BJ Utrecht", "J-32101",
                              "dsl-alarm-line-en", 16, 0);
    Script s(std::move(a), std::move(t), local_time(7, 25));
    s.precheck("line-type-known", Answer::not_met("Line type missing from the work order; planner says analogue."), 60);
    s.precheck("alarm-kit-on-board", Answer::met(), 20);
    s.open(8 * 60 * 60 + 30 * 60);
    s.precheck("alarm-on-line", Answer::met(), 150);
    s.begin_steps(10);
    s.answer("first-socket", Answer::confirmed(), 120);
    s.next(5);
    s.answer("line-devices", Answer::choice("burglar-alarm"), 45);
    s.next(5);
    s.answer("alarm-splitter", Answer::done(), 360);
    s.next(5);
    s.close({FailureCause::Kind::Other, "",
             "Control room unreachable for 40 minutes; the customer wants the alarm tested before the modem goes "
             "live. New appointment together with the alarm company."},
            40 * 60);
    return s.finish();
}

// The customer was not at home: opened on the doorstep and closed as "customer absent" with a note.
inline Expected<Visit> walk_wifi_customer_absent(std::shared_ptr<const ChecklistTemplate> t) {
    Assignment a = assignment("07", "Ms. E. Thompson", "Oudegracht 150, 3511 AZ Utrecht", "J-30988",
                              "wifi-activation-en", 17, 30);
    a.history = {{"V-20240210-05", local_time(10, 0).wall_ms - 30 * 24 * kHourMs, "completed", "",
                  "Modem installed. Activation needs a laptop on a wired connection."}};
    Script s(std::move(a), std::move(t), local_time(7, 30));
    s.precheck("double-socket-announced", Answer::not_met("Voicemail only; message left about the socket."), 90);
    s.precheck("address-registered", Answer::met(), 30);
    s.open(10 * 60 * 60 + 5 * 60);
    s.close({FailureCause::Kind::CustomerAbsent, "", "Rang three times at 17:35 and 17:45; card left in the letterbox."},
            15 * 60);
    return s.finish();
}

inline const std::vector<GoldenWalk>& golden_walks() {
    using K = FailureCause::Kind;
    static const std::vector<GoldenWalk> walks = {
        {"fiber_completed", "fiber-modem-install-en", Outcome::Completed, SurveyStatus::Submitted, std::nullopt,
         "Very clear about the lights", walk_fiber_completed},
        {"fiber_patch_missing_nl", "fiber-modem-install-nl", Outcome::NotPossible, SurveyStatus::NotAsked,
         K::PrecheckNotMet, "Werkorder zonder patchdatum", walk_fiber_patch_missing_nl},
        {"fiber_network_fault", "fiber-modem-install-en", Outcome::NotPossible, SurveyStatus::NotAsked, K::NetworkFault,
         "still too low at port 1", walk_fiber_network_fault},
        {"wifi_survey_declined_nl", "wifi-activation-nl", Outcome::Completed, SurveyStatus::NotFilledIn, std::nullopt,
         "Geactiveerd met de servicelaptop", walk_wifi_survey_declined_nl},
        {"dsl_care_alarm_nl", "dsl-alarm-line-nl", Outcome::Completed, SurveyStatus::Submitted, std::nullopt,
         "Fijn dat de alarmknop", walk_dsl_care_alarm_nl},
        {"dsl_other_cause", "dsl-alarm-line-en", Outcome::NotPossible, SurveyStatus::NotAsked, K::Other,
         "Line type missing", walk_dsl_other_cause},
        {"wifi_customer_absent", "wifi-activation-en", Outcome::NotPossible, SurveyStatus::NotAsked, K::CustomerAbsent,
         "Voicemail only", walk_wifi_customer_absent},
    };
    return walks;
}

// Walks `w` on its pinned template copy.
inline Expected<Visit> walk_on_pinned_template(const GoldenWalk& w) {
    auto t = load_template(golden_template_path(w.template_id, w.format));
    if (!t) return t.error();
    return w.walk(std::move(*t));
}

}  // namespace fc::golden
