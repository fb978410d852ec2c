#pragma once
// Device store rows: the tokens stored in text columns and the row-level steps the DeviceStore
// verbs share (internal to sync/, not for the app).
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checklists/checklist_template.h"
#include "checklists/expected.h"
#include "checklists/visit.h"
#include "sync/store/device_store.h"
#include "sync/storage/statement_cache.h"

namespace fc {

inline constexpr const char* kAttachmentsDir = "attachments";
inline constexpr const char* kAssignmentCursorKey = "assignment_cursor";

// Why our own tokens: the file outlives any display wording, so stored values never follow
// to_string() changes made for the screen.
const char* phase_token(VisitPhase p);
std::optional<VisitPhase> phase_from_token(const std::string& s);
const char* outcome_token(Outcome o);
std::optional<Outcome> outcome_from_token(const std::string& s);
// "blocking_not_met:patch": the state, then the precheck it names. A bare red or amber state is a
// row written before badges named their precheck (see badge_needs_replay).
std::string badge_token(const PrecheckBadge& b);
std::optional<PrecheckBadge> badge_from_token(const std::string& s);
// True for such an old row: its state cannot be trusted either, since "blocking_pending" then also
// covered checks made on arrival. The visit's events tell.
bool badge_needs_replay(const PrecheckBadge& b);
std::optional<OutboxState> outbox_state_from_token(const std::string& s);

// A stored template's JSON read back; a template that no longer parses is reported as "corrupt".
Expected<std::shared_ptr<const ChecklistTemplate>> parse_stored_template(const std::string& id, int version,
                                                                         const std::string& json);
// code "not_found" when the tablet does not have (id, version).
Expected<std::shared_ptr<const ChecklistTemplate>> load_template(sqlite3* db, const std::string& id, int version);

// Recomputes the precheck badge of visits on `t` that have no events yet (inside the caller's transaction).
Status refresh_unstarted_badges(sqlite3* db, const std::shared_ptr<const ChecklistTemplate>& t);

// --- steps the visit verbs share; each runs inside the caller's transaction ---

// Templates parsed once per action: a page of 50 assignments on one template parses it once.
using TemplateCache = std::map<std::pair<std::string, int>, std::shared_ptr<const ChecklistTemplate>>;

// Stores one assignment (the rules are at its definition).
Status store_assignment(sqlite3* db, const Assignment& a, std::int64_t now_ms, TemplateCache& cache);
// A visit the depot refused goes back to the outbox when a new revision of its assignment arrives
// (device_store_set_aside.cpp).
Status requeue_set_aside_visit(sqlite3* db, const std::string& visit_id);

// The stored visit replayed through the rules; code "not_found" when the tablet does not have it.
Expected<Visit> replay_stored_visit(sqlite3* db, const std::string& visit_id);

// Appends `events` (the tail of `after`) to the stored visit, and queues it when they seal it.
Status store_visit_events(StatementCache& statements, const Visit& after, const Events& events, std::int64_t now_ms);

// True once the technician has recorded anything on the visit; intake confirmations do not count,
// so a visit only confirmed still follows the planner (rescheduled, withdrawn) like a new one.
Expected<bool> started_by_technician(sqlite3* db, const std::string& visit_id);

}  // namespace fc
