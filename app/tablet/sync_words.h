#pragma once
// sync_words: what the Sync screen says about a pass and each waiting visit, in the technician's
// language, from typed errors and counts (never the English sentences the store keeps for logs).
#include <string>

#include "app/tablet/strings.h"
#include "sync/client/sync_loop.h"
#include "sync/store/device_store.h"

namespace fc {

// "Sending visit J-1042 (2 of 3) · picture 2 of 4"; `name` is how the screen names the visit.
std::string progress_text(const SyncProgress& p, const std::string& name, const Strings& t);
// How far the pass is, 0..1: whole visits done plus the share of the current one's files.
float progress_fraction(const SyncProgress& p);

// "3 visits sent, 1 waiting. The depot cannot be reached." — "" before any pass ended.
std::string pass_result_text(const SyncPassResult& r, const Strings& t);

// Why this visit waits or was set aside, from its last error's code; the stored sentence only for a
// code this build does not know (a newer depot's).
std::string visit_reason_text(const OutboxItem& item, const Strings& t);
// What the technician does about it: nothing (it goes by itself), enroll again, call the planner
// or the helpdesk. "" for a sent visit.
std::string visit_next_step_text(const OutboxItem& item, const Strings& t);

}  // namespace fc
