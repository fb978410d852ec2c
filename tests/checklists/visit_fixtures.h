#pragma once
// Test fixtures for the visit engine: a fiber-install template built in C++ (no parser involved) and
// helpers that walk a Visit to a given phase through its real verbs.
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>

#include "checklists/clock.h"
#include "checklists/sha256.h"
#include "checklists/visit.h"
#include "tests/error_code_doctest.h"

namespace fc::test {

inline Step make_step(std::string id, StepKind kind, std::string title) {
    Step s;
    s.id = std::move(id);
    s.kind = kind;
    s.title = std::move(title);
    return s;
}

inline std::shared_ptr<const ChecklistTemplate> fiber_template(const std::string& language = "en") {
    const bool nl = language == "nl";
    auto t = std::make_shared<ChecklistTemplate>();
    t->id = "fiber-install";
    t->version = 3;
    t->language = language;
    t->title = nl ? "Glasvezelmodem installeren" : "Fiber modem install";

    t->prechecks = {
        {"patch", nl ? "Patch door de netbeheerder bevestigd" : "Patch confirmed by the network operator", "",
         PrecheckMoment::BeforeDeparture, true},
        {"socket", nl ? "Vrij dubbel stopcontact bij de meterkast" : "Free double socket near the meter cupboard", "",
         PrecheckMoment::OnArrival, true},
        {"parking", nl ? "Parkeerplaats vlakbij" : "Parking close by", "", PrecheckMoment::OnArrival, false},
    };

    Step safety = make_step("safety", StepKind::Instruction, nl ? "Lees de veiligheidsinstructie" : "Read the safety note");
    Step connected = make_step("connected", StepKind::Check, nl ? "Glasvezel aangesloten" : "Fiber connected");
    Step power = make_step("power", StepKind::Measure, nl ? "Optisch vermogen" : "Optical power");
    power.unit = "dBm";
    power.min = -25;
    power.max = -8;
    Step model = make_step("model", StepKind::Choice, nl ? "Type modem" : "Modem model");
    model.options = {{"nokia", "Nokia"}, {"zyxel", "Zyxel"}, {"other", nl ? "Ander" : "Other"}};
    Step other_model = make_step("other_model", StepKind::Text, nl ? "Welk modem?" : "Which modem?");
    other_model.show_if = ShowIf{"model", {"other"}};
    Step other_photo = make_step("other_photo", StepKind::Photo, nl ? "Foto van het typeplaatje" : "Photo of the type plate");
    other_photo.show_if = ShowIf{"other_model", {"answered"}};
    Step remarks = make_step("remarks", StepKind::Text, nl ? "Opmerkingen" : "Remarks");
    remarks.required = false;
    Step low_power_note = make_step("low_power_note", StepKind::Instruction, nl ? "Meld het lage vermogen" : "Report the low power");
    low_power_note.show_if = ShowIf{"power", {"out_of_range"}};
    Step signature = make_step("signature", StepKind::Signature, nl ? "Handtekening" : "Signature");
    t->steps = {safety, connected, power, model, other_model, other_photo, remarks, low_power_note, signature};

    t->handover = {
        {"wired_laptop", nl ? "Activeren kan alleen met een laptop met een kabel" : "Activation needs a wired laptop", "",
         nl ? "Activeer het modem met een laptop aan een netwerkkabel" : "Activate the modem from a laptop on a cable"},
        {"wifi_password", nl ? "Wifi-wachtwoord staat op de sticker" : "The Wi-Fi password is on the sticker", "", ""},
    };

    t->survey = {
        {"appointment", SurveyKind::Smiley, "appointment", nl ? "Afspraak" : "Appointment", true},
        {"arrival", SurveyKind::Smiley, "arrival", nl ? "Aankomst" : "Arrival", true},
        {"explanation", SurveyKind::Smiley, "explanation", nl ? "Uitleg" : "Explanation", true},
        {"result", SurveyKind::Smiley, "result", nl ? "Resultaat" : "Result", true},
        {"comment", SurveyKind::Comment, "", nl ? "Opmerking" : "Comment", false},
    };
    return t;
}

// The same job in template format 2: the customer signs at the handover (a signature handover item),
// not in a step, and customer mode begins when the handover does.
inline std::shared_ptr<const ChecklistTemplate> fiber_template_format2(const std::string& language = "en") {
    auto t = std::make_shared<ChecklistTemplate>(*fiber_template(language));
    t->format = 2;
    t->version = 4;
    t->steps.pop_back();  // the signature step
    HandoverItem sign;
    sign.id = "customer_signature";
    sign.title = language == "nl" ? "Handtekening van de klant" : "Customer's signature";
    sign.kind = HandoverItem::Kind::Signature;
    t->handover.push_back(sign);
    return t;
}

inline Assignment fiber_assignment() {
    Assignment a;
    a.visit_id = "v-1001";
    a.technician_id = "tech-7";
    a.customer_name = "Mevrouw Jansen";
    a.address = "Dorpsstraat 1, Ede";
    a.job_id = "job-42";
    a.window_start_ms = 1'700'000'000'000;
    a.window_end_ms = 1'700'007'200'000;
    a.template_id = "fiber-install";
    a.template_version = 3;
    a.history = {{"v-0990", 1'699'000'000'000, "not_possible", "precheck_not_met", "patch missing"}};
    return a;
}

inline const std::string kPhotoHash = sha256_hex("photo bytes");
inline const std::string kSignatureHash = sha256_hex("signature bytes");

// Drives one Visit through its verbs, applying each decision the way the app does.
struct Walk {
    Visit visit;
    ManualClock clock;

    explicit Walk(std::shared_ptr<const ChecklistTemplate> t = fiber_template(), int format = kSealedRecordFormat)
        : visit(fiber_assignment(), std::move(t), format) {}

    Instant tick() {
        clock.advance_ms(1000);
        return clock.now();
    }

    // Installs an accepted decision the way the app does; fails the test when the verb refused, or
    // when replaying its events through apply() (as the store and the depot do) is refused or ends
    // anywhere else than the decided visit.
    Events take(Expected<Decision> decision) {
        REQUIRE_MESSAGE(decision.ok(), (decision.ok() ? "" : to_string(decision.error().code) + ": " + decision.error().message));
        Visit replayed = visit;
        const Status s = replayed.apply(decision->events);
        REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : to_string(s.error().code) + ": " + s.error().message));
        REQUIRE(replayed.canonical_content() == decision->next.canonical_content());
        REQUIRE(replayed.seal() == decision->next.seal());
        REQUIRE(replayed.current_step() == decision->next.current_step());
        REQUIRE(replayed.phase() == decision->next.phase());
        Events events = decision->events;
        visit = std::move(decision->next);
        return events;
    }

    void to_prechecks() { take(visit.open(tick())); }

    void to_steps() {
        to_prechecks();
        take(visit.record_precheck("patch", Answer::met(), tick()));
        take(visit.record_precheck("socket", Answer::met(), tick()));
        take(visit.record_precheck("parking", Answer::met(), tick()));
        take(visit.begin_steps(tick()));
    }

    // Answers the shown steps in order with in-range values and the "nokia" modem.
    void answer_all_steps() {
        take(visit.answer_step("safety", Answer::confirmed(), tick()));
        take(visit.go_next(tick()));
        take(visit.answer_step("connected", Answer::done(), tick()));
        take(visit.go_next(tick()));
        take(visit.answer_step("power", Answer::measured(-18.5), tick()));
        take(visit.go_next(tick()));
        take(visit.answer_step("model", Answer::choice("nokia"), tick()));
        take(visit.go_next(tick()));
        // Template format 2 has no signature step after the remarks: the customer signs at the handover.
        if (visit.checklist().find_step("signature")) {
            take(visit.go_next(tick()));  // remarks: optional
            take(visit.answer_step("signature", Answer::attachment(kSignatureHash), tick()));
        }
    }

    void to_handover() {
        to_steps();
        answer_all_steps();
        take(visit.begin_handover(tick()));
    }

    void to_customer_mode() {
        to_handover();
        take(visit.confirm_handover("wired_laptop", tick()));
        take(visit.confirm_handover("wifi_password", tick()));
        take(visit.enter_customer_mode(tick()));
    }

    void answer_required_survey() {
        take(visit.answer_survey("appointment", Answer::score(4), tick()));
        take(visit.answer_survey("arrival", Answer::score(5), tick()));
        take(visit.answer_survey("explanation", Answer::score(3), tick()));
        take(visit.answer_survey("result", Answer::score(4), tick()));
    }

    // An event built by hand in the text form events are stored and sent in, numbered to come next,
    // and read the way a received record's event is read (read_event_text), so a test can see what
    // that reading and apply() let through.
    Expected<VisitEvent> forge(EventKind kind, Actor actor, std::string item = {}, std::string old_value = {},
                               std::string new_value = {}, std::string detail = {}) {
        VisitEvent e;
        e.seq = static_cast<std::int64_t>(visit.events().size()) + 1;
        e.wall_ms = clock.now().wall_ms;
        e.mono_ms = clock.now().mono_ms;
        e.actor = actor;
        e.kind = kind;
        e.item = std::move(item);
        if (Status s = read_event_text(e, EventText{std::move(old_value), std::move(new_value), std::move(detail)}); !s) {
            return s.error();
        }
        return e;
    }

    // A forged event offered to the visit: refused when its text cannot be read or a rule forbids it.
    Status offer(EventKind kind, Actor actor, std::string item = {}, std::string old_value = {},
                 std::string new_value = {}, std::string detail = {}) {
        auto e = forge(kind, actor, std::move(item), std::move(old_value), std::move(new_value), std::move(detail));
        if (!e) return e.error();
        return visit.apply(*e);
    }
};

// The code a verb refused with; nothing when it was accepted.
inline std::optional<ErrorCode> code_of(const Expected<Decision>& r) {
    return r.ok() ? std::nullopt : std::optional<ErrorCode>(r.error().code);
}
inline std::optional<ErrorCode> code_of(const Status& s) {
    return s.ok() ? std::nullopt : std::optional<ErrorCode>(s.error().code);
}

}  // namespace fc::test
