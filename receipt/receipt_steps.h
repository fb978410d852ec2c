#pragma once
// The receipt's words for what the technician did: one field per shown, answered step, the value
// worded for the customer (receipt.cpp lays them out; receipt_steps.cpp words them).
#include <string>
#include <vector>

#include "catalogue/lang.h"
#include "checklists/visit.h"
#include "receipt/receipt.h"

namespace fc::receipt_words {

// The shown steps with an answer, in step order: "Optical power" / "-18,2 dBm (range -27 to -8 dBm): in range".
std::vector<ReceiptField> done_fields(const Visit& visit, Lang lang);
// A number as the customer's language writes it: shortest exact form, a decimal comma in Dutch.
std::string number_text(double value, Lang lang);

}  // namespace fc::receipt_words
