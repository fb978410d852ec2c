#include "app/tablet/visit_receipt.h"

#include <array>

#include "catalogue/customer_message.h"
#include "checklists/time_format.h"
#include "sync/client/survey_key_registration.h"
#include "sync/wire/survey_code.h"

namespace fc {
namespace {

std::string link_base_setting(DeviceStore& store) {
    auto url = store.setting(kSettingSurveyPublicUrl);
    if (!url || !url->has_value()) return {};
    std::string base = url->value();
    // The receipt's facts name the base without its trailing '/', as the depot's links are made.
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
}

// Why drop a fact rather than refuse: the seal is the customer's moment at the door, and a receipt
// without a link or a name is still the customer's written record; a refused seal is nothing.
void leave_out_what_cannot_be_sealed(ReceiptFacts& facts) {
    const std::array<std::string*, 4> optional_facts{&facts.link_base, &facts.technician, &facts.company,
                                                     &facts.helpdesk};
    for (std::string* fact : optional_facts) {
        if (check_receipt_facts(facts)) return;
        fact->clear();
    }
}

}  // namespace

Expected<std::string> tablet_receipt_code(DeviceStore& store, const std::string& visit_id) {
    auto key = device_survey_key(store);
    if (!key) return key.error();
    return receipt_code(*key, visit_id);
}

Expected<ReceiptFacts> tablet_receipt_facts(DeviceStore& store, const Visit& visit, const CompanyContact& depot_contact,
                                            std::int64_t wall_ms, const std::string& code) {
    const CompanyContact contact = customer_contact(visit.checklist(), depot_contact);
    ReceiptFacts facts;
    facts.code_hash = receipt_code_hash(code);
    facts.company = contact.company;
    facts.helpdesk = contact.helpdesk;
    facts.link_base = link_base_setting(store);
    facts.technician = visit.assignment().technician_name;
    facts.utc_offset_minutes = local_utc_offset_minutes(wall_ms);
    leave_out_what_cannot_be_sealed(facts);
    if (Status s = check_receipt_facts(facts); !s) return s.error();
    return facts;
}

Expected<Receipt> tablet_receipt(DeviceStore& store, const Visit& sealed) {
    auto code = tablet_receipt_code(store, sealed.assignment().visit_id);
    if (!code) return code.error();
    return make_receipt(sealed, *code, ReceiptUse::Real);
}

Expected<std::string> tablet_receipt_pdf(DeviceStore& store, const Visit& sealed, Paper paper) {
    auto receipt = tablet_receipt(store, sealed);
    if (!receipt) return receipt.error();
    return receipt_pdf(*receipt, paper);
}

}  // namespace fc
