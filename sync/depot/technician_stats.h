#pragma once
// TechnicianStats: per-technician survey figures against the whole fleet, with the outliers a
// stated test finds (docs/statistics.md); pure maths, no SQL, so the tests can build any fleet.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fc {

// SurveySample: one filled-in or discarded survey as the statistics see it.
struct SurveySample {
    std::string technician_id;
    bool filled_in = false;  // the customer submitted it (the others only count as discarded)
    bool flagged = false;    // any integrity flag
    bool all_top = false;    // every smiley at the top of the scale
    bool discarded = false;  // customer_answers_discarded
    std::optional<std::int64_t> duration_ms;  // first answer to submit, when measurable
};

// Why 20: below it one bad week decides a technician's share; with Fisher's test and the Bonferroni
// correction a technician with fewer surveys could be flagged on a handful of visits. Nobody is
// named before they have this many filled-in surveys.
inline constexpr int kMinSurveysForOutlier = 20;
// Family-wise false-alarm rate over the whole fleet, per measure (Bonferroni divides it).
inline constexpr double kFleetAlpha = 0.01;
// Iglewicz & Hoaglin's cut-off for the modified z-score (0.6745 (x - median) / MAD).
inline constexpr double kRobustZCutoff = 3.5;
// Why also a size of effect: with twenty honest technicians whose medians sit close together the
// MAD is small, and a z of -3.5 is reached by a technician a few seconds faster than the rest (the
// fleet test found one in twelve honest fleets). Staging is not "a little faster": the median must
// also be under half the technicians' median before anyone is named.
inline constexpr double kFastShareOfFleetMedian = 0.5;

// ShareTest: a technician's count against the rest of the fleet, two-sided Fisher exact p.
struct ShareTest {
    int count = 0;
    double share = 0;        // count / surveys
    double fleet_share = 0;  // the whole fleet's share
    double p = 1;
    bool outlier = false;    // above the fleet and p below kFleetAlpha / technicians tested
};

// TechnicianStats: one technician's line of technician-stats.csv.
struct TechnicianStats {
    std::string technician_id;
    int surveys = 0;  // filled in
    int discarded = 0;
    ShareTest flagged;
    ShareTest all_top;
    std::optional<std::int64_t> median_duration_ms;
    std::optional<double> duration_z;  // modified z of the median against the technicians' medians
    bool fast_outlier = false;
    bool tested = false;  // at least kMinSurveysForOutlier surveys
    std::string outlier_reasons;  // empty: not an outlier; else each test and its figures
};

// FleetStats: the fleet's figures printed beside every technician.
struct FleetStats {
    int technicians = 0;
    int tested = 0;  // technicians with enough surveys (the Bonferroni divisor)
    int surveys = 0;
    double flagged_share = 0;
    double all_top_share = 0;
    std::optional<std::int64_t> median_duration_ms;
};

struct FleetReport {
    FleetStats fleet;
    std::vector<TechnicianStats> technicians;  // sorted by technician id
};

FleetReport technician_statistics(const std::vector<SurveySample>& samples);

// Two-sided Fisher exact test of the 2x2 table [[a, b], [c, d]] (sum of the tables no more likely
// than the one observed, margins fixed).
double fisher_exact_two_sided(int a, int b, int c, int d);

}  // namespace fc
