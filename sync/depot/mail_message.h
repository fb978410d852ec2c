#pragma once
// MailMessage: one e-mail as the depot sends it (RFC 5322 headers, MIME multipart/mixed: a UTF-8
// text part and optional attachments), written out with CRLF line ends for SMTP.
#include <cstdint>
#include <string>
#include <vector>

namespace fc {

// MailAttachment: a file carried by a mail, e.g. the receipt's PDF.
struct MailAttachment {
    std::string filename;   // ASCII
    std::string mime_type;  // "application/pdf"
    std::string bytes;
};

struct MailMessage {
    std::string from;        // addr-spec: "depot@example.org"
    std::string to;          // addr-spec
    std::string subject;     // UTF-8; encoded-word when not plain ASCII
    std::string message_id;  // with its angle brackets
    std::int64_t date_ms = 0;
    std::string text;  // UTF-8, '\n' line ends
    std::vector<MailAttachment> attachments;
};

// The message as SMTP's DATA carries it. `boundary_seed` makes the MIME boundary (e.g. the seal),
// so the same mail is the same bytes when it is sent again.
std::string write_mail(const MailMessage& mail, const std::string& boundary_seed);

// RFC 2047 encoded-word (UTF-8, base64) for a header value that is not printable ASCII; ASCII as is.
std::string mail_header_text(const std::string& utf8);

// The domain of an addr-spec ("depot@example.org" → "example.org"); "" when there is none.
std::string mail_domain(const std::string& address);

// Whether `address` is a plain addr-spec we can put in a header and an SMTP envelope: one '@', no
// spaces, no angle brackets, no CR/LF (a planning sheet's cell must not inject headers).
bool is_mail_address(const std::string& address);

}  // namespace fc
