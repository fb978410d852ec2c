#pragma once
// The demo day's assignments: six realistic visits both programs show, so a newcomer sees a real day at once.
#include <cstdint>
#include <string>
#include <vector>

#include "checklists/assignment.h"
#include "checklists/checklist_template.h"
#include "checklists/precheck_confirmation.h"

namespace fc {

// Six visits around Utrecht on the day starting at `day_start_ms` (local midnight): fiber, DSL on an
// alarm line, Wi-Fi activation; one third attempt after two failures (escalation), Dutch and English
// customers. Template versions are 1; the programs use the newest version they have.
std::vector<Assignment> demo_assignments(std::int64_t day_start_ms, const std::string& technician_id);

// The suffix of the demo visit whose operator patch is not confirmed yet (story 000): it stays red.
inline constexpr const char* kOpenPatchVisitSuffix = "-04";

// What the planner confirmed for demo visit `a` the evening before (18:00): every before-departure
// precheck of its template `t`, except the blocking ones of the visit whose patch is still open, so
// that of the day's fiber visits only that one stays red (story 000).
std::vector<PrecheckConfirmation> demo_confirmations(const Assignment& a, const ChecklistTemplate& t, std::int64_t day_start_ms);

}  // namespace fc
