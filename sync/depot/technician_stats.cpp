#include "technician_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace fc {
namespace {

double log_choose(int n, int k) { return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0); }

template <typename T>
std::optional<double> median_of(std::vector<T> values) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    if (values.size() % 2 == 1) return static_cast<double>(values[mid]);
    return (static_cast<double>(values[mid - 1]) + static_cast<double>(values[mid])) / 2.0;
}

std::string figure(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

struct Tally {
    int surveys = 0;
    int discarded = 0;
    int flagged = 0;
    int all_top = 0;
    std::vector<std::int64_t> durations;
};

// The technician against the rest of the fleet; only a share ABOVE the rest's is an outlier (a
// technician with fewer flags than the fleet is not suspicious for it).
ShareTest share_test(int count, int n, int fleet_count, int fleet_n, double threshold, bool tested) {
    ShareTest t;
    t.count = count;
    t.share = n ? static_cast<double>(count) / n : 0;
    t.fleet_share = fleet_n ? static_cast<double>(fleet_count) / fleet_n : 0;
    const int rest_count = fleet_count - count;
    const int rest_n = fleet_n - n;
    t.p = fisher_exact_two_sided(count, n - count, rest_count, rest_n - rest_count);
    const double rest_share = rest_n ? static_cast<double>(rest_count) / rest_n : 0;
    t.outlier = tested && t.share > rest_share && t.p < threshold;
    return t;
}

void judge_durations(FleetReport& report) {
    std::vector<double> medians;
    for (const TechnicianStats& t : report.technicians) {
        if (t.tested && t.median_duration_ms) medians.push_back(static_cast<double>(*t.median_duration_ms));
    }
    const auto centre = median_of(medians);
    if (!centre) return;
    std::vector<double> deviations;
    for (double m : medians) deviations.push_back(std::abs(m - *centre));
    const auto mad = median_of(deviations);
    if (!mad || *mad <= 0) return;  // every median equal: nothing stands out
    for (TechnicianStats& t : report.technicians) {
        if (!t.tested || !t.median_duration_ms) continue;
        t.duration_z = 0.6745 * (static_cast<double>(*t.median_duration_ms) - *centre) / *mad;
        // Only the fast side: a slow customer is not a staged survey.
        t.fast_outlier = *t.duration_z < -kRobustZCutoff &&
                         static_cast<double>(*t.median_duration_ms) < kFastShareOfFleetMedian * *centre;
    }
}

void write_reasons(TechnicianStats& t, double threshold) {
    const auto add = [&](const std::string& s) { t.outlier_reasons += (t.outlier_reasons.empty() ? "" : "; ") + s; };
    const std::string fisher = " (Fisher exact two-sided against the rest of the fleet, p=";
    const std::string bonf = " < " + figure(threshold) + " Bonferroni)";
    if (t.all_top.outlier) add("all_top_share " + figure(t.all_top.share) + " vs fleet " + figure(t.all_top.fleet_share) + fisher + figure(t.all_top.p) + bonf);
    if (t.flagged.outlier) add("flagged_share " + figure(t.flagged.share) + " vs fleet " + figure(t.flagged.fleet_share) + fisher + figure(t.flagged.p) + bonf);
    if (t.fast_outlier) add("median_survey_ms " + std::to_string(*t.median_duration_ms) + " (modified z " + figure(*t.duration_z) + " < -" + figure(kRobustZCutoff) + " over technicians' medians, MAD, and under " + figure(kFastShareOfFleetMedian) + " of their median)");
}

}  // namespace

double fisher_exact_two_sided(int a, int b, int c, int d) {
    const int row1 = a + b, col1 = a + c, n = a + b + c + d;
    if (n == 0) return 1;
    const auto log_p = [&](int x) { return log_choose(row1, x) + log_choose(n - row1, col1 - x) - log_choose(n, col1); };
    const double observed = log_p(a);
    double p = 0;
    // Relative tolerance: tables as likely as the observed one, up to rounding, count as "as extreme".
    for (int x = std::max(0, col1 - (n - row1)); x <= std::min(row1, col1); ++x) {
        const double lp = log_p(x);
        if (lp <= observed + 1e-7) p += std::exp(lp);
    }
    return std::min(1.0, p);
}

FleetReport technician_statistics(const std::vector<SurveySample>& samples) {
    std::map<std::string, Tally> by;
    Tally all;
    for (const SurveySample& s : samples) {
        Tally& t = by[s.technician_id];
        if (s.discarded) ++t.discarded;
        if (!s.filled_in) continue;
        for (Tally* x : {&t, &all}) {
            ++x->surveys;
            x->flagged += s.flagged ? 1 : 0;
            x->all_top += s.all_top ? 1 : 0;
            if (s.duration_ms) x->durations.push_back(*s.duration_ms);
        }
    }
    FleetReport r;
    r.fleet.technicians = static_cast<int>(by.size());
    r.fleet.surveys = all.surveys;
    for (const auto& [id, t] : by) r.fleet.tested += t.surveys >= kMinSurveysForOutlier ? 1 : 0;
    r.fleet.flagged_share = all.surveys ? static_cast<double>(all.flagged) / all.surveys : 0;
    r.fleet.all_top_share = all.surveys ? static_cast<double>(all.all_top) / all.surveys : 0;
    if (auto m = median_of(all.durations)) r.fleet.median_duration_ms = std::llround(*m);
    const double threshold = kFleetAlpha / std::max(1, r.fleet.tested);
    for (const auto& [id, t] : by) {
        TechnicianStats s;
        s.technician_id = id;
        s.surveys = t.surveys;
        s.discarded = t.discarded;
        s.tested = t.surveys >= kMinSurveysForOutlier;
        s.flagged = share_test(t.flagged, t.surveys, all.flagged, all.surveys, threshold, s.tested);
        s.all_top = share_test(t.all_top, t.surveys, all.all_top, all.surveys, threshold, s.tested);
        if (auto m = median_of(t.durations)) s.median_duration_ms = std::llround(*m);
        r.technicians.push_back(std::move(s));
    }
    judge_durations(r);
    for (TechnicianStats& s : r.technicians) write_reasons(s, threshold);
    return r;
}

}  // namespace fc
