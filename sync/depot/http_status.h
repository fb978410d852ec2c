#pragma once
// http_status: the one table from an error code to the HTTP status the depot answers with.
#include "checklists/error_code.h"

namespace fc {

// Every code has exactly one row; a new code without one does not compile.
int http_status(ErrorCode code);

// The reason phrase of a status line the depot writes itself (before cpp-httplib has a request).
const char* reason_phrase(int status);

}  // namespace fc
