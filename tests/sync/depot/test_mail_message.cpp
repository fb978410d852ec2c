// The depot's mail writer: headers (encoded-word for non-ASCII subjects, never a split letter),
// CRLF line ends, base64 parts within SMTP's line limit, the same bytes for the same mail, and
// addresses that cannot inject headers.
#include <doctest/doctest.h>

#include "sync/depot/mail_message.h"
#include "sync/depot/smtp_sender.h"
#include "sync/wire/signing_key.h"

using namespace fc;

namespace {

MailMessage sample() {
    MailMessage m;
    m.from = "depot@example.nl";
    m.to = "klant@example.nl";
    m.subject = "Uw bewijs van Zielińska & Zoë — bezoek V-1, één keer, één keer, één keer";
    m.message_id = "<receipt.V-1.0123456789abcdef@example.nl>";
    m.date_ms = 1'700'000'000'000;
    m.text = "Regel één\nRegel twee";
    m.attachments.push_back({"receipt-V-1.pdf", "application/pdf", std::string("%PDF-1.7\n\x00\xff", 11)});
    return m;
}

}  // namespace

TEST_CASE("mail: a non-ASCII subject is encoded words of whole letters, each within 75 characters") {
    const std::string encoded = mail_header_text(sample().subject);
    std::string decoded;
    std::size_t words = 0;
    for (std::size_t at = encoded.find("=?UTF-8?B?"); at != std::string::npos; at = encoded.find("=?UTF-8?B?", at + 1)) {
        const auto end = encoded.find("?=", at + 10);
        REQUIRE(end != std::string::npos);
        CHECK(end + 2 - at <= 75);
        auto part = base64_decode(encoded.substr(at + 10, end - at - 10));
        REQUIRE(part);
        CHECK((static_cast<unsigned char>(part->front()) & 0xC0) != 0x80);  // starts on a letter's first byte
        decoded += *part;
        ++words;
    }
    CHECK(words > 1);
    CHECK(decoded == sample().subject);
    CHECK(mail_header_text("Plain subject") == "Plain subject");
}

TEST_CASE("mail: headers, CRLF only, lines within SMTP's limit, and the same bytes for the same mail") {
    const std::string out = write_mail(sample(), "seal-1");
    CHECK(out.find("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n") != std::string::npos);
    CHECK(out.find("From: depot@example.nl\r\nTo: klant@example.nl\r\n") != std::string::npos);
    CHECK(out.find("Message-ID: <receipt.V-1.0123456789abcdef@example.nl>\r\nMIME-Version: 1.0\r\n") != std::string::npos);
    CHECK(out.find("Content-Type: application/pdf; name=\"receipt-V-1.pdf\"") != std::string::npos);
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '\n') {
            CHECK(i > 0);
            CHECK(out[i - 1] == '\r');
            CHECK(i - line_start <= 78);
            line_start = i + 1;
        }
        CHECK(static_cast<unsigned char>(out[i]) < 0x80);
    }
    CHECK(write_mail(sample(), "seal-1") == out);
    CHECK(write_mail(sample(), "seal-2") != out);
}

TEST_CASE("mail: only plain addresses pass, and a planning cell cannot add headers or recipients") {
    CHECK(is_mail_address("klant@example.nl"));
    CHECK(is_mail_address("a.b+receipt@sub.example.nl"));
    for (const char* bad : {"", "klant", "@example.nl", "klant@", "a@b@c", "klant@example.nl\r\nBcc: x@y.z",
                            "Klant <klant@example.nl>", "a@b.nl, c@d.nl", "klant @example.nl"}) {
        CAPTURE(bad);
        CHECK_FALSE(is_mail_address(bad));
    }
    CHECK(mail_domain("depot@example.nl") == "example.nl");
}

TEST_CASE("smtp: plain SMTP is allowed only on loopback, and the URL must be smtp:// or smtps://") {
    CHECK(smtp_url_on_loopback("smtp://127.0.0.1:2525"));
    CHECK(smtp_url_on_loopback("smtp://[::1]:2525"));
    CHECK_FALSE(smtp_url_on_loopback("smtp://mail.example.nl:587"));
    CHECK_FALSE(smtp_url_on_loopback("smtp://127.0.0.1.example.nl"));
    CHECK(check_smtp_url("smtps://mail.example.nl"));
    CHECK_FALSE(check_smtp_url("http://mail.example.nl"));
    CHECK_FALSE(check_smtp_url("smtp://"));
}
