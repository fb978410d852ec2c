#pragma once
// OfficeContext: what every back-office page is handed: the depot's route context and the logged-in
// session (its user, role, language and form token). OfficeHandler: a page's one signature.
#include <httplib.h>

#include "sync/depot/office/office_account.h"
#include "sync/depot/routes/depot_routes.h"

namespace fc {

struct OfficeContext {
    const RouteContext& depot;
    const OfficeSession& session;

    Lang lang() const { return session.user.lang; }
    // For the parts of a page some roles see and others do not (a visit's survey).
    bool may(OfficeArea area, OfficeAccess access = OfficeAccess::Read) const {
        return fc::may(session.user.role, area, access);
    }
};

// A page or form of the back office; it runs only after the session, the role and (for a POST)
// the form token were checked (office_routes.cpp).
using OfficeHandler = void (*)(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res);

}  // namespace fc
