#include "sync/depot/routes/route_replies.h"

namespace fc {

void reply(httplib::Response& res, const DepotReply& r) {
    res.status = r.status;
    res.set_content(r.body, kJsonType);
}

void reply_error(httplib::Response& res, const Error& e) {
    reply(res, depot_error_reply(e));
    // PostgreSQL restarting: the tablet's outbox waits this long, then sends again (nothing was stored).
    if (e.code == ErrorCode::database_unavailable) res.set_header("Retry-After", "5");
}

void reply_error_and_close(httplib::Response& res, const Error& e) {
    reply_error(res, e);
    res.set_header("Connection", "close");
}

}  // namespace fc
