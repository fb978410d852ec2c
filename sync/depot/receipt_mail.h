#pragma once
// ReceiptMail: one row of the depot's durable mail outbox (a receipt mailed to the customer), and
// MailQueueing: what the depot needs to queue one (set only when `serve --smtp` is given).
#include <cstdint>
#include <string>

namespace fc {

struct ReceiptMail {
    std::string visit_id;
    std::string recipient;
    std::string message_id;  // "<receipt.{visit}.{first 16 of seal}@{domain}>", made once when queued
    std::string state;       // "queued" | "sent" | "given_up"
    int attempts = 0;
    std::int64_t next_attempt_ms = 0;  // wall clock
    std::string last_reply;            // the server's last reply or the network failure, for the planner
    std::int64_t queued_ms = 0;
    std::int64_t done_ms = 0;   // when sent or given up; 0 while queued
    std::string receipt_code;   // "" when the record sealed no receipt or no survey key made its hash
    std::string survey_code;    // the mailed survey link's code while queued; "" = no link
};

// Why the domain is fixed at queueing: it is part of the Message-ID, which must not change between
// a send and its resend.
struct MailQueueing {
    std::string domain;  // of --mail-from
};

// What export shows in `receipt_mail`: "" (no mail), "queued", "sent" or "given up: 550 ...".
std::string receipt_mail_summary(const ReceiptMail& mail);

}  // namespace fc
