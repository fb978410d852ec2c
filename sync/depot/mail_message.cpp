// Writing a MailMessage for SMTP. Every part is base64: the text may hold any language's letters
// and the PDF is binary, and base64 lines never start with a '.' or exceed SMTP's line limit.
#include "sync/depot/mail_message.h"

#include <ctime>

#include "checklists/sha256.h"
#include "checklists/time_format.h"
#include "sync/wire/signing_key.h"

namespace fc {
namespace {

constexpr std::size_t kBase64LineChars = 76;
// 39 bytes of UTF-8 make 52 base64 characters: with "=?UTF-8?B?", "?=" and "Subject: " a line stays within 78.
constexpr std::size_t kEncodedWordBytes = 39;

std::string base64_lines(const std::string& bytes) {
    const std::string flat = base64_encode(bytes);
    std::string out;
    for (std::size_t at = 0; at < flat.size(); at += kBase64LineChars) out += flat.substr(at, kBase64LineChars) + "\r\n";
    return out;
}

bool plain_ascii(const std::string& s) {
    for (unsigned char c : s) {
        if (c < 0x20 || c > 0x7e) return false;
    }
    return true;
}

// RFC 5322's date is HTTP's with a numeric zone: the one formatter of UTC names (time_format.h).
std::string rfc5322_date(std::int64_t ms) {
    std::string date = http_date(ms);
    return date.substr(0, date.size() - 3) + "+0000";
}

std::string text_with_crlf(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\r') continue;
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

std::string attachment_part(const MailAttachment& a, const std::string& boundary) {
    return "--" + boundary + "\r\nContent-Type: " + a.mime_type + "; name=\"" + a.filename +
           "\"\r\nContent-Disposition: attachment; filename=\"" + a.filename +
           "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64_lines(a.bytes);
}

}  // namespace

std::string mail_header_text(const std::string& utf8) {
    if (plain_ascii(utf8)) return utf8;
    std::string out;
    std::size_t at = 0;
    while (at < utf8.size()) {
        std::size_t end = std::min(utf8.size(), at + kEncodedWordBytes);
        // Never split a letter: back up to the start of a UTF-8 sequence.
        while (end < utf8.size() && end > at && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) --end;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64_encode(utf8.substr(at, end - at)) + "?=";
        at = end;
    }
    return out;
}

std::string mail_domain(const std::string& address) {
    const auto at = address.rfind('@');
    return at == std::string::npos ? std::string() : address.substr(at + 1);
}

bool is_mail_address(const std::string& address) {
    if (address.size() > 254) return false;
    const auto at = address.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == address.size() || address.find('@', at + 1) != std::string::npos) {
        return false;
    }
    for (unsigned char c : address) {
        if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '(' || c == ')') {
            return false;
        }
    }
    return true;
}

std::string write_mail(const MailMessage& mail, const std::string& boundary_seed) {
    const std::string boundary = "=_fieldcheck_" + sha256_hex(boundary_seed).substr(0, 24);
    std::string out = "Date: " + rfc5322_date(mail.date_ms) + "\r\nFrom: " + mail.from + "\r\nTo: " + mail.to +
                      "\r\nSubject: " + mail_header_text(mail.subject) + "\r\nMessage-ID: " + mail.message_id +
                      "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += base64_lines(text_with_crlf(mail.text));
    for (const MailAttachment& a : mail.attachments) out += attachment_part(a, boundary);
    out += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace fc
