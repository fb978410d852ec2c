#pragma once
// IntegrityFigures: what /integrity shows: the technicians' survey statistics over a date range
// (technician_stats.h, from the survey_samples roll-up: one small row per survey, never a record)
// and one page of the flagged surveys, newest first, with their flags.
#include <cstdint>
#include <string>
#include <vector>

#include "checklists/expected.h"
#include "checklists/survey_integrity.h"
#include "sync/depot/office/stats_filter.h"
#include "sync/depot/technician_stats.h"

namespace fc {

class DepotStore;

inline constexpr int kFlaggedPerPage = 50;

struct FlaggedSurvey {
    std::string visit_id;
    std::string technician_id;
    std::string template_id;
    std::int64_t sealed_ms = 0;
    std::vector<SurveyFlag> flags;
};

struct IntegrityFigures {
    FleetReport report;
    long long flagged_total = 0;         // flagged surveys in the range
    std::vector<FlaggedSurvey> flagged;  // page `page` of them
    bool more = false;
};

// `page` counts from 0.
Expected<IntegrityFigures> integrity_figures(DepotStore& store, const StatsFilter& filter, int page);

}  // namespace fc
