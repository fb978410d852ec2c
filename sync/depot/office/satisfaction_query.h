#pragma once
// SatisfactionFigures: what /satisfaction shows, read from the weekly score roll-ups
// (depot_rollups.h: a few thousand rows for a year, never the visits): per touchpoint the smileys'
// counts and the weekly trend, per technician and per template; flagged answers counted apart.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "checklists/expected.h"
#include "sync/depot/office/stats_filter.h"

namespace fc {

class DepotStore;

// ScoreCounts: how many answers gave each smiley (n[0] = 1 .. n[4] = 5).
struct ScoreCounts {
    std::array<long long, 5> n{};

    long long total() const;
    double mean() const;  // NaN when nobody answered
    ScoreCounts& operator+=(const ScoreCounts& other);
};

using TouchpointCounts = std::map<std::string, ScoreCounts>;  // by touchpoint

struct SatisfactionFigures {
    TouchpointCounts plain;    // answers of unflagged surveys: the numbers
    TouchpointCounts flagged;  // answers of flagged surveys: shown apart, never mixed in
    std::map<std::string, std::map<int, ScoreCounts>> trend;  // touchpoint -> week -> plain answers
    std::map<std::string, TouchpointCounts> technicians;      // plain answers per technician
    std::map<std::string, long long> technicians_flagged;     // flagged answers per technician
    std::map<std::string, TouchpointCounts> templates;
    std::map<std::string, long long> templates_flagged;
    std::vector<std::string> technician_choices;  // everyone with answers in the range
};

Expected<SatisfactionFigures> satisfaction_figures(DepotStore& store, const StatsFilter& filter);

}  // namespace fc
