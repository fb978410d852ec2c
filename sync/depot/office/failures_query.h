#pragma once
// FailuresFigures: what /failures shows, read from the weekly cause roll-ups (depot_rollups.h): how
// many visits, how many not possible and why, per week and per template, and the prechecks that
// were not met with how often the intake had confirmed them.
#include <map>
#include <string>
#include <utility>

#include "checklists/expected.h"
#include "sync/depot/office/stats_filter.h"

namespace fc {

class DepotStore;

using CauseCounts = std::map<std::string, long long>;  // cause kind -> visits

struct PrecheckMisses {
    long long not_met = 0;    // visits not possible because of it
    long long confirmed = 0;  // ...of which the intake had confirmed it before departure
};

struct FailuresFigures {
    long long visits = 0;  // every visit in the range (completed or not)
    CauseCounts causes;    // the not possible ones, by cause
    std::map<int, long long> visits_per_week;
    std::map<int, CauseCounts> causes_per_week;
    std::map<std::string, long long> visits_per_template;
    std::map<std::string, CauseCounts> causes_per_template;
    std::map<std::pair<std::string, std::string>, PrecheckMisses> prechecks;  // (template, precheck)

    long long failed() const;
};

Expected<FailuresFigures> failures_figures(DepotStore& store, const StatsFilter& filter);

}  // namespace fc
