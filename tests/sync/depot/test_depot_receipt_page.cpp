// GET /r/{visit}/{code}: the customer's receipt on a real depot on 127.0.0.1 (issue 13): the page
// re-rendered from the received record and marked verified, its PDF (text a customer can search,
// the to-do items and the short seal, never the survey), "not received yet" before the visit
// arrives, and one "not found" page, byte for byte, for every other link, hostile ones included.
#include <doctest/doctest.h>

#include <cstdio>

#include "sync/depot/web/receipt_views.h"
#include "sync/wire/survey_code.h"
#include "tests/sync/depot/depot_test_support.h"

using namespace fc;
using namespace fc::test;

namespace {

// pdftotext (poppler-utils, Debian): the PDF's text as a reader copies it, lines joined by spaces.
std::string pdf_text(const std::string& pdf) {
    TempDir dir;
    write_file(dir.path / "r.pdf", pdf);
    const std::string command = "pdftotext -q -enc UTF-8 '" + (dir.path / "r.pdf").string() + "' '" + (dir.path / "r.txt").string() + "'";
    REQUIRE(std::system(command.c_str()) == 0);
    std::string text = read_file(dir.path / "r.txt");
    for (char& c : text) c = c == '\n' ? ' ' : c;
    return text;
}

struct PageDepot {
    std::shared_ptr<const ChecklistTemplate> nl = repo_template("fiber-modem-install-nl");
    RunningDepot depot;
    std::string token;
    std::string key = new_survey_key();
    Assignment visit;
    std::string code;

    PageDepot() {
        depot.add_template(*nl);
        token = depot.token_for("tech-a");
        REQUIRE(depot.store->put_survey_key("tech-a", "tablet 1", key, 1'700'000'000'000).ok());
        visit = make_assignment("V-r-1", "tech-a", *nl);
        visit.technician_name = "Sanne de Wit";
        depot.assign({visit});
        code = receipt_code(key, visit.visit_id);
    }
    ReceiptFacts facts(const std::string& receipt_code_text) const {
        return ReceiptFacts{receipt_code_hash(receipt_code_text), "Glasvezel Oost BV", "088 123 45 67",
                            "https://depot.example.nl", "Sanne de Wit", 60};
    }
    // Walks, seals and sends `a`; the Visit the tablet sealed.
    Visit send(const Assignment& a, std::optional<ReceiptFacts> receipt) {
        WalkPlan plan;
        plan.receipt = std::move(receipt);
        const SealedVisit sealed = sealed_visit(a, nl, plan);
        auto c = depot.client(token);
        for (const auto& [sha, bytes] : sealed.files) c->Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
        auto r = c->Put(("/api/v1/visits/" + a.visit_id).c_str(), sealed.record, "application/json");
        REQUIRE(r);
        REQUIRE(r->status == 201);
        return replay_visit(decode_visit_record(sealed.record).value(), nl).value();
    }
    httplib::Result get(const std::string& path) const { return depot.client()->Get(path.c_str(), {{"Accept-Language", "en"}}); }
    std::string path() const { return "/r/" + visit.visit_id + "/" + code; }
};

void check_headers(const httplib::Response& r) {
    if (r.get_header_value("Content-Type") != "application/pdf") {
        CHECK(r.get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
    }
    CHECK(r.get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(r.get_header_value("X-Frame-Options") == "DENY");
    CHECK(r.get_header_value("Referrer-Policy") == "no-referrer");
    CHECK(r.get_header_value("Cache-Control") == "no-store");
}

}  // namespace

TEST_CASE("receipt page: re-rendered from the received record, in the template's language, says verified and links its PDFs") {
    PageDepot d;
    const Visit sealed = d.send(d.visit, d.facts(d.code));
    auto r = d.get(d.path());
    REQUIRE(r);
    CHECK(r->status == 200);
    check_headers(*r);
    CHECK(r->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    CHECK(r->body.find("<html lang=\"nl\">") != std::string::npos);  // the receipt's language, not the browser's
    CHECK(r->body.find("Gecontroleerd") != std::string::npos);
    CHECK(r->body.find(receipt_short_seal(sealed.seal())) != std::string::npos);
    CHECK(r->body.find("Sanne de Wit") != std::string::npos);
    CHECK(r->body.find("retourlabel") != std::string::npos);  // the customer's to-do list
    CHECK(r->body.find("href=\"./" + d.code + ".pdf\"") != std::string::npos);
    CHECK(r->body.find("href=\"./" + d.code + ".pdf?paper=80mm\"") != std::string::npos);
    CHECK(r->body.find("Friendly and clear") == std::string::npos);  // never the survey
    CHECK(r->body.find("<script") == std::string::npos);
}

TEST_CASE("receipt PDF: the tablet's bytes, text with the to-do items and the short seal, never the survey") {
    PageDepot d;
    const Visit sealed = d.send(d.visit, d.facts(d.code));
    auto a4 = d.get(d.path() + ".pdf");
    REQUIRE(a4);
    CHECK(a4->status == 200);
    check_headers(*a4);
    CHECK(a4->get_header_value("Content-Type") == "application/pdf");
    CHECK(a4->get_header_value("Content-Disposition") == "inline; filename=\"receipt-V-r-1.pdf\"");
    REQUIRE(a4->body.rfind("%PDF-", 0) == 0);
    CHECK(a4->body == receipt_pdf_bytes(sealed, d.code, Paper::A4).value());  // as the tablet drew it
    const std::string text = pdf_text(a4->body);
    CAPTURE(text);
    CHECK(text.find("retourlabel") != std::string::npos);
    CHECK(text.find("helpdeskkaartje") != std::string::npos);
    CHECK(text.find(receipt_short_seal(sealed.seal())) != std::string::npos);
    CHECK(text.find("Friendly and clear") == std::string::npos);
    CHECK(text.find("Hoe tevreden") == std::string::npos);  // no survey question, so no score beside one

    auto roll = d.get(d.path() + ".pdf?paper=80mm");
    REQUIRE(roll);
    CHECK(roll->status == 200);
    CHECK(roll->body == receipt_pdf_bytes(sealed, d.code, Paper::Roll80mm).value());
    CHECK(roll->body != a4->body);
    CHECK(pdf_text(roll->body).find("retourlabel") != std::string::npos);
}

TEST_CASE("receipt page before the visit arrived: a good code says not received yet, its PDF is 404 saying so") {
    PageDepot d;
    auto r = d.get(d.path());
    REQUIRE(r);
    CHECK(r->status == 200);
    check_headers(*r);
    CHECK(r->body.find("Nog niet ontvangen") != std::string::npos);  // the template's language
    auto pdf = d.get(d.path() + ".pdf");
    REQUIRE(pdf);
    CHECK(pdf->status == 404);
    CHECK(pdf->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    CHECK(pdf->body.find("Nog geen pdf") != std::string::npos);
}

TEST_CASE("receipt page: a wrong code, an unknown visit, a visit without a receipt and hostile links get the same 404, byte for byte") {
    PageDepot d;
    Assignment plain = make_assignment("V-r-2", "tech-a", *d.nl, "job-2");
    Assignment unknown_key = make_assignment("V-r-3", "tech-a", *d.nl, "job-3");
    d.depot.assign({plain, unknown_key});
    d.send(d.visit, d.facts(d.code));
    d.send(plain, std::nullopt);
    const std::string stranger_code = receipt_code(new_survey_key(), unknown_key.visit_id);
    d.send(unknown_key, d.facts(stranger_code));

    auto reference = d.get("/r/V-nobody/" + receipt_code(d.key, "V-nobody"));
    REQUIRE(reference);
    CHECK(reference->status == 404);
    check_headers(*reference);
    CHECK(reference->body.find("Receipt not found") != std::string::npos);
    const std::vector<std::string> links = {
        "/r/" + d.visit.visit_id + "/" + receipt_code(new_survey_key(), d.visit.visit_id),  // wrong code
        "/r/" + d.visit.visit_id + "/" + receipt_code(new_survey_key(), d.visit.visit_id) + ".pdf",
        "/r/" + d.visit.visit_id + "/" + survey_code(d.key, d.visit.visit_id),  // the survey's code is not the receipt's
        "/r/" + plain.visit_id + "/" + receipt_code(d.key, plain.visit_id),     // sealed without a receipt
        "/r/" + plain.visit_id + "/" + receipt_code(d.key, plain.visit_id) + ".pdf",
        "/r/" + unknown_key.visit_id + "/" + receipt_code(d.key, unknown_key.visit_id),
        "/r/" + std::string(600, 'V') + "/" + d.code,  // long
        "/r/" + d.visit.visit_id + "/" + std::string(4000, 'A'),
        "/r/" + d.visit.visit_id + "%00/" + d.code,  // NUL
        "/r/" + d.visit.visit_id + "/" + d.code + "%00.pdf",
        "/r/..%2F..%2Fetc%2Fpasswd/" + d.code,  // traversal
        "/r/" + d.visit.visit_id + "/..",
        "/r/" + d.visit.visit_id + "/" + d.code + ".pdf.pdf",
        "/r/" + d.visit.visit_id + "/" + d.code + "?paper=80mm",  // paper only for the PDF
        "/r/" + d.visit.visit_id + "/" + d.code + ".pdf?paper=letter",
        "/r/" + d.visit.visit_id + "/%3Cscript%3E",
        "/r/" + d.visit.visit_id,
        "/r/",
        "/r/" + d.visit.visit_id + "/" + d.code + "/x",
    };
    for (const std::string& link : links) {
        CAPTURE(link.substr(0, 120));
        auto r = d.get(link);
        REQUIRE(r);
        CHECK(r->status == 404);
        CHECK(r->body == reference->body);
    }
    // The receipt whose code the depot never found still opens for whoever holds the code.
    auto held = d.get("/r/" + unknown_key.visit_id + "/" + stranger_code);
    REQUIRE(held);
    CHECK(held->status == 200);
    CHECK(held->body.find("Gecontroleerd") != std::string::npos);
}
