#pragma once
// Close: choosing the true cause when a visit is not possible, and the summary of a closed visit
// (outcome, the customer's to-do list and the message the customer will receive).
#include <string>

#include "app/tablet/intent.h"
#include "checklists/company_contact.h"
#include "checklists/visit.h"

namespace fc {

class TouchUi;

struct CloseUi {
    bool kind_chosen = false;
    FailureCause::Kind kind = FailureCause::Kind::Other;
    std::string precheck_id;
    std::string text;
};

// `contact`: the depot's settings, whom the customer's message tells them to call (a template may override).
Intent draw_close(TouchUi& ui, const Visit& visit, CloseUi& state, const CompanyContact& contact);

}  // namespace fc
