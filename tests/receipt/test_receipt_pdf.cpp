// The receipt as a PDF, for every demo template and every way a visit ends, on A4 and on the 80 mm
// roll, read back with pdftotext, pdftoppm and zbarimg: the customer's words are there as text, the
// QR code opens the receipt's page, nothing is cut or overlaps, and no survey answer is printed.
#include <doctest/doctest.h>

#include "catalogue/customer_message.h"
#include "receipt/receipt_pdf.h"
#include "tests/receipt/pdf_checks.h"
#include "tests/receipt/receipt_walks.h"

using namespace fc;
using namespace fc::receipt_test;

namespace {

struct Rendered {
    std::filesystem::path pdf;
    std::string text;  // flat
    std::vector<std::string> words;
    int pages = 0;
};

Rendered render(const Visit& v, Paper paper, const std::string& name, ReceiptUse use = ReceiptUse::Real) {
    const auto bytes = receipt_pdf(make_receipt(v, kCode, use).value(), paper);
    REQUIRE_MESSAGE(bytes.ok(), bytes.error().message);
    Rendered r;
    r.pdf = write_pdf(*bytes, name + "-" + to_string(paper));
    const std::string text = pdf_text(r.pdf);
    r.text = flat(text);
    r.words = words_of(text);
    r.pages = page_count(r.pdf);
    return r;
}

bool has_word(const Rendered& r, const std::string& w) { return std::find(r.words.begin(), r.words.end(), w) != r.words.end(); }

// What every receipt must show, whatever the visit's end.
void check_receipt(const Visit& v, const Rendered& r) {
    CHECK(r.pages >= 1);
    CHECK(r.text.find(short_seal(v.seal())) != std::string::npos);
    for (const std::string& w : words_of(v.assignment().customer_name + " " + v.assignment().address)) CHECK(has_word(r, w));
    for (const std::string& todo : v.customer_todo()) CHECK(r.text.find(flat(todo)) != std::string::npos);
    const CustomerMessage m = customer_message(v, CompanyContact{"Glasvezel Noord B.V.", "088 123 45 67"});
    CHECK(r.text.find(flat(m.what)) != std::string::npos);
    if (v.outcome() == Outcome::NotPossible) CHECK(r.text.find(flat(m.next)) != std::string::npos);
    CHECK(r.text.find("Secret comment") == std::string::npos);
    for (const SurveyQuestion& q : v.checklist().survey) CHECK(r.text.find(flat(q.title)) == std::string::npos);
    check_layout(r.pdf);
    CHECK(decode_qr(r.pdf, r.pages) == "https://depot.example.nl/r/" + v.assignment().visit_id + "/" + kCode);
}

}  // namespace

TEST_CASE("every demo template's receipt, completed, declined or answered on the phone, reads back on A4 and 80 mm") {
    for (const std::string& id : demo_template_ids()) {
        for (const End end : {End::Completed, End::Declined, End::OnPhone}) {
            CAPTURE(id);
            CAPTURE(static_cast<int>(end));
            const auto v = walk_completed(id, end);
            REQUIRE_MESSAGE(v.ok(), v.error().message);
            for (const Paper paper : {Paper::A4, Paper::Roll80mm}) {
                CAPTURE(std::string(to_string(paper)));
                check_receipt(*v, render(*v, paper, id + "-" + std::to_string(static_cast<int>(end))));
            }
        }
    }
}

TEST_CASE("every demo template's receipt of a visit closed not possible tells its cause on A4 and 80 mm") {
    for (const std::string& id : demo_template_ids()) {
        for (const auto kind : {FailureCause::Kind::PrecheckNotMet, FailureCause::Kind::CustomerAbsent,
                                FailureCause::Kind::EquipmentDoesNotFit, FailureCause::Kind::NetworkFault,
                                FailureCause::Kind::Other}) {
            CAPTURE(id);
            CAPTURE(std::string(to_string(kind)));
            const auto v = walk_not_possible(id, kind);
            REQUIRE_MESSAGE(v.ok(), v.error().message);
            for (const Paper paper : {Paper::A4, Paper::Roll80mm}) {
                CAPTURE(std::string(to_string(paper)));
                check_receipt(*v, render(*v, paper, id + "-" + to_string(kind)));
            }
        }
    }
}

TEST_CASE("a practice receipt says PRACTICE on every page, in Dutch OEFENING") {
    for (const char* id : {"fiber-modem-install-en", "fiber-modem-install-nl"}) {
        CAPTURE(id);
        const Visit v = walk_completed(id, End::Completed).value();
        const std::string mark = std::string(id).ends_with("-nl") ? "OEFENING — geen echt bezoek" : "PRACTICE — not a real visit";
        const Rendered r = render(v, Paper::Roll80mm, std::string("practice-") + id, ReceiptUse::Practice);
        REQUIRE(r.pages > 1);
        for (int page = 1; page <= r.pages; ++page) {
            CAPTURE(page);
            CHECK(flat(pdf_text(r.pdf, page)).find(mark) != std::string::npos);
        }
        CHECK(render(v, Paper::A4, std::string("real-") + id).text.find(mark) == std::string::npos);
    }
}

TEST_CASE("a receipt's pages are numbered n/N at the foot of each page") {
    const Visit v = walk_completed("fiber-modem-install-en", End::Completed).value();
    const Rendered r = render(v, Paper::Roll80mm, "numbers");
    REQUIRE(r.pages > 1);
    for (int page = 1; page <= r.pages; ++page) {
        const std::string number = std::to_string(page) + "/" + std::to_string(r.pages);
        CHECK(words_of(pdf_text(r.pdf, page)).back() == number);
    }
}

TEST_CASE("paper names round-trip and nothing else is a paper") {
    CHECK(paper_from_string("a4") == Paper::A4);
    CHECK(paper_from_string("80mm") == Paper::Roll80mm);
    CHECK(paper_from_string(to_string(Paper::Roll80mm)) == Paper::Roll80mm);
    CHECK_FALSE(paper_from_string("A4").has_value());
    CHECK_FALSE(paper_from_string("").has_value());
}
