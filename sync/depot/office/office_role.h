#pragma once
// OfficeRole: what a back-office account may do; OfficeArea: the parts of the back office a role
// is allowed to read or change (the table, in one function every page and route asks).
#include <optional>
#include <string>
#include <string_view>

namespace fc {

enum class OfficeRole { Helpdesk, Quality, Planner, Admin };

// visits: visits, histories, causes; survey: scores, comments, flags, statistics; manage:
// templates, planning, devices; users: back-office accounts.
enum class OfficeArea { Visits, Survey, Manage, Users };
enum class OfficeAccess { Read, Write };

bool may(OfficeRole role, OfficeArea area, OfficeAccess access);

// "helpdesk" | "quality" | "planner" | "admin" (the store's and the command line's word).
const char* role_name(OfficeRole role);
std::optional<OfficeRole> role_from_name(std::string_view name);

}  // namespace fc
