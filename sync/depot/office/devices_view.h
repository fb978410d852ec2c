#pragma once
// The devices page (GET /devices) as the enrollment form's POST also answers it when a field is
// wrong: DevicesForm is what the admin typed, sent back into the form with the problem above it.
#include <httplib.h>

#include <string>

#include "sync/depot/office/office_context.h"

namespace fc {

struct DevicesForm {
    std::string technician_id;
    std::string device;
    std::string valid_hours = "24";
    std::string problem;  // "" = none: the page as GET /devices shows it
};

// Renders and sends the page: tablets' keys, enrollment codes (never a code), bearer tokens, the form.
void send_devices_page(const OfficeContext& ctx, httplib::Response& res, int status, const DevicesForm& form);

}  // namespace fc
