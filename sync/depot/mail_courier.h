#pragma once
// MailCourier: the depot's sender of receipt mails. Takes the due mails from the durable outbox,
// writes each one, hands it to the SMTP server and records what came of it: sent, tried again later
// with backoff (a 4xx, a network failure, a stall), or given up (a 5xx). Runs on its own thread, so
// no request and no ingest ever waits on a mail server.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "checklists/clock.h"
#include "checklists/expected.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/mail_message.h"
#include "sync/depot/smtp_sender.h"

namespace fc {

// The depot's own rendering of a visit's receipt as a PDF; nullopt when it has none (a record
// sealed without a receipt). Injected: the receipt part renders it (receipt/receipt_pdf.h).
using ReceiptPdfMaker = std::function<Expected<std::optional<std::string>>(const std::string& visit_id)>;

struct MailCourierOptions {
    SmtpSettings smtp;
    std::string public_url;  // the depot's --public-url, for the receipt and survey links; "" = none
    ReceiptPdfMaker receipt_pdf;  // empty = the mail carries no PDF
    int poll_ms = 1000;           // how often the thread looks for due mails (real time)
    int batch = 20;               // mails per look, so stop() is heard between them
};

// Why so long: a 4xx is the server's "later"; a mail a few days late still serves the customer,
// one given up after an hour's outage would not reach them at all.
inline constexpr std::int64_t kMailGiveUpAfterMs = 4LL * 24 * 60 * 60 * 1000;

// The wait before attempt n+1 after n failed ones: 1 min, 2, 4, ... at most 4 h.
std::int64_t mail_retry_delay_ms(int failed_attempts);

class MailCourier {
public:
    MailCourier(DepotStore& store, Clock& clock, MailCourierOptions options);
    ~MailCourier();
    MailCourier(const MailCourier&) = delete;
    MailCourier& operator=(const MailCourier&) = delete;

    void start();
    void stop();
    // One pass over the due mails, on the caller's thread (tests drive it with a ManualClock).
    // How many attempts it made.
    int run_due();
    // The message of an outbox row as it goes to the server: the same bytes on every attempt.
    Expected<std::string> message_for(const ReceiptMail& mail);

private:
    Status attempt_(const ReceiptMail& mail);
    std::string survey_link_(const ReceiptMail& mail);

    DepotStore& store_;
    Clock& clock_;
    MailCourierOptions options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::atomic<bool> cancel_{false};  // ends an attempt in flight when the depot stops
    std::thread thread_;
};

}  // namespace fc
