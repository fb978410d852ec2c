#pragma once
// Prechecks: what must hold before driving out and on arrival; a blocking one not met ends the visit.
#include <string>

#include "app/tablet/intent.h"
#include "checklists/company_contact.h"
#include "checklists/visit.h"

namespace fc {

class TouchUi;

// PrechecksUi: a blocking precheck tapped "not met" waits here for the technician's confirmation,
// because the engine closes the visit on it at once (a glove slip must not end a visit).
struct PrechecksUi {
    std::string confirm_not_met;
};

// `contact`: the depot's settings, for the customer's message previewed before a not-met is confirmed.
Intent draw_prechecks(TouchUi& ui, const Visit& visit, PrechecksUi& state, const CompanyContact& contact);

}  // namespace fc
