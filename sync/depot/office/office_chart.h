#pragma once
// Charts of the back office's statistics, drawn by the server as inline SVG: no script, colours by
// CSS class (office.css: the pages' CSP forbids inline styles), every label escaped (they are
// template and technician names), readable in print. Each function returns "" for no data: the
// page then says so in a sentence. Every chart goes beside a table holding the same numbers.
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace fc {

// ChartBar: one bar: its label, its height and the number as the page writes it ("12", "3,5").
struct ChartBar {
    std::string label;
    double value = 0;
    std::string value_text;
};

// TrendPoint: one point of a line, e.g. one week's mean; no value = a gap (nobody answered).
struct TrendPoint {
    std::string label;
    std::optional<double> value;
    std::string value_text;
};

// DistributionRow: one stacked bar of the five smileys' counts (1 = worst .. 5 = best).
struct DistributionRow {
    std::string label;
    std::array<long long, 5> counts{};
};

// Horizontal bars in the order given.
std::string bar_chart_svg(const std::string& title, const std::vector<ChartBar>& bars);
// A Pareto chart: bars sorted by value, largest first, and the cumulative share (0-100 %) as a
// line over them, its axis on the right labelled `cumulative_label`.
std::string pareto_svg(const std::string& title, std::vector<ChartBar> bars, const std::string& cumulative_label);
// A line over the points in the order given, on a fixed vertical scale y_min..y_max (five grid lines).
std::string trend_svg(const std::string& title, const std::vector<TrendPoint>& points, double y_min, double y_max);
// One 100 % bar per row, split into the five smileys (classes s1..s5).
std::string distribution_svg(const std::string& title, const std::vector<DistributionRow>& rows);

// A label cut to `max_chars` characters (UTF-8 safe, with "…") for an axis; the full one goes in the table.
std::string chart_label(const std::string& label, std::size_t max_chars = 28);

}  // namespace fc
