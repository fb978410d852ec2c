// make_receipt: the receipt is worded from the sealed visit alone, in the template's language, with
// the sealed offset's times, the cause's one wording, and never the customer's survey answers.
#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>

#include "catalogue/catalogue.h"
#include "catalogue/customer_message.h"
#include "checklists/time_format.h"
#include "receipt/receipt.h"
#include "tests/receipt/receipt_walks.h"

using namespace fc;
using namespace fc::receipt_test;

namespace {

// Every text the receipt holds, one per line, to search as the customer would read it.
std::string all_text(const Receipt& r) {
    std::string out = r.title + "\n" + r.practice_mark + "\n" + r.privacy + "\n" + r.seal.label + " " + r.seal.value + "\n" +
                      r.link + "\n" + r.link_text + "\n";
    for (const ReceiptField& f : r.facts) out += f.label + " " + f.value + "\n";
    for (const ReceiptSection& s : r.sections) {
        out += s.heading + "\n";
        for (const ReceiptField& f : s.fields) out += f.label + " " + f.value + "\n";
        for (const std::string& l : s.lines) out += l + "\n";
    }
    return out;
}

std::string fact(const Receipt& r, Lang lang, const char* key) {
    const std::string label = text(lang, std::string("customer.receipt.") + key);
    for (const ReceiptField& f : r.facts) {
        if (f.label == label) return f.value;
    }
    return "(none)";
}

}  // namespace

TEST_CASE("a receipt is refused for an open visit, a visit sealed without one and a code that does not match") {
    auto t = demo_template("fiber-modem-install-en");
    Walker open(receipt_assignment(*t), t);
    open.act([&](Instant n) { return open.visit.open(n); });
    CHECK(make_receipt(open.visit, kCode).error().code == ErrorCode::not_sealed);

    Walker bare(receipt_assignment(*t), t);
    bare.act([&](Instant n) { return bare.visit.open(n); });
    bare.act([&](Instant n) { return bare.visit.close_not_possible({FailureCause::Kind::CustomerAbsent, {}, {}}, n); });
    REQUIRE(bare.visit.sealed());
    CHECK(make_receipt(bare.visit, kCode).error().code == ErrorCode::not_found);

    const Visit v = walk_completed("fiber-modem-install-en", End::Completed).value();
    CHECK(make_receipt(v, "Rc7aQ2xZ9kLmN4pB1vT8wZ").error().code == ErrorCode::hash_mismatch);
    CHECK(make_receipt(v, kCode).ok());
}

TEST_CASE("a receipt never holds the survey's scores, its comment or its questions") {
    for (const std::string& id : demo_template_ids()) {
        CAPTURE(id);
        const Visit v = walk_completed(id, End::Completed).value();
        REQUIRE(v.survey_status() == SurveyStatus::Submitted);
        const std::string all = all_text(make_receipt(v, kCode).value());
        CHECK(all.find("Secret comment") == std::string::npos);
        for (const SurveyQuestion& q : v.checklist().survey) CHECK(all.find(q.title) == std::string::npos);
        CHECK(all.find(text(customer_lang(v.checklist()), "customer.receipt.privacy")) != std::string::npos);
    }
}

TEST_CASE("a receipt's times are the seal's offset, never the machine's time zone") {
    const Visit v = walk_completed("wifi-activation-en", End::Declined).value();
    const char* old_tz = std::getenv("TZ");
    const std::string saved = old_tz ? old_tz : "";
    ::setenv("TZ", "Pacific/Kiritimati", 1);
    ::tzset();
    const Receipt far = make_receipt(v, kCode).value();
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    const Receipt here = make_receipt(v, kCode).value();
    if (old_tz) ::setenv("TZ", saved.c_str(), 1); else ::unsetenv("TZ");
    ::tzset();
    CHECK(far == here);
    // The walk starts at 08:50 local (UTC+1), opens a minute later: the date is the local one.
    CHECK(fact(here, Lang::En, "date") == "2024-03-11");
    std::int64_t opened = 0;
    for (const VisitEvent& e : v.events()) {
        if (e.kind == EventKind::Opened) opened = e.wall_ms;
    }
    CHECK(fact(here, Lang::En, "times").substr(0, 9) == utc_iso8601_seconds(opened + 3'600'000).substr(11, 5) + " to ");
    CHECK(fact(here, Lang::En, "times").substr(0, 5) != utc_iso8601_seconds(opened).substr(11, 5));
    CHECK(here.utc_offset_minutes == 60);
}

TEST_CASE("the technician on a receipt is the sealed name, else the planned name, else the id") {
    const Visit v = walk_completed("fiber-modem-install-en", End::OnPhone).value();
    CHECK(fact(make_receipt(v, kCode).value(), Lang::En, "technician") == "Łukasz Żółtowski");
    // The same walk with the sealed name left out.
    auto t = demo_template("fiber-modem-install-en");
    Walker w(receipt_assignment(*t), t);
    ReceiptFacts f = facts();
    f.technician.clear();
    w.act([&](Instant n) { return w.visit.open(n); });
    w.act([&](Instant n) { return w.visit.close_not_possible({FailureCause::Kind::CustomerAbsent, {}, {}}, n, f); });
    CHECK(fact(make_receipt(w.visit, kCode).value(), Lang::En, "technician") == "Jan Jansen");
    Assignment nameless = receipt_assignment(*t);
    nameless.technician_name.clear();
    Walker w2(nameless, t);
    w2.act([&](Instant n) { return w2.visit.open(n); });
    w2.act([&](Instant n) { return w2.visit.close_not_possible({FailureCause::Kind::CustomerAbsent, {}, {}}, n, f); });
    CHECK(fact(make_receipt(w2.visit, kCode).value(), Lang::En, "technician") == nameless.technician_id);
}

TEST_CASE("a Dutch template's receipt is in Dutch, and its link is the depot's receipt page with the code") {
    const Visit v = walk_completed("fiber-modem-install-nl", End::Completed).value();
    const Receipt r = make_receipt(v, kCode).value();
    CHECK(r.lang == Lang::Nl);
    CHECK(r.title.rfind("Bewijs van uw bezoek", 0) == 0);
    CHECK(fact(r, Lang::Nl, "visit") == v.assignment().visit_id);
    CHECK(fact(r, Lang::Nl, "customer") == v.assignment().customer_name);
    CHECK(fact(r, Lang::Nl, "address") == v.assignment().address);
    CHECK(r.link == "https://depot.example.nl/r/" + v.assignment().visit_id + "/" + kCode);
    CHECK(r.seal.value == short_seal(v.seal()));
    CHECK(all_text(r).find(kLookupFault) == std::string::npos);
    // A measured value in Dutch has its decimal comma and its accepted range.
    CHECK(all_text(r).find("dBm (toegestaan -27 tot -8 dBm): binnen de grenzen") != std::string::npos);
}

TEST_CASE("a practice receipt carries the practice mark in the template's language, a real one none") {
    const Visit en = walk_completed("wifi-activation-en", End::Declined).value();
    const Visit nl = walk_completed("wifi-activation-nl", End::Declined).value();
    CHECK(make_receipt(en, kCode, ReceiptUse::Practice)->practice_mark == "PRACTICE — not a real visit");
    CHECK(make_receipt(nl, kCode, ReceiptUse::Practice)->practice_mark == "OEFENING — geen echt bezoek");
    CHECK(make_receipt(en, kCode)->practice_mark.empty());
    CHECK_FALSE(make_receipt(en, kCode)->practice);
}

TEST_CASE("a failed visit's receipt tells the true cause and what happens next in the customer message's words") {
    for (const std::string& id : demo_template_ids()) {
        for (const auto kind : {FailureCause::Kind::PrecheckNotMet, FailureCause::Kind::CustomerAbsent,
                                FailureCause::Kind::EquipmentDoesNotFit, FailureCause::Kind::NetworkFault,
                                FailureCause::Kind::Other}) {
            CAPTURE(id);
            CAPTURE(std::string(to_string(kind)));
            const auto v = walk_not_possible(id, kind);
            REQUIRE_MESSAGE(v.ok(), v.error().message);
            const Receipt r = make_receipt(*v, kCode).value();
            const CustomerMessage m = customer_message(*v, CompanyContact{"Glasvezel Noord B.V.", "088 123 45 67"});
            const std::string all = all_text(r);
            CHECK(all.find(m.what) != std::string::npos);
            CHECK(all.find(m.next) != std::string::npos);
            CHECK(all.find(m.whom) != std::string::npos);
        }
    }
}

TEST_CASE("a completed visit's receipt lists what was done, what was handed over and the customer's to-do list") {
    const Visit v = walk_completed("fiber-modem-install-en", End::Completed).value();
    const Receipt r = make_receipt(v, kCode).value();
    const std::string all = all_text(r);
    CHECK(all.find("ZTEG-C8A31122") != std::string::npos);
    CHECK(all.find("(accepted -27 to -8 dBm): within range") != std::string::npos);
    for (const std::string& todo : v.customer_todo()) CHECK(all.find(todo) != std::string::npos);
    REQUIRE_FALSE(v.customer_todo().empty());
    for (const HandoverItem& item : v.checklist().handover) CHECK(all.find(item.title) != std::string::npos);
    CHECK(short_seal(v.seal()).size() == 14);
    CHECK(short_seal(v.seal()) == v.seal().substr(0, 4) + "-" + v.seal().substr(4, 4) + "-" + v.seal().substr(8, 4));
}
