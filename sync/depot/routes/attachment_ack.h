#pragma once
// The answer to "does the depot hold this attachment?" once it does, shared by the HEAD and PUT routes.
#include <string>

#include "sync/depot/depot_ingest.h"
#include "sync/depot/depot_store.h"

namespace fc {

// 200 with {"sha256","bytes"}: the size of the file the depot holds under `sha` (0 if unreadable).
DepotReply held_attachment_reply(const DepotStore& store, const std::string& sha);

// The 400 for an attachment path that is not 64 lowercase hex digits.
Error bad_attachment_name();

}  // namespace fc
