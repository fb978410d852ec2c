// Bad input on paper: a customer name of 500 characters, 60 to-do items, Dutch and Polish diacritics,
// an address with a line break and a word longer than a line: the PDF wraps and continues on next
// pages, and every word is still there as text, inside its page and clear of the others.
#include <doctest/doctest.h>

#include "receipt/receipt_pdf.h"
#include "tests/receipt/pdf_checks.h"
#include "tests/receipt/receipt_walks.h"

using namespace fc;
using namespace fc::receipt_test;

namespace {

const std::string kLongWord(110, 'W');

std::string long_name() {
    const std::string words[] = {"Łucja", "Żaneta", "Sóweczka-Ęglińska", "IJsbrand", "Eloïse", "van", "der", "Hé"};
    std::string name;
    for (int i = 0; name.size() < 500; ++i) name += (name.empty() ? "" : " ") + words[i % 8] + std::to_string(i);
    return name.substr(0, 500);
}

// The fiber template with 60 handover items, each leaving the customer a to-do in Dutch and Polish.
std::shared_ptr<const ChecklistTemplate> sixty_todo_template() {
    auto t = std::make_shared<ChecklistTemplate>(*demo_template("fiber-modem-install-nl"));
    t->handover.clear();
    for (int i = 1; i <= 60; ++i) {
        HandoverItem item;
        item.id = "todo-" + std::to_string(i);
        item.title = "Uitleg " + std::to_string(i) + ": wifi-gegevens, ijsbestendige kabel";
        item.todo = "Taak" + std::to_string(i) + " zażółć gęślą jaźń, controleer één ijzeren kabel vóór maandag";
        t->handover.push_back(item);
    }
    return t;
}

Visit stressed_visit() {
    auto t = sixty_todo_template();
    Assignment a = receipt_assignment(*t);
    a.customer_name = long_name();
    a.address = "Łąkowa 7 " + kLongWord + "\nIJsselmeerweg 12ö\n3581 GH Ærø-Utrecht";
    Walker w(a, t);
    w.prechecks(PrecheckMoment::BeforeDeparture);
    w.act([&](Instant n) { return w.visit.open(n); });
    w.prechecks(PrecheckMoment::OnArrival);
    w.steps();
    w.handover();
    w.act([&](Instant n) { return w.visit.decline_survey(golden::technician_pin(), "4711", n, facts()); });
    REQUIRE_MESSAGE(!w.error, w.error->message);
    return w.visit;
}

std::string without_spaces(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c != ' ' && c != '\n' && c != '\f') out += c;
    }
    return out;
}

}  // namespace

TEST_CASE("a 500-character name, 60 to-do items, diacritics and a broken address lay out in full on A4 and 80 mm") {
    const Visit v = stressed_visit();
    REQUIRE(v.customer_todo().size() == 60);
    for (const Paper paper : {Paper::A4, Paper::Roll80mm}) {
        CAPTURE(std::string(to_string(paper)));
        const auto bytes = receipt_pdf(make_receipt(v, kCode).value(), paper);
        REQUIRE(bytes.ok());
        const auto pdf = write_pdf(*bytes, std::string("stress-") + to_string(paper));
        CHECK(page_count(pdf) > 1);
        const std::string text = pdf_text(pdf);
        const std::vector<std::string> words = words_of(text);
        std::string expected = v.assignment().customer_name + " " + v.assignment().address;
        for (const std::string& todo : v.customer_todo()) expected += " " + todo;
        for (const std::string& w : words_of(expected)) {
            if (w.find(kLongWord) != std::string::npos) continue;  // broken over lines: checked below
            CAPTURE(w);
            CHECK(std::find(words.begin(), words.end(), w) != words.end());
        }
        CHECK(without_spaces(text).find(kLongWord) != std::string::npos);
        check_layout(pdf);
        CHECK(decode_qr(pdf, page_count(pdf)) == "https://depot.example.nl/r/" + v.assignment().visit_id + "/" + kCode);
    }
}

TEST_CASE("text that is not UTF-8 or holds control characters still prints, as replacement marks and spaces") {
    const Visit v = walk_completed("wifi-activation-en", End::Declined).value();
    Receipt r = make_receipt(v, kCode).value();
    r.facts.push_back({"Broken", std::string("ab\xFF\xC0\x80" "cd\tef\x01gh")});
    const auto bytes = receipt_pdf(r, Paper::A4);
    REQUIRE(bytes.ok());
    const std::string text = pdf_text(write_pdf(*bytes, "broken-utf8"));
    CHECK(text.find("ab\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "cd ef gh") != std::string::npos);
}
