#pragma once
// The depot's routes, one function each (one file each in this folder), all of one signature.
// RouteContext: what every route is handed: the store, the server's options, the clock, the token
// check and the depot's signing key.
#include <httplib.h>

#include "sync/depot/depot_server.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/routes/device_authorization.h"
#include "sync/depot/visit_commit_queue.h"

namespace fc {

struct RouteContext {
    DepotStore& store;
    const DepotServerOptions& options;
    Clock& clock;  // the program's one clock: receipts are stamped with its wall time
    DeviceAuthorization& authorization;
    const SigningKey& depot_key;  // the depot's own key (depot_key.h): receipts are signed with it
    BadTokenThrottle& bad_codes;  // wrong enrollment codes per address (the enroll route takes no token)
    BadTokenThrottle& bad_logins;  // failed back-office logins, per client address and per account name
    VisitCommitQueue& commits;     // received visits are committed in groups (visit_commit_queue.h)
};

// `body` reads the request's body on a PUT or POST route; it is nullptr on a GET route (the request guard
// has already refused a body there).
using DepotRouteHandler = void (*)(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader* body);

// GET /healthz: the depot is up (no token needed).
void healthz_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);
// GET /api/v1/templates: every template id and version the depot serves.
void templates_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);
// GET /api/v1/templates/{id}/{version}: one template's JSON as imported.
void template_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);
// GET /api/v1/assignments[?since=CURSOR]: the caller's assignments, a page at a time.
void assignments_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);
// GET (and HEAD) /api/v1/attachments/{sha256}: does the depot hold this file?
void attachment_head_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);
// PUT /api/v1/attachments/{sha256}: a photo or signature, stored under its own hash.
void attachment_put_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);
// PUT /api/v1/visits/{id}: a sealed visit record; the depot replays it and answers with a receipt.
void visit_put_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);
// PUT /api/v1/set-aside/{visit}: a tablet's report that the depot refused that visit (wire_set_aside.h).
void set_aside_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);

// POST /api/v1/enroll: a one-time code and the tablet's new public key; no token needed.
void enroll_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);
// PUT /api/v1/device-key: a tablet enrolled with a bearer token registers the key it made.
void device_key_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);

// PUT /api/v1/survey-key: the tablet's survey key; answers with the depot's public URL.
void survey_key_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);
// GET /s/{visit}/{code}: the customer's own phone's survey page (sync/depot/web/).
void phone_survey_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);
// POST /s/{visit}/{code}: the phone's answers, checked and stored once.
void phone_survey_post_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);
// GET /r/{visit}/{code}[.pdf[?paper=80mm]]: the customer's receipt, re-rendered from the received record.
void receipt_route(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);
// GET /static/site.css: the pages' one stylesheet.
void site_css(const RouteContext&, const httplib::Request&, httplib::Response&, const httplib::ContentReader*);

}  // namespace fc
