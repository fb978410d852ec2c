#pragma once
// The received visit replayed: the record the depot stored, decoded and walked through the engine's
// rules again under its template, the one way every depot reader (the receipt, the back office's
// visit page) turns stored bytes back into a Visit.
#include <optional>
#include <string>

#include "checklists/expected.h"
#include "checklists/visit.h"
#include "sync/depot/depot_store.h"

namespace fc {

// nullopt when the visit has not arrived; `corrupt` when the stored record no longer replays
// (a file edited by hand: ingest replayed it before storing it).
Expected<std::optional<Visit>> replay_received_visit(DepotStore& store, const std::string& visit_id);

}  // namespace fc
