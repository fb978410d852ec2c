// The DepotStore's part of the receipt by e-mail: the durable outbox and the mailed survey codes.
#include "checklists/sha256.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"
#include "sync/wire/device_token.h"

namespace fc {
namespace {

constexpr const char* kMailColumns =
    "visit_id, recipient, message_id, state, attempts, next_attempt_ms, last_reply, queued_ms, done_ms, "
    "receipt_code, coalesce(survey_code, '')";

template <class Row>
ReceiptMail mail_of_row(const Row& st) {
    ReceiptMail m;
    m.visit_id = st.text(0);
    m.recipient = st.text(1);
    m.message_id = st.text(2);
    m.state = st.text(3);
    m.attempts = st.int32(4);
    m.next_attempt_ms = st.int64(5);
    m.last_reply = st.text(6);
    m.queued_ms = st.int64(7);
    m.done_ms = st.int64(8);
    m.receipt_code = st.text(9);
    m.survey_code = st.text(10);
    return m;
}

// The customer did not answer on the tablet; a survey left on the phone may still be unanswered.
// Whether the phone answered first is settled when the mail is made (mail_courier.cpp).
bool survey_left_open(const ReceivedVisit& v) {
    return v.outcome == "completed" && (v.survey_status == "not_filled_in" || v.survey_status == "on_phone");
}

// A 128-bit random code in URL-safe hex; like a survey code, only its hash is kept for good.
Expected<std::string> new_mailed_survey_code() {
    auto random = generate_device_token();
    if (!random) return random.error();
    return random->substr(0, 32);
}

}  // namespace

std::string receipt_mail_summary(const ReceiptMail& mail) {
    if (mail.state == "given_up") return "given up: " + mail.last_reply;
    return mail.state;
}

void DepotStore::set_mail_queueing(std::optional<MailQueueing> queueing) {
    std::lock_guard lock(mutex_);
    mail_queueing_ = std::move(queueing);
}

// The receipt code is the one ingest found (ReceivedVisit::receipt_code), "" when none.
Status DepotStore::queue_receipt_mail_(const ReceivedVisit& v, std::int64_t now_ms) {
    if (!mail_queueing_) return {};
    auto to = cached_("SELECT customer_email FROM assignments WHERE visit_id = ?");
    if (!to) return to.error();
    to->bind(1, v.visit_id);
    auto row = to->step();
    if (!row) return row.error();
    if (!row.value() || to->text(0).empty()) return {};
    const std::string recipient = to->text(0);

    std::string survey_code;
    if (survey_left_open(v)) {
        auto code = new_mailed_survey_code();
        if (!code) return code.error();
        survey_code = std::move(code).value();
        auto keep = cached_("INSERT INTO mailed_survey_codes(visit_id, code_hash, created_ms) VALUES(?, ?, ?)");
        if (!keep) return keep.error();
        keep->bind(1, v.visit_id).bind(2, sha256_hex(survey_code)).bind(3, now_ms);
        if (auto s = keep->run(); !s) return s;
    }
    const std::string message_id = "<receipt." + v.visit_id + "." + v.seal.substr(0, 16) + "@" + mail_queueing_->domain + ">";
    auto ins = cached_("INSERT INTO mail_outbox(visit_id, recipient, message_id, state, next_attempt_ms, "
                                             "queued_ms, receipt_code, survey_code) VALUES(?, ?, ?, 'queued', ?, ?, ?, nullif(?, ''))");
    if (!ins) return ins.error();
    ins->bind(1, v.visit_id).bind(2, recipient).bind(3, message_id).bind(4, now_ms).bind(5, now_ms);
    ins->bind(6, v.receipt_code).bind(7, survey_code);
    return ins->run();
}

Expected<std::vector<ReceiptMail>> DepotStore::due_mails(std::int64_t now_ms, int limit) {
    std::lock_guard lock(mutex_);
    auto st = cached_(std::string("SELECT ") + kMailColumns + " FROM mail_outbox WHERE state = 'queued' "
                                            "AND next_attempt_ms <= ? ORDER BY next_attempt_ms, queued_ms LIMIT ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, now_ms).bind(2, limit);
    std::vector<ReceiptMail> out;
    while (st->next_row()) out.push_back(mail_of_row(*st));
    if (Status read = st->done(); !read) return depot_error(read.error(), dir_);
    return out;
}

Expected<std::optional<ReceiptMail>> DepotStore::claim_mail(const std::string& visit_id, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    if (db_->dialect() == SqlDialect::postgresql) {
        auto take = cached_("SELECT pg_try_advisory_lock(1178814291, hashtext(CAST(?1 AS TEXT)))");
        if (!take) return depot_error(take.error(), dir_);
        take->bind(1, visit_id);
        auto taken = take->step();
        if (!taken) return depot_error(taken.error(), dir_);
        if (!taken.value() || take->int64(0) == 0) return std::optional<ReceiptMail>();
    }
    // Read again under the lock: another instance may have sent it since due_mails.
    auto st = cached_(std::string("SELECT ") + kMailColumns +
                      " FROM mail_outbox WHERE visit_id = ? AND state = 'queued' AND next_attempt_ms <= ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, visit_id).bind(2, now_ms);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) {
        st->reset();
        release_mail_(visit_id);
        return std::optional<ReceiptMail>();
    }
    return std::optional<ReceiptMail>(mail_of_row(*st));
}

void DepotStore::release_mail(const std::string& visit_id) {
    std::lock_guard lock(mutex_);
    release_mail_(visit_id);
}

void DepotStore::release_mail_(const std::string& visit_id) {
    if (db_->dialect() != SqlDialect::postgresql) return;
    auto free = cached_("SELECT pg_advisory_unlock(1178814291, hashtext(CAST(?1 AS TEXT)))");
    if (!free) return;  // a lost connection released it already
    free->bind(1, visit_id);
    (void)free->step();
}

Expected<std::optional<ReceiptMail>> DepotStore::receipt_mail(const std::string& visit_id) {
    std::lock_guard lock(mutex_);
    auto st = cached_(std::string("SELECT ") + kMailColumns + " FROM mail_outbox WHERE visit_id = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<ReceiptMail>();
    return std::optional<ReceiptMail>(mail_of_row(*st));
}

Status DepotStore::finish_mail_(const std::string& visit_id, const std::string& state, const std::string& reply,
                                std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto st = cached_("UPDATE mail_outbox SET state = ?, attempts = attempts + 1, last_reply = ?, "
                                            "done_ms = ?, survey_code = NULL WHERE visit_id = ? AND state = 'queued'");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, state).bind(2, reply).bind(3, now_ms).bind(4, visit_id);
    if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
    return {};
}

Status DepotStore::mail_sent(const std::string& visit_id, const std::string& reply, std::int64_t now_ms) {
    return finish_mail_(visit_id, "sent", reply, now_ms);
}

Status DepotStore::mail_given_up(const std::string& visit_id, const std::string& reply, std::int64_t now_ms) {
    return finish_mail_(visit_id, "given_up", reply, now_ms);
}

Status DepotStore::mail_retry(const std::string& visit_id, const std::string& reply, std::int64_t next_attempt_ms) {
    std::lock_guard lock(mutex_);
    auto st = cached_("UPDATE mail_outbox SET attempts = attempts + 1, last_reply = ?, "
                                            "next_attempt_ms = ? WHERE visit_id = ? AND state = 'queued'");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, reply).bind(2, next_attempt_ms).bind(3, visit_id);
    if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
    return {};
}

Expected<bool> DepotStore::mailed_survey_code_matches(const std::string& visit_id, const std::string& code) {
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT code_hash FROM mailed_survey_codes WHERE visit_id = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    return row.value() && constant_time_equal(st->text(0), sha256_hex(code));
}

// Only what a mail's words need; export reads every column with received_visits.
Expected<std::optional<ReceivedVisit>> DepotStore::received_visit(const std::string& visit_id) {
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT v.visit_id, v.technician_id, v.job_id, v.template_id, v.template_version, v.seal, v.outcome, "
             "v.cause_kind, v.cause_text, v.survey_status, v.tablet_sealed_ms, coalesce(a.customer_name, '') "
             "FROM visits v LEFT JOIN assignments a ON a.visit_id = v.visit_id WHERE v.visit_id = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<ReceivedVisit>();
    ReceivedVisit v;
    v.visit_id = st->text(0);
    v.technician_id = st->text(1);
    v.job_id = st->text(2);
    v.template_id = st->text(3);
    v.template_version = st->int32(4);
    v.seal = st->text(5);
    v.outcome = st->text(6);
    v.cause_kind = st->text(7);
    v.cause_text = st->text(8);
    v.survey_status = st->text(9);
    v.tablet_sealed_ms = st->int64(10);
    v.customer_name = st->text(11);
    return std::optional<ReceivedVisit>(std::move(v));
}

}  // namespace fc
