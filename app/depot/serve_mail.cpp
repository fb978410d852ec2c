// The mail options of `serve` and the courier they start.
#include "serve_mail.h"

#include "sync/depot/mail_message.h"
#include "sync/depot/received_receipt.h"

namespace fc {

void add_mail_options(CLI::App& cli, MailArgs& a) {
    cli.add_option("--smtp", a.smtp,
                   "mail each customer who has a customer_email their receipt, through this server:\n"
                   "smtp://HOST[:PORT] (STARTTLS required, except on 127.0.0.1 and ::1) or smtps://HOST[:PORT].\n"
                   "Without it no receipt mail is queued or sent")
        ->type_name("URL");
    cli.add_option("--smtp-credentials", a.credentials,
                   "the SMTP login: the user on line 1, the password on line 2; the file must be\n"
                   "readable by the depot's user alone (chmod 600)")
        ->type_name("FILE");
    cli.add_option("--mail-from", a.from, "the sender of receipt mails, e.g. depot@example.nl (needed with --smtp)")
        ->type_name("ADDR");
    cli.add_option("--smtp-stall-timeout", a.stall_timeout_s,
                   "seconds without progress before an attempt ends and is retried later (default 60)")
        ->check(CLI::Range(1, 3600))->type_name("S");
}

Expected<std::unique_ptr<MailCourier>> start_mail(DepotStore& store, Clock& clock, const MailArgs& a,
                                                  const std::string& public_url) {
    if (a.smtp.empty()) {
        if (!a.credentials.empty() || !a.from.empty()) {
            return make_error(ErrorCode::usage, "--smtp-credentials and --mail-from need --smtp");
        }
        return std::unique_ptr<MailCourier>();
    }
    if (Status s = check_smtp_url(a.smtp); !s) return make_error(ErrorCode::usage, s.error().message);
    if (!is_mail_address(a.from)) return make_error(ErrorCode::usage, "--smtp needs --mail-from ADDR, e.g. depot@example.nl");
    MailCourierOptions options;
    options.smtp.url = a.smtp;
    options.smtp.from = a.from;
    options.smtp.stall_timeout_s = a.stall_timeout_s;
    if (!a.credentials.empty()) {
        if (Status s = read_smtp_credentials(a.credentials, options.smtp); !s) return s.error();
    }
    options.public_url = public_url;
    options.receipt_pdf = [&store](const std::string& visit_id) { return received_receipt_pdf(store, visit_id); };
    store.set_mail_queueing(MailQueueing{mail_domain(a.from)});
    return std::make_unique<MailCourier>(store, clock, std::move(options));
}

}  // namespace fc
