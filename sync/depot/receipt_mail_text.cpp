// The receipt mail's words. The cause is told as the customer's own message tells it (the
// customer.cause.* keys), never in the planner's words: story 000's customer was lied to by mail.
#include "sync/depot/receipt_mail_text.h"

#include "catalogue/catalogue.h"

namespace fc {
namespace {

std::string what_happened(Lang lang, const ReceivedVisit& v) {
    if (v.outcome == "completed") return text(lang, "mail.receipt.completed", {{"job", v.job_id}});
    if (v.cause_kind == "precheck_not_met") {
        return text(lang, "customer.cause.precheck_not_met", {{"precheck", text(lang, "customer.precheck.unknown")}});
    }
    const std::string key = "customer.cause." + (v.cause_kind.empty() ? std::string("other") : v.cause_kind);
    const std::string next = "customer.next." + (v.cause_kind.empty() ? std::string("other") : v.cause_kind);
    return text(lang, key, {{"reason", v.cause_text}}) + "\n" + text(lang, next);
}

}  // namespace

ReceiptMailWords receipt_mail_words(Lang lang, const ReceivedVisit& v, const CompanyContact& contact,
                                    const std::string& receipt_link, const std::string& survey_link, bool pdf_attached) {
    const std::string company = contact.company.empty() ? text(lang, "mail.receipt.company_unnamed") : contact.company;
    ReceiptMailWords words;
    words.subject = text(lang, "mail.receipt.subject", {{"company", company}, {"visit", v.visit_id}});
    std::string& t = words.text;
    t = text(lang, "mail.receipt.greeting", {{"customer", v.customer_name}}) + "\n\n";
    t += text(lang, "mail.receipt.intro", {{"company", company}, {"visit", v.visit_id}}) + "\n\n";
    t += what_happened(lang, v) + "\n\n";
    if (!receipt_link.empty()) t += text(lang, "mail.receipt.link", {{"link", receipt_link}}) + "\n\n";
    if (pdf_attached) t += text(lang, "mail.receipt.attached") + "\n\n";
    if (!survey_link.empty()) t += text(lang, "mail.receipt.survey", {{"link", survey_link}}) + "\n\n";
    if (!contact.helpdesk.empty()) t += text(lang, "mail.receipt.helpdesk", {{"helpdesk", contact.helpdesk}}) + "\n\n";
    t += text(lang, "mail.receipt.signature") + "\n" + company + "\n";
    return words;
}

}  // namespace fc
