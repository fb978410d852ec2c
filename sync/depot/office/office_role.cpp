#include "sync/depot/office/office_role.h"

namespace fc {

bool may(OfficeRole role, OfficeArea area, OfficeAccess access) {
    switch (area) {
        case OfficeArea::Visits:
            return access == OfficeAccess::Read;  // nobody edits what a tablet sealed
        case OfficeArea::Survey:
            return access == OfficeAccess::Read && (role == OfficeRole::Quality || role == OfficeRole::Admin);
        case OfficeArea::Manage:
            return role == OfficeRole::Planner || role == OfficeRole::Admin;
        case OfficeArea::Users:
            return role == OfficeRole::Admin;
    }
    return false;
}

const char* role_name(OfficeRole role) {
    switch (role) {
        case OfficeRole::Helpdesk: return "helpdesk";
        case OfficeRole::Quality: return "quality";
        case OfficeRole::Planner: return "planner";
        case OfficeRole::Admin: return "admin";
    }
    return "helpdesk";
}

std::optional<OfficeRole> role_from_name(std::string_view name) {
    for (OfficeRole r : {OfficeRole::Helpdesk, OfficeRole::Quality, OfficeRole::Planner, OfficeRole::Admin}) {
        if (name == role_name(r)) return r;
    }
    return std::nullopt;
}

}  // namespace fc
