// The receipt by e-mail: queued with the ingest (one Message-ID per receipt, made once), sent by the
// courier to a real SMTP sink on 127.0.0.1 (python3-aiosmtpd), retried with backoff on a 4xx, a
// server that is down, stalls or closes mid-message, given up on a 5xx (recorded and exported); the
// depot keeps serving while the server hangs; the mailed survey link answers as "mailed_link".
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <set>

#include "sync/depot/depot_export.h"
#include "sync/depot/mail_courier.h"
#include "sync/wire/signing_key.h"
#include "sync/wire/survey_code.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/smtp_sink.h"
#include "tests/sync/depot/sqlite_only.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr const char* kPublicUrl = "https://survey.example.nl";
constexpr const char* kFrom = "depot@depot.example.nl";

void set_customer_email(const std::filesystem::path& dir, const std::string& visit_id, const std::string& email) {
    exec_on_depot(dir, "UPDATE assignments SET customer_email = '" + email + "' WHERE visit_id = '" + visit_id + "'");
}

// The text part of a mail the depot wrote, decoded.
std::string mail_text(const std::string& mail) {
    const std::string marker = "Content-Transfer-Encoding: base64\r\n\r\n";
    const auto start = mail.find(marker);
    REQUIRE(start != std::string::npos);
    const auto end = mail.find("--", start + marker.size());
    std::string b64;
    for (char c : mail.substr(start + marker.size(), end - start - marker.size())) {
        if (c != '\r' && c != '\n') b64 += c;
    }
    auto text = base64_decode(b64);
    REQUIRE(text);
    return *text;
}

std::string link_code(const std::string& text, const std::string& prefix) {
    const auto at = text.find(prefix);
    if (at == std::string::npos) return "";
    const auto start = at + prefix.size();
    const auto end = text.find_first_of(" \r\n", start);
    return text.substr(start, end - start);
}

struct MailDepot {
    ManualClock clock{Instant{1'700'003'600'000, 1'000}};
    RunningDepot depot;
    std::shared_ptr<const ChecklistTemplate> nl = repo_template("fiber-modem-install-nl");
    std::string token;
    std::string key = new_survey_key();

    MailDepot() : depot(options(), {}, &clock) {
        depot.add_template(*nl);
        token = depot.token_for("tech-a");
        REQUIRE(depot.store->put_survey_key("tech-a", "test-tablet", key, 1'700'000'000'000));
        depot.store->set_mail_queueing(MailQueueing{"depot.example.nl"});
    }
    static DepotServerOptions options() {
        DepotServerOptions o;
        o.public_url = kPublicUrl;
        return o;
    }
    MailCourierOptions courier_options(const std::string& smtp_url) const {
        MailCourierOptions o;
        o.smtp.url = smtp_url;
        o.smtp.from = kFrom;
        o.smtp.connect_timeout_s = 2;
        o.smtp.stall_timeout_s = 1;
        o.public_url = kPublicUrl;
        o.poll_ms = 50;
        return o;
    }
    Assignment plan(const std::string& visit_id, const std::string& email) {
        Assignment a = make_assignment(visit_id, "tech-a", *nl);
        depot.assign({a});
        if (!email.empty()) set_customer_email(depot.dir, visit_id, email);
        return a;
    }
    ReceiptFacts facts(const std::string& visit_id) const {
        ReceiptFacts f;
        f.code_hash = receipt_code_hash(receipt_code(key, visit_id));
        f.company = "Glasvezel Oost";
        f.link_base = kPublicUrl;
        f.technician = "Tess Technicus";
        return f;
    }
    // Walks the visit to its seal with a receipt and sends it the way a tablet does.
    void send(const Assignment& a, WalkPlan plan = {}) {
        plan.receipt = facts(a.visit_id);
        const SealedVisit sealed = sealed_visit(a, nl, plan);
        auto c = depot.client(token);
        for (const auto& [sha, bytes] : sealed.files) c->Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
        auto r = c->Put(("/api/v1/visits/" + a.visit_id).c_str(), sealed.record, "application/json");
        REQUIRE(r);
        REQUIRE(r->status == 201);
    }
    ReceiptMail outbox(const std::string& visit_id) {
        auto m = depot.store->receipt_mail(visit_id);
        REQUIRE(m);
        REQUIRE(m->has_value());
        return **m;
    }
};

}  // namespace

TEST_CASE("receipt mail: queued with the ingest, one distinct Message-ID per visit, sent once with its headers and link") {
    SmtpSink sink;
    MailDepot d;
    std::vector<Assignment> visits;
    for (int i = 1; i <= 3; ++i) {
        visits.push_back(d.plan("V-mail-" + std::to_string(i), "klant" + std::to_string(i) + "@example.nl"));
        d.send(visits.back());
    }
    const Assignment without = d.plan("V-mail-none", "");
    d.send(without);
    CHECK_FALSE(d.depot.store->receipt_mail(without.visit_id).value().has_value());

    MailCourier courier(*d.depot.store, d.clock, d.courier_options(sink.url()));
    CHECK(courier.run_due() == 3);
    CHECK(courier.run_due() == 0);  // sent mails are not sent again
    const auto mails = sink.mails();
    REQUIRE(mails.size() == 3);
    std::set<std::string> ids;
    for (const std::string& mail : mails) ids.insert(mail_header(mail, "Message-ID"));
    CHECK(ids.size() == 3);
    for (const Assignment& a : visits) {
        const ReceiptMail m = d.outbox(a.visit_id);
        CHECK(m.state == "sent");
        CHECK(m.attempts == 1);
        CHECK(m.message_id.rfind("<receipt." + a.visit_id + ".", 0) == 0);
        CHECK(m.message_id.find("@depot.example.nl>") != std::string::npos);
        CHECK(ids.count(m.message_id) == 1);
        CHECK(m.receipt_code == receipt_code(d.key, a.visit_id));
    }
    const std::string& first = mails[0];
    CHECK(mail_header(first, "From") == kFrom);
    CHECK(mail_header(first, "MIME-Version") == "1.0");
    CHECK(first.find("Content-Type: multipart/mixed;\r\n boundary=\"") != std::string::npos);  // folded within 78
    CHECK(mail_header(first, "Date").find("+0000") != std::string::npos);
    const std::string to = mail_header(first, "To");
    const std::string visit_id = "V-mail-" + to.substr(5, 1);
    const std::string text = mail_text(first);
    CHECK(text.find("Glasvezel Oost") == std::string::npos);  // the company is the depot's setting, not set here
    CHECK(text.find(std::string(kPublicUrl) + "/r/" + visit_id + "/" + receipt_code(d.key, visit_id)) != std::string::npos);
    CHECK(text.find("[[") == std::string::npos);
    CHECK(export_visits_csv(d.depot.store->received_visits().value()).find(",sent\r\n") != std::string::npos);
}

TEST_CASE("receipt mail: a 5xx is given up, the refusal recorded on the visit and in export, never tried again") {
    SmtpSink sink;
    sink.set_mode("refuse");
    MailDepot d;
    const Assignment a = d.plan("V-mail-refused", "niemand@example.nl");
    d.send(a);
    MailCourier courier(*d.depot.store, d.clock, d.courier_options(sink.url()));
    CHECK(courier.run_due() == 1);
    const ReceiptMail m = d.outbox(a.visit_id);
    CHECK(m.state == "given_up");
    CHECK(m.last_reply.rfind("550", 0) == 0);
    CHECK(m.survey_code.empty());
    const auto visits = d.depot.store->received_visits().value();
    REQUIRE(visits.size() == 1);
    CHECK(visits[0].receipt_mail.rfind("given up: 550", 0) == 0);
    CHECK(export_visits_json(visits).find("\"receipt_mail\":\"given up: 550") != std::string::npos);
    sink.set_mode("accept");
    d.clock.advance_ms(kMailGiveUpAfterMs);
    CHECK(courier.run_due() == 0);
    CHECK(sink.mails().empty());
}

TEST_CASE("receipt mail: a 4xx, a server that is down, one that stalls and one that closes mid-message are retried later with backoff") {
    SmtpSink sink;
    MailDepot d;
    const Assignment a = d.plan("V-mail-later", "later@example.nl");
    d.send(a);
    const auto attempt = [&](const std::string& url, const std::string& mode) {
        sink.set_mode(mode);
        MailCourier courier(*d.depot.store, d.clock, d.courier_options(url));
        const auto started = std::chrono::steady_clock::now();
        const int attempts = courier.run_due();
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));  // the stall timeout ended it
        return attempts;
    };
    SmtpSink down;  // started and killed: its port refuses connections
    const std::string down_url = down.url();
    down.kill_now();

    const std::vector<std::pair<std::string, std::string>> failures = {
        {sink.url(), "later"}, {down_url, "accept"}, {sink.url(), "stall"}, {sink.url(), "close"}};
    int n = 0;
    for (const auto& [url, mode] : failures) {
        CAPTURE(mode);
        CHECK(attempt(url, mode) == 1);
        ++n;
        const ReceiptMail m = d.outbox(a.visit_id);
        CHECK(m.state == "queued");
        CHECK(m.attempts == n);
        CHECK(m.next_attempt_ms == d.clock.now().wall_ms + mail_retry_delay_ms(n));
        if (mode == "later") CHECK(m.last_reply.rfind("451", 0) == 0);
        CHECK(attempt(sink.url(), "accept") == 0);  // not due yet: nothing is tried before its time
        d.clock.advance_ms(mail_retry_delay_ms(n));
    }
    CHECK(sink.mails().empty());  // a stalled or closed DATA was never taken
    CHECK(attempt(sink.url(), "accept") == 1);
    CHECK(d.outbox(a.visit_id).state == "sent");
    CHECK(sink.mails().size() == 1);
    CHECK(mail_retry_delay_ms(1) == 60'000);
    CHECK(mail_retry_delay_ms(3) == 240'000);
    CHECK(mail_retry_delay_ms(40) == 4LL * 60 * 60 * 1000);
}

TEST_CASE("receipt mail: after days of 4xx the mail is given up with the last reply") {
    SmtpSink sink;
    sink.set_mode("later");
    MailDepot d;
    const Assignment a = d.plan("V-mail-days", "days@example.nl");
    d.send(a);
    MailCourier courier(*d.depot.store, d.clock, d.courier_options(sink.url()));
    for (int i = 0; i < 200 && d.outbox(a.visit_id).state == "queued"; ++i) {
        courier.run_due();
        d.clock.advance_ms(mail_retry_delay_ms(40));
    }
    const ReceiptMail m = d.outbox(a.visit_id);
    CHECK(m.state == "given_up");
    CHECK(m.last_reply.rfind("451", 0) == 0);
    CHECK(m.done_ms - m.queued_ms >= kMailGiveUpAfterMs);
}

TEST_CASE("receipt mail: the depot keeps serving HTTP while the SMTP server hangs, and stops without waiting for it") {
    SmtpSink sink;
    sink.set_mode("stall");
    MailDepot d;
    const Assignment a = d.plan("V-mail-hang", "hang@example.nl");
    d.send(a);
    MailCourierOptions o = d.courier_options(sink.url());
    o.smtp.stall_timeout_s = 600;  // held by the server for as long as the test runs
    MailCourier courier(*d.depot.store, d.clock, o);
    courier.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the courier is inside DATA by now
    for (int i = 0; i < 5; ++i) {
        const auto started = std::chrono::steady_clock::now();
        auto r = d.depot.client(d.token)->Get("/api/v1/templates");
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    }
    const auto stopping = std::chrono::steady_clock::now();
    courier.stop();
    CHECK(std::chrono::steady_clock::now() - stopping < std::chrono::seconds(5));
    CHECK(d.outbox(a.visit_id).state == "queued");
}

TEST_CASE("receipt mail: a survey not answered on the tablet gets the depot's link, answered once and exported as mailed_link") {
    SmtpSink sink;
    MailDepot d;
    const Assignment a = d.plan("V-mail-survey", "survey@example.nl");
    WalkPlan declined;
    declined.decline_after_answers = 0;
    d.send(a, declined);
    CHECK_FALSE(d.outbox(a.visit_id).survey_code.empty());
    MailCourier courier(*d.depot.store, d.clock, d.courier_options(sink.url()));
    REQUIRE(courier.run_due() == 1);
    CHECK(d.outbox(a.visit_id).survey_code.empty());  // only its hash stays
    const std::string text = mail_text(sink.mails().at(0));
    const std::string code = link_code(text, std::string(kPublicUrl) + "/s/" + a.visit_id + "/");
    REQUIRE(code.size() == 32);
    const std::string path = "/s/" + a.visit_id + "/" + code;
    auto page = d.depot.client()->Get(path.c_str());
    REQUIRE(page);
    CHECK(page->status == 200);
    const std::string form = "q-rate-appointment=2&q-rate-arrival=1&q-rate-explanation=2&q-rate-result=2&q-comment=Per+mail";
    auto answered = d.depot.client()->Post(path.c_str(), form, "application/x-www-form-urlencoded");
    REQUIRE(answered);
    CHECK(answered->status == 200);
    auto again = d.depot.client()->Post(path.c_str(), form, "application/x-www-form-urlencoded");
    REQUIRE(again);
    CHECK(again->status == 409);
    // The tablet's QR code for the same visit now says "already answered" too.
    auto qr = d.depot.client()->Get(("/s/" + a.visit_id + "/" + survey_code(d.key, a.visit_id)).c_str());
    REQUIRE(qr);
    CHECK(qr->status == 409);
    const auto visits = d.depot.store->received_visits().value();
    REQUIRE(visits.size() == 1);
    CHECK(visits[0].survey_channel == "mailed_link");
    CHECK(visits[0].survey_comment == "Per mail");
    CHECK(export_visits_csv(visits).find(",mailed_link,2,1,2,2,Per mail,") != std::string::npos);
    // A wrong mailed code is "not found", like a wrong QR code.
    auto wrong = d.depot.client()->Get(("/s/" + a.visit_id + "/" + std::string(32, '0')).c_str());
    REQUIRE(wrong);
    CHECK(wrong->status == 404);
}

TEST_CASE("receipt mail: a survey answered on the tablet gets no survey link") {
    SmtpSink sink;
    MailDepot d;
    const Assignment a = d.plan("V-mail-answered", "answered@example.nl");
    d.send(a);
    CHECK(d.outbox(a.visit_id).survey_code.empty());
    MailCourier courier(*d.depot.store, d.clock, d.courier_options(sink.url()));
    REQUIRE(courier.run_due() == 1);
    CHECK(mail_text(sink.mails().at(0)).find("/s/") == std::string::npos);
}

TEST_CASE("receipt mail: a customer who was absent still gets the receipt, with the true cause in the template's language") {
    SmtpSink sink;
    MailDepot d;
    const Assignment a = d.plan("V-mail-absent", "absent@example.nl");
    WalkPlan absent;
    absent.customer_absent = true;
    d.send(a, absent);
    MailCourier courier(*d.depot.store, d.clock, d.courier_options(sink.url()));
    REQUIRE(courier.run_due() == 1);
    const std::string text = mail_text(sink.mails().at(0));
    CHECK(text.find("niet thuis") != std::string::npos);
    CHECK(text.find("/s/") == std::string::npos);  // nobody to ask about a visit that did not happen
    CHECK(mail_header(sink.mails().at(0), "Subject").rfind("=?UTF-8?B?", 0) != 0);  // plain ASCII stays plain
}

TEST_CASE("receipt mail: without --smtp nothing is queued") {
    MailDepot d;
    d.depot.store->set_mail_queueing(std::nullopt);
    const Assignment a = d.plan("V-mail-off", "off@example.nl");
    d.send(a);
    CHECK_FALSE(d.depot.store->receipt_mail(a.visit_id).value().has_value());
    CHECK(d.depot.store->received_visits().value().at(0).receipt_mail.empty());
}

TEST_CASE("receipt mail: a depot killed between the server's acceptance and its own commit resends once, with the same Message-ID") {
    SmtpSink sink;
    sink.set_mode("hang_after");  // takes the message, then never says so
    TempDir tmp;
    const auto data = tmp.path / "depot";
    const auto nl = repo_template("fiber-modem-install-nl");
    const std::string key = new_survey_key();
    const Assignment a = make_assignment("V-mail-killed", "tech-a", *nl);
    std::string token;
    {
        auto store = DepotStore::open(test_depot_location(data)).value();
        REQUIRE(store->import_template(*nl, 1'700'000'000'000));
        token = store->create_token("tech-a", "test-tablet", 1'700'000'000'000).value().token;
        REQUIRE(store->put_survey_key("tech-a", "test-tablet", key, 1'700'000'000'000));
        REQUIRE(store->put_assignments({a}, 1'700'000'000'000));
    }
    set_customer_email(data, a.visit_id, "killed@example.nl");
    const std::vector<std::string> mail_args = {"--public-url", kPublicUrl, "--smtp", sink.url(), "--mail-from", kFrom};
    {
        DepotProcess depot(data, mail_args);
        WalkPlan plan;
        plan.receipt = ReceiptFacts{receipt_code_hash(receipt_code(key, a.visit_id)), "", "", kPublicUrl, "", 0};
        const SealedVisit sealed = sealed_visit(a, nl, plan);
        httplib::Client c("127.0.0.1", depot.port);
        c.set_default_headers({{"Authorization", "Bearer " + token}});
        for (const auto& [sha, bytes] : sealed.files) c.Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
        auto r = c.Put(("/api/v1/visits/" + a.visit_id).c_str(), sealed.record, "application/json");
        REQUIRE(r);
        REQUIRE(r->status == 201);
        REQUIRE(sink.wait_for_mails(1));
        depot.kill_now();
    }
    sink.set_mode("accept");
    {
        DepotProcess depot(data, mail_args);
        REQUIRE(sink.wait_for_mails(2));
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // a few more of the courier's looks
        CHECK(depot.stop() == 0);
    }
    const auto mails = sink.mails();
    REQUIRE(mails.size() == 2);
    CHECK(mail_header(mails[0], "Message-ID") == mail_header(mails[1], "Message-ID"));
    CHECK(mails[0] == mails[1]);  // the same bytes: a receiving server may drop the second as a duplicate
    // The depot's own rendering of the receipt goes with it, as a PDF attachment.
    CHECK(mails[0].find("Content-Type: application/pdf") != std::string::npos);
    CHECK(mails[0].find("receipt-V-mail-killed.pdf") != std::string::npos);
    auto store = DepotStore::open_existing(test_depot_location(data)).value();
    const ReceiptMail m = store->receipt_mail(a.visit_id).value().value();
    CHECK(m.state == "sent");
    CHECK(m.message_id == mail_header(mails[0], "Message-ID"));
}

TEST_CASE("depot schema 10: a depot of schema 9 gets the outbox, and its phone answers stay phone_qr" * FC_SQLITE_ONLY) {
    TempDir tmp;
    const auto data = tmp.path / "depot";
    {
        auto store = DepotStore::open(test_depot_location(data)).value();
        REQUIRE(store->store_phone_survey(PhoneSurvey{"V-old", "code", {}, "", "nl", 1'700'000'000'000, "phone_qr"}).value());
    }
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open((data / "depot.db").c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, kDowngradeToSchema9, nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    auto store = DepotStore::open(test_depot_location(data));
    REQUIRE_MESSAGE(store.ok(), store.error().message);
    CHECK(store.value()->phone_survey("V-old").value()->channel == "phone_qr");
    CHECK_FALSE(store.value()->receipt_mail("V-old").value().has_value());
    CHECK_FALSE(store.value()->mailed_survey_code_matches("V-old", "code").value());
}
