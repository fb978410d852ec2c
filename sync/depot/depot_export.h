#pragma once
// DepotExport: received visits as the back office reads them (outcome, true cause, survey scores
// per touchpoint, integrity flags, serials and photo count), in CSV for a spreadsheet or JSON for a program.
#include <cstdint>
#include <string>
#include <vector>

#include "sync/depot/depot_store.h"
#include "sync/depot/technician_stats.h"

namespace fc {

// The four touchpoints of story 5, one CSV column each; other touchpoints appear in the JSON only.
inline constexpr const char* kExportTouchpoints[] = {"appointment", "arrival", "explanation", "result"};

// RFC 4180, one header line, CRLF line ends. A cell a spreadsheet would run as a formula
// (starting with = + - @ or a tab) gets a leading apostrophe: the text comes from tablets.
std::string export_visits_csv(const std::vector<ReceivedVisit>& visits);
// {"visits":[…]} in canonical JSON, one object per visit, in the order the depot received them.
std::string export_visits_json(const std::vector<ReceivedVisit>& visits);

// Visits the depot refused, as their tablets reported them (depot_export_set_aside.cpp): a file of
// their own, since none of them is a received visit. Open reports first; a resolved one says when
// the visit arrived after all.
std::string export_set_aside_csv(const std::vector<SetAsideReport>& reports);
// {"set_aside":[…]} in canonical JSON.
std::string export_set_aside_json(const std::vector<SetAsideReport>& reports);
// One planner's line: who, which visit, why it was refused, and whether it has arrived since.
std::string set_aside_line(const SetAsideReport& r);

// One RFC 4180 cell, formula-safe (see export_visits_csv).
std::string csv_cell(const std::string& s);
// The top of the smiley scale: a survey whose every smiley is this counts as "all top".
inline constexpr int kTopScore = 5;

// The surveys the statistics count: submitted, or declined after the customer had answered; the
// duration is measured on each visit's sealed events.
std::vector<SurveySample> survey_samples(const std::vector<ReceivedVisit>& visits);
// technician-stats.csv: one line per technician with the fleet's figures beside, the p-values and
// whether (and by which test) the technician is an outlier. RFC 4180 like the visits' CSV.
std::string export_technician_stats_csv(const FleetReport& report);

}  // namespace fc
