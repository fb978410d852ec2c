// The receipt mail from outbox row to SMTP, and what each attempt's end does to the row.
#include "sync/depot/mail_courier.h"

#include <cstdio>

#include "catalogue/catalogue.h"
#include "sync/depot/receipt_mail_text.h"

namespace fc {

std::int64_t mail_retry_delay_ms(int failed_attempts) {
    constexpr std::int64_t kFirstMs = 60'000;
    constexpr std::int64_t kMostMs = 4LL * 60 * 60 * 1000;
    std::int64_t delay = kFirstMs;
    for (int i = 1; i < failed_attempts && delay < kMostMs; ++i) delay *= 2;
    return std::min(delay, kMostMs);
}

MailCourier::MailCourier(DepotStore& store, Clock& clock, MailCourierOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {}

MailCourier::~MailCourier() { stop(); }

void MailCourier::start() {
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            lock.unlock();
            run_due();
            lock.lock();
            wake_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms), [this] { return stopping_; });
        }
    });
}

void MailCourier::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cancel_ = true;
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

int MailCourier::run_due() {
    auto due = store_.due_mails(clock_.now().wall_ms, options_.batch);
    if (!due) {
        std::fprintf(stderr, "fieldcheck-depot: mail outbox: %s\n", due.error().message.c_str());
        return 0;
    }
    int attempts = 0;
    for (const ReceiptMail& mail : *due) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
        }
        auto claimed = store_.claim_mail(mail.visit_id, clock_.now().wall_ms);
        if (!claimed || !*claimed) continue;  // sent meanwhile, or another instance is sending it
        if (Status s = attempt_(**claimed); !s) {
            std::fprintf(stderr, "fieldcheck-depot: receipt mail of %s: %s\n", mail.visit_id.c_str(), s.error().message.c_str());
        }
        store_.release_mail(mail.visit_id);
        ++attempts;
    }
    return attempts;
}

// Why the link is decided now and not when queued: a customer who answered on the phone since
// the visit arrived must not be asked again.
std::string MailCourier::survey_link_(const ReceiptMail& mail) {
    if (mail.survey_code.empty() || options_.public_url.empty()) return "";
    auto answered = store_.phone_survey(mail.visit_id);
    if (!answered || *answered) return "";
    return options_.public_url + "/s/" + mail.visit_id + "/" + mail.survey_code;
}

Expected<std::string> MailCourier::message_for(const ReceiptMail& mail) {
    auto visit = store_.received_visit(mail.visit_id);
    if (!visit) return visit.error();
    if (!*visit) return make_error(ErrorCode::not_found, "the outbox names visit " + mail.visit_id + ", which the depot does not hold");
    const ReceivedVisit& v = **visit;
    auto checklist = store_.template_for(v.template_id, v.template_version);
    const Lang lang = checklist ? lang_from_code((*checklist)->language).value_or(Lang::Nl) : Lang::Nl;
    auto contact = store_.contact();
    MailMessage m;
    if (options_.receipt_pdf) {
        auto pdf = options_.receipt_pdf(v.visit_id);
        if (!pdf) return pdf.error();
        if (*pdf) m.attachments.push_back({"receipt-" + v.visit_id + ".pdf", "application/pdf", **pdf});
    }
    const std::string receipt_link =
        mail.receipt_code.empty() || options_.public_url.empty() ? "" : options_.public_url + "/r/" + v.visit_id + "/" + mail.receipt_code;
    const auto words = receipt_mail_words(lang, v, contact && *contact ? **contact : CompanyContact{}, receipt_link,
                                          survey_link_(mail), !m.attachments.empty());
    m.from = options_.smtp.from;
    m.to = mail.recipient;
    m.subject = words.subject;
    m.message_id = mail.message_id;
    m.date_ms = mail.queued_ms;
    m.text = words.text;
    return write_mail(m, v.seal);
}

Status MailCourier::attempt_(const ReceiptMail& mail) {
    const std::int64_t now = clock_.now().wall_ms;
    // The planning sheet checks addresses; this keeps a hand-edited row from adding headers.
    if (!is_mail_address(mail.recipient)) return store_.mail_given_up(mail.visit_id, "not a mail address", now);
    auto message = message_for(mail);
    if (!message) return store_.mail_retry(mail.visit_id, message.error().message, now + mail_retry_delay_ms(mail.attempts + 1));
    const SmtpOutcome out = send_smtp(options_.smtp, mail.recipient, *message, &cancel_);
    const std::int64_t after = clock_.now().wall_ms;
    switch (out.kind) {
        case SmtpOutcome::Kind::Sent: return store_.mail_sent(mail.visit_id, out.reply, after);
        case SmtpOutcome::Kind::Refused: return store_.mail_given_up(mail.visit_id, out.reply, after);
        case SmtpOutcome::Kind::TryLater: break;
    }
    if (after - mail.queued_ms >= kMailGiveUpAfterMs) return store_.mail_given_up(mail.visit_id, out.reply, after);
    return store_.mail_retry(mail.visit_id, out.reply, after + mail_retry_delay_ms(mail.attempts + 1));
}

}  // namespace fc
