#pragma once
// The depot's CompanyContact as the down-sync keeps it in the device store's settings ("company",
// "helpdesk"), for the customer's message on the tablet.
#include "checklists/company_contact.h"
#include "sync/store/device_store.h"

namespace fc {

// What the store holds; an empty field when it holds nothing or cannot be read, so the message says
// "our helpdesk" rather than failing or inventing a number.
CompanyContact contact_setting(DeviceStore& store);

}  // namespace fc
