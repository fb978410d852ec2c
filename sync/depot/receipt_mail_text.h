#pragma once
// ReceiptMailWords: the receipt mail's subject and text in the template's language: the company,
// the visit, what the receipt says in short, its link, and the mailed survey link when there is one.
#include <string>

#include "catalogue/lang.h"
#include "checklists/company_contact.h"
#include "sync/depot/depot_store.h"

namespace fc {

struct ReceiptMailWords {
    std::string subject;
    std::string text;
};

// `receipt_link` and `survey_link` are full URLs, "" when the mail carries none.
ReceiptMailWords receipt_mail_words(Lang lang, const ReceivedVisit& visit, const CompanyContact& contact,
                                    const std::string& receipt_link, const std::string& survey_link, bool pdf_attached);

}  // namespace fc
