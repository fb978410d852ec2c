#pragma once
// SmtpSender: hands one mail to an SMTP server with libcurl (STARTTLS or implicit TLS, login,
// timeouts) and says whether the server took it, wants it again later, or refused it for good.
#include <atomic>
#include <string>

#include "checklists/expected.h"

namespace fc {

// SmtpSettings: `serve --smtp URL --smtp-credentials FILE --mail-from ADDR`.
struct SmtpSettings {
    std::string url;  // smtp://host[:port] (STARTTLS required unless on loopback) or smtps://host[:port]
    std::string user;      // "" = no login
    std::string password;
    std::string from;      // addr-spec
    std::string ca_file;   // "" = the system's CAs
    int connect_timeout_s = 20;
    // No byte moved for this long: the attempt ends (a server that stalls cannot hold the sender).
    int stall_timeout_s = 60;
    int total_timeout_s = 300;
};

// SmtpOutcome: one attempt's end. `reply` is the server's last reply line ("550 5.1.1 ...") or the
// network failure in words, kept on the visit for the planner.
struct SmtpOutcome {
    enum class Kind { Sent, TryLater, Refused };
    Kind kind = Kind::TryLater;
    int code = 0;  // the server's last reply code; 0 when it never answered
    std::string reply;
};

// Reads "user\npassword\n" from a secret file (refused when group or others may read it).
Status read_smtp_credentials(const std::string& path, SmtpSettings& settings);

// Whether the URL names 127.0.0.1 or ::1: the one place plain SMTP is allowed (a local relay or
// the tests' sink); everywhere else a server without STARTTLS is refused.
bool smtp_url_on_loopback(const std::string& url);

// The URL's scheme is smtp:// or smtps:// and it names a host; `bad_url` otherwise.
Status check_smtp_url(const std::string& url);

// One attempt, blocking for at most the settings' timeouts, or until `cancel` turns true (the depot
// stopping); a cancelled attempt is TryLater. Thread-safe.
SmtpOutcome send_smtp(const SmtpSettings& settings, const std::string& recipient, const std::string& message,
                      const std::atomic<bool>* cancel = nullptr);

}  // namespace fc
