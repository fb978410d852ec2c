#pragma once
// Route replies: how every depot route answers (a JSON body, or an error whose status comes from
// the one table in http_status.h).
#include <httplib.h>

#include "checklists/expected.h"
#include "sync/depot/depot_ingest.h"

namespace fc {

inline constexpr const char* kJsonType = "application/json";

// Sets the status and the JSON body of `r`.
void reply(httplib::Response& res, const DepotReply& r);

// An error answer: the status from http_status(e.code), the body {"error","message"}.
void reply_error(httplib::Response& res, const Error& e);

// For answers given before the request body was read: the unread bytes would otherwise be taken for
// the next request on this keep-alive connection.
void reply_error_and_close(httplib::Response& res, const Error& e);

}  // namespace fc
