#pragma once
// MailArgs: `serve --smtp URL --smtp-credentials FILE --mail-from ADDR`, and what turns them into
// the depot's mail courier. Without --smtp no mail is queued or attempted.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "checklists/clock.h"
#include "checklists/expected.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/mail_courier.h"

namespace fc {

struct MailArgs {
    std::string smtp;
    std::string credentials;
    std::string from;
    int stall_timeout_s = SmtpSettings{}.stall_timeout_s;
};

void add_mail_options(CLI::App& cli, MailArgs& args);

// nullptr without --smtp. Tells the store to queue receipt mails and makes the courier, not yet
// started (serve starts it once SIGINT and SIGTERM are blocked);
// an error (usage or the credentials file) when the options do not fit.
Expected<std::unique_ptr<MailCourier>> start_mail(DepotStore& store, Clock& clock, const MailArgs& args,
                                                  const std::string& public_url);

}  // namespace fc
