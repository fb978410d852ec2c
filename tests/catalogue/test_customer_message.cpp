// The customer's written message, worded by the catalogue from the engine's typed facts (stories 1, 4).
#include "catalogue/catalogue.h"
#include "catalogue/customer_message.h"
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

constexpr FailureCause::Kind kAllKinds[] = {FailureCause::Kind::PrecheckNotMet, FailureCause::Kind::CustomerAbsent,
                                            FailureCause::Kind::EquipmentDoesNotFit, FailureCause::Kind::NetworkFault,
                                            FailureCause::Kind::Other};

}  // namespace

TEST_CASE("the customer message comes from the true cause and quotes the precheck") {
    Walk w;
    w.to_prechecks();
    w.take(w.visit.record_precheck("socket", Answer::not_met(), w.tick()));
    const std::string msg = customer_message(w.visit);
    CHECK(msg.find("\u201CFree double socket near the meter cupboard\u201D") != std::string::npos);
    CHECK_FALSE(mentions_network(msg));

    Walk nl(fiber_template("nl"));
    nl.to_prechecks();
    nl.take(nl.visit.record_precheck("socket", Answer::not_met(), nl.tick()));
    const std::string nl_msg = customer_message(nl.visit);
    CHECK(nl_msg.find("Het bezoek van vandaag kon niet worden afgerond") != std::string::npos);
    CHECK(nl_msg.find("\u201CVrij dubbel stopcontact bij de meterkast\u201D") != std::string::npos);
    CHECK_FALSE(mentions_network(nl_msg));

    Walk open;
    CHECK(customer_message(open.visit).empty());
}

TEST_CASE("only a network fault is told to the customer as a network problem") {
    const auto t_en = fiber_template("en");
    const auto t_nl = fiber_template("nl");
    const FailureCause::Kind kinds[] = {FailureCause::Kind::CustomerAbsent, FailureCause::Kind::EquipmentDoesNotFit,
                                        FailureCause::Kind::NetworkFault, FailureCause::Kind::Other};
    for (const auto kind : kinds) {
        const FailureCause c = cause(kind, "", kind == FailureCause::Kind::Other ? "Hond liet ons niet binnen" : "");
        for (const auto& t : {t_en, t_nl}) {
            const std::string msg = customer_message(c, *t);
            CAPTURE(msg);
            CHECK_FALSE(msg.empty());
            CHECK(mentions_network(msg) == (kind == FailureCause::Kind::NetworkFault));
        }
    }
    // The precheck quoted here is about the network, and that is the truth; the sentence around it is not.
    const std::string patch = customer_message(cause(FailureCause::Kind::PrecheckNotMet, "patch"), *t_en);
    CHECK(patch.find("\u201CPatch confirmed by the network operator\u201D") != std::string::npos);
    CHECK(customer_message(cause(FailureCause::Kind::NetworkFault), *t_nl).find("storing in het netwerk") !=
          std::string::npos);
    CHECK(customer_message(cause(FailureCause::Kind::Other, "", "Hond liet ons niet binnen"), *t_nl)
              .find("Hond liet ons niet binnen") != std::string::npos);
}

TEST_CASE("the message for a completed visit names the job and repeats the customer's to-do list in writing") {
    for (const char* language : {"en", "nl"}) {
        Walk w(fiber_template(language));
        w.to_customer_mode();
        w.answer_required_survey();
        w.take(w.visit.submit_survey(w.tick()));
        REQUIRE(w.visit.outcome() == Outcome::Completed);
        const std::string message = customer_message(w.visit);
        CAPTURE(message);
        CHECK(message.find(w.visit.checklist().title) != std::string::npos);
        REQUIRE_FALSE(w.visit.customer_todo().empty());
        for (const std::string& line : w.visit.customer_todo()) CHECK(message.find("\n- " + line) != std::string::npos);
        const Lang lang = std::string(language) == "nl" ? Lang::Nl : Lang::En;
        CHECK(message.find(text(lang, "customer.todo_lead")) != std::string::npos);
    }
}

TEST_CASE("every failure cause has words for the customer and for the technician, in every language") {
    for (const FailureCause::Kind kind : kAllKinds) {
        CAPTURE(to_string(kind));
        CHECK(has_key(std::string("customer.cause.") + to_string(kind)));
        CHECK(has_key(std::string("cause.") + to_string(kind)));
        for (const auto& t : {fiber_template("en"), fiber_template("nl")}) {
            const std::string msg = customer_message(cause(kind, "patch", "Hond liet ons niet binnen"), *t);
            CHECK(msg.find(kLookupFault) == std::string::npos);
        }
    }
}

TEST_CASE("the customer reads the template's language, whatever the technician's is") {
    CHECK(customer_lang(*fiber_template("nl")) == Lang::Nl);
    CHECK(customer_lang(*fiber_template("en")) == Lang::En);
    const std::string nl = customer_message(cause(FailureCause::Kind::CustomerAbsent), *fiber_template("nl"));
    CHECK(nl == text(Lang::Nl, "customer.cause.customer_absent"));
}
