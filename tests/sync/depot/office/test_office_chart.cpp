// The chart module: inline SVG with every label escaped, no style attribute or script, bars in
// the order a Pareto needs, labels cut on whole characters, and nothing at all for no data.
#include <doctest/doctest.h>

#include "sync/depot/office/office_chart.h"

using namespace fc;

TEST_CASE("chart: labels and titles are escaped, and no chart carries a style attribute or a script") {
    const std::vector<ChartBar> bars{{"<script>x</script>", 3, "3"}, {"\"quoted' & <b>", 1, "1"}};
    for (const std::string& svg : {bar_chart_svg("<t>", bars), pareto_svg("<t>", bars, "<c>"),
                                   trend_svg("<t>", {{"<w>", 4.5, "<v>"}, {"w2", std::nullopt, "–"}}, 1, 5),
                                   distribution_svg("<t>", {{"<d>", {1, 2, 3, 4, 5}}})}) {
        CAPTURE(svg);
        REQUIRE_FALSE(svg.empty());
        CHECK(svg.rfind("<svg class=\"chart\"", 0) == 0);
        CHECK(svg.find("&lt;t&gt;") != std::string::npos);
        CHECK(svg.find("<t>") == std::string::npos);
        CHECK(svg.find("<script") == std::string::npos);
        CHECK(svg.find("<b>") == std::string::npos);
        CHECK(svg.find("style=") == std::string::npos);
    }
}

TEST_CASE("chart: no data is no chart, so the page can say so in a sentence") {
    CHECK(bar_chart_svg("t", {}).empty());
    CHECK(pareto_svg("t", {}, "c").empty());
    CHECK(trend_svg("t", {{"w1", std::nullopt, "–"}}, 1, 5).empty());
    CHECK(distribution_svg("t", {{"d", {0, 0, 0, 0, 0}}}).empty());
}

TEST_CASE("chart: a Pareto draws the largest bar first and its cumulative line ends at 100 %") {
    const std::string svg = pareto_svg("t", {{"small", 1, "1"}, {"large", 3, "3"}}, "cumulative");
    CHECK(svg.find("<title>large: 3 (75 %)</title>") < svg.find("<title>small: 1 (100 %)</title>"));
    CHECK(svg.find("class=\"cumulative\"") != std::string::npos);
}

TEST_CASE("chart: a long label is cut on a whole character, never inside one") {
    const std::string long_label = std::string(30, 'a') + "ééé";
    CHECK(chart_label(long_label, 28) == std::string(28, 'a') + "…");
    CHECK(chart_label("ééééé", 3) == "ééé…");
    CHECK(chart_label("short") == "short");
}
