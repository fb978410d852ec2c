// The customer's written message, worded by the catalogue from the engine's typed facts (stories 000,
// 001, 003): what happened, what happens next and whom to call, in the customer's words and language.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "catalogue/catalogue.h"
#include "catalogue/customer_message.h"
#include "checklists/template_parser.h"
#include "tests/checklists/visit_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

FailureCause cause(FailureCause::Kind kind, std::string precheck = {}, std::string text = {}) {
    return FailureCause{kind, std::move(precheck), std::move(text)};
}

bool mentions_network(const std::string& s) {
    return s.find("network") != std::string::npos || s.find("netwerk") != std::string::npos;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

bool has_digit(const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

constexpr FailureCause::Kind kAllKinds[] = {FailureCause::Kind::PrecheckNotMet, FailureCause::Kind::CustomerAbsent,
                                            FailureCause::Kind::EquipmentDoesNotFit, FailureCause::Kind::NetworkFault,
                                            FailureCause::Kind::Other};

const CompanyContact kSettings{"Glasnet Nederland", "088 123 45 67"};

std::shared_ptr<ChecklistTemplate> editable_fiber(const std::string& language) {
    return std::make_shared<ChecklistTemplate>(*fiber_template(language));
}

// Every shipped template, as the depot would serve it.
std::vector<ChecklistTemplate> shipped_templates() {
    std::vector<ChecklistTemplate> out;
    for (const auto& e : std::filesystem::directory_iterator(FIELDCHECK_SOURCE_DIR "/templates")) {
        if (e.path().extension() != ".json") continue;
        std::ifstream in(e.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        TemplateParseResult parsed = parse_template(bytes);
        REQUIRE_MESSAGE(parsed.problems.empty(), e.path().string());
        out.push_back(std::move(*parsed.checklist));
    }
    REQUIRE_FALSE(out.empty());
    return out;
}

}  // namespace

TEST_CASE("every cause in every language tells what happened, what happens next and whom to call") {
    for (const char* language : {"en", "nl"}) {
        const auto t = fiber_template(language);
        const Lang lang = customer_lang(*t);
        for (const FailureCause::Kind kind : kAllKinds) {
            CAPTURE(language);
            CAPTURE(to_string(kind));
            const CustomerMessage m = customer_message(cause(kind, "patch", "Hond liet ons niet binnen"), *t, kSettings);
            CHECK_FALSE(m.what.empty());
            CHECK_FALSE(m.next.empty());
            CHECK_FALSE(m.whom.empty());
            // Three different sentences, each from its own part of the catalogue.
            CHECK(m.next == text(lang, std::string("customer.next.") + to_string(kind)));
            CHECK(m.what != m.next);
            CHECK(contains(m.whom, kSettings.company));
            const std::string full = m.text();
            CHECK(contains(full, m.what));
            CHECK(contains(full, m.next));
            CHECK(contains(full, m.whom));
            CHECK_FALSE(contains(full, std::string(kLookupFault)));
        }
    }
}

TEST_CASE("a not-met precheck is told in the template's customer sentence, never by its title") {
    for (const char* language : {"en", "nl"}) {
        CAPTURE(language);
        auto t = editable_fiber(language);
        const Lang lang = customer_lang(*t);
        // Without a customer sentence: the neutral one for the precheck's moment, not the title.
        for (const Precheck& p : t->prechecks) {
            CAPTURE(p.id);
            const std::string msg = customer_message(cause(FailureCause::Kind::PrecheckNotMet, p.id), *t, {}).text();
            CHECK_FALSE(contains(msg, p.title));
            const char* neutral = p.moment == PrecheckMoment::BeforeDeparture ? "customer.precheck.before_departure"
                                                                              : "customer.precheck.on_arrival";
            CHECK(contains(msg, text(lang, neutral)));
            CHECK_FALSE(mentions_network(msg));  // the patch is the operator's; the fallback says nothing of it
        }
        // With one: the author's sentence, as written.
        t->prechecks[0].customer_text = language == std::string("nl")
                                            ? "De netbeheerder had uw glasvezellijn in de straat nog niet aangesloten."
                                            : "The network operator had not yet connected your fiber line in the street.";
        const std::string msg = customer_message(cause(FailureCause::Kind::PrecheckNotMet, "patch"), *t, {}).text();
        CHECK(contains(msg, t->prechecks[0].customer_text));
        CHECK_FALSE(contains(msg, t->prechecks[0].title));
        // A cause from an older template version whose precheck is gone: a neutral sentence, not its id.
        const std::string gone = customer_message(cause(FailureCause::Kind::PrecheckNotMet, "old-check"), *t, {}).text();
        CHECK(contains(gone, text(lang, "customer.precheck.unknown")));
        CHECK_FALSE(contains(gone, "old-check"));
    }
}

TEST_CASE("no shipped template's precheck title reaches the customer's message") {
    for (const ChecklistTemplate& t : shipped_templates()) {
        for (const Precheck& p : t.prechecks) {
            CAPTURE(t.id);
            CAPTURE(p.id);
            const std::string msg = customer_message(cause(FailureCause::Kind::PrecheckNotMet, p.id), t, kSettings).text();
            CHECK_FALSE(contains(msg, p.title));
            CHECK_FALSE(contains(msg, std::string(kLookupFault)));
            if (!p.customer_text.empty()) CHECK(contains(msg, p.customer_text));
        }
    }
}

TEST_CASE("whom to call comes from the depot's settings, a template's contact overrides it field by field") {
    auto t = editable_fiber("nl");
    const FailureCause absent = cause(FailureCause::Kind::CustomerAbsent);

    const std::string from_settings = customer_message(absent, *t, kSettings).whom;
    CHECK(contains(from_settings, "Glasnet Nederland"));
    CHECK(contains(from_settings, "088 123 45 67"));

    t->contact.helpdesk = "0800 555 0101";  // the template names its own helpdesk, keeps the company
    const std::string helpdesk_override = customer_message(absent, *t, kSettings).whom;
    CHECK(contains(helpdesk_override, "Glasnet Nederland"));
    CHECK(contains(helpdesk_override, "0800 555 0101"));
    CHECK_FALSE(contains(helpdesk_override, "088 123 45 67"));

    t->contact.company = "Fibernet Zuid";
    const std::string both_override = customer_message(absent, *t, kSettings).whom;
    CHECK(contains(both_override, "Fibernet Zuid"));
    CHECK(contains(both_override, "0800 555 0101"));
    CHECK(customer_contact(*t, kSettings) == CompanyContact{"Fibernet Zuid", "0800 555 0101"});

    // Only one of the two known: no sentence with a hole where the other would be.
    const auto only_company = fiber_template("en");
    const std::string company = customer_message(absent, *only_company, CompanyContact{"Glasnet", ""}).whom;
    CHECK(company == text(Lang::En, "customer.call.company", {{"company", "Glasnet"}}));
    const std::string helpdesk = customer_message(absent, *only_company, CompanyContact{"", "088 1"}).whom;
    CHECK(helpdesk == text(Lang::En, "customer.call.helpdesk", {{"helpdesk", "088 1"}}));
}

TEST_CASE("with no company or helpdesk set the message says our helpdesk and invents no number") {
    for (const char* language : {"en", "nl"}) {
        const auto t = fiber_template(language);
        for (const FailureCause::Kind kind : kAllKinds) {
            CAPTURE(language);
            CAPTURE(to_string(kind));
            const CustomerMessage m = customer_message(cause(kind, "socket", "Hond liet ons niet binnen"), *t, {});
            CHECK(m.whom == text(customer_lang(*t), "customer.call.unknown"));
            CHECK_FALSE(has_digit(m.text()));
            CHECK_FALSE(contains(m.text(), std::string(kLookupFault)));
        }
    }
}

TEST_CASE("only a network fault is told to the customer as a network problem") {
    const auto t_en = fiber_template("en");
    const auto t_nl = fiber_template("nl");
    const FailureCause::Kind kinds[] = {FailureCause::Kind::CustomerAbsent, FailureCause::Kind::EquipmentDoesNotFit,
                                        FailureCause::Kind::NetworkFault, FailureCause::Kind::Other,
                                        FailureCause::Kind::PrecheckNotMet};
    for (const auto kind : kinds) {
        const FailureCause c = cause(kind, "socket", kind == FailureCause::Kind::Other ? "Hond liet ons niet binnen" : "");
        for (const auto& t : {t_en, t_nl}) {
            for (const CompanyContact& contact : {CompanyContact{}, kSettings}) {
                const std::string msg = customer_message(c, *t, contact).text();
                CAPTURE(msg);
                CHECK(mentions_network(msg) == (kind == FailureCause::Kind::NetworkFault));
            }
        }
    }
    CHECK(contains(customer_message(cause(FailureCause::Kind::NetworkFault), *t_nl, {}).what, "storing in het netwerk"));
    CHECK(contains(customer_message(cause(FailureCause::Kind::Other, "", "Hond liet ons niet binnen"), *t_nl, {}).what,
                   "Hond liet ons niet binnen"));
}

TEST_CASE("a closed visit's message is its cause's, and an open visit has none") {
    Walk w;
    w.to_prechecks();
    w.take(w.visit.record_precheck("socket", Answer::not_met(), w.tick()));
    const CustomerMessage m = customer_message(w.visit, kSettings);
    CHECK(m.text() == customer_message(*w.visit.cause(), w.visit.checklist(), kSettings).text());
    CHECK_FALSE(contains(m.text(), "Free double socket near the meter cupboard"));
    CHECK_FALSE(mentions_network(m.text()));

    Walk open;
    CHECK(customer_message(open.visit, kSettings).empty());
    CHECK(customer_message(open.visit, kSettings).text().empty());
}

TEST_CASE("the message for a completed visit names the job, repeats the to-do list in writing and whom to call") {
    for (const char* language : {"en", "nl"}) {
        Walk w(fiber_template(language));
        w.to_customer_mode();
        w.answer_required_survey();
        w.take(w.visit.submit_survey(w.tick()));
        REQUIRE(w.visit.outcome() == Outcome::Completed);
        const std::string message = customer_message(w.visit, kSettings).text();
        CAPTURE(message);
        CHECK(contains(message, w.visit.checklist().title));
        REQUIRE_FALSE(w.visit.customer_todo().empty());
        for (const std::string& line : w.visit.customer_todo()) CHECK(contains(message, "\n- " + line));
        const Lang lang = std::string(language) == "nl" ? Lang::Nl : Lang::En;
        CHECK(contains(message, text(lang, "customer.todo_lead")));
        CHECK(contains(message, kSettings.helpdesk));
    }
}

TEST_CASE("every failure cause has words for the customer and for the technician, in every language") {
    for (const FailureCause::Kind kind : kAllKinds) {
        CAPTURE(to_string(kind));
        CHECK(has_key(std::string("customer.cause.") + to_string(kind)));
        CHECK(has_key(std::string("customer.next.") + to_string(kind)));
        CHECK(has_key(std::string("cause.") + to_string(kind)));
        for (const auto& t : {fiber_template("en"), fiber_template("nl")}) {
            const std::string msg = customer_message(cause(kind, "patch", "Hond liet ons niet binnen"), *t, kSettings).text();
            CHECK_FALSE(contains(msg, std::string(kLookupFault)));
        }
    }
}

TEST_CASE("the customer reads the template's language, whatever the technician's is") {
    CHECK(customer_lang(*fiber_template("nl")) == Lang::Nl);
    CHECK(customer_lang(*fiber_template("en")) == Lang::En);
    const CustomerMessage nl = customer_message(cause(FailureCause::Kind::CustomerAbsent), *fiber_template("nl"), {});
    CHECK(nl.what == text(Lang::Nl, "customer.cause.customer_absent"));
    CHECK(nl.next == text(Lang::Nl, "customer.next.customer_absent"));
    CHECK(nl.whom == text(Lang::Nl, "customer.call.unknown"));
}
