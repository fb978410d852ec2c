// Why Mustache for SVG too: every label and number goes through its escaping, as on the pages, so a
// technician called "<script>" is text in the chart as well. Coordinates are computed here in a
// fixed viewBox; the SVG scales with the page (CSS) and prints as vectors.
#include "sync/depot/office/office_chart.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "sync/depot/web/web_page.h"

namespace fc {
namespace {

constexpr double kWidth = 720;
constexpr double kLabelWidth = 190;  // left margin of horizontal bars
constexpr double kRowHeight = 22;

// A coordinate in the C locale (a Dutch locale's comma would break the SVG), one decimal.
std::string num(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, std::round(v * 10) / 10, std::chars_format::fixed, 1);
    return std::string(buf, r.ptr);
}


PageData frame(const std::string& title, double height) {
    PageData d;
    d.set("title", title);
    d.set("w", num(kWidth));
    d.set("h", num(height));
    return d;
}

constexpr const char* kOpen =
    R"svg(<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{w}} {{h}}" role="img" aria-label="{{title}}"><title>{{title}}</title>)svg";

constexpr const char* kBars = R"svg({{#bars}}<g><title>{{label}}: {{value}}</title>
<text x="{{lx}}" y="{{ty}}" text-anchor="end">{{short}}</text><rect class="bar" x="{{x}}" y="{{y}}" width="{{bw}}" height="{{bh}}"/>
<text x="{{vx}}" y="{{ty}}">{{value}}</text></g>{{/bars}}</svg>)svg";

constexpr const char* kPareto = R"svg({{#grid}}<line class="grid" x1="{{x1}}" y1="{{y}}" x2="{{x2}}" y2="{{y}}"/>
<text x="{{rx}}" y="{{ty}}">{{pct}}</text>{{/grid}}<text x="{{rx}}" y="12">{{cumulative}}</text>
{{#bars}}<g><title>{{label}}: {{value}} ({{pct}})</title><rect class="bar" x="{{x}}" y="{{y}}" width="{{bw}}" height="{{bh}}"/>
<text x="{{cx}}" y="{{vy}}" text-anchor="middle">{{value}}</text>
<text x="{{cx}}" y="{{ly}}" text-anchor="end" transform="rotate(-35 {{cx}} {{ly}})">{{short}}</text></g>{{/bars}}
<polyline class="cumulative" points="{{line}}"/>{{#bars}}<circle class="cumulative-dot" cx="{{cx}}" cy="{{py}}" r="3"/>{{/bars}}</svg>)svg";

constexpr const char* kTrend = R"svg({{#grid}}<line class="grid" x1="50" y1="{{y}}" x2="{{x2}}" y2="{{y}}"/>
<text x="44" y="{{ty}}" text-anchor="end">{{label}}</text>{{/grid}}<line class="axis" x1="50" y1="{{base}}" x2="{{x2}}" y2="{{base}}"/>
{{#lines}}<polyline class="line" points="{{points}}"/>{{/lines}}
{{#points}}<g><title>{{label}}: {{value}}</title><circle class="dot" cx="{{x}}" cy="{{y}}" r="3"/></g>{{/points}}
{{#ticks}}<text x="{{x}}" y="{{y}}" text-anchor="end" transform="rotate(-45 {{x}} {{y}})">{{label}}</text>{{/ticks}}</svg>)svg";

constexpr const char* kDistribution = R"svg({{#rows}}<g><title>{{label}}</title>
<text x="{{lx}}" y="{{ty}}" text-anchor="end">{{short}}</text>{{#parts}}<rect class="s{{score}}" x="{{x}}" y="{{y}}" width="{{w}}" height="{{bh}}"><title>{{score}}: {{count}}</title></rect>{{/parts}}
<text x="{{nx}}" y="{{ty}}">n = {{n}}</text></g>{{/rows}}</svg>)svg";

std::string svg(const PageData& head, const char* body, const PageData& data) {
    return render_view(kOpen, head) + render_view(body, data);
}

}  // namespace

std::string chart_label(const std::string& label, std::size_t max_chars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < label.size(); ++i) {
        // Count code points: a continuation byte (10xxxxxx) belongs to the one before it.
        if ((static_cast<unsigned char>(label[i]) & 0xC0) == 0x80) continue;
        if (chars == max_chars) return label.substr(0, i) + "…";
        ++chars;
    }
    return label;
}

std::string bar_chart_svg(const std::string& title, const std::vector<ChartBar>& bars) {
    if (bars.empty()) return {};
    double top = 0;
    for (const ChartBar& b : bars) top = std::max(top, b.value);
    const double span = kWidth - kLabelWidth - 70;
    PageData rows = page_list();
    double y = 6;
    for (const ChartBar& b : bars) {
        PageData r;
        const double w = top > 0 ? span * b.value / top : 0;
        r.set("label", b.label);
        r.set("short", chart_label(b.label));
        r.set("value", b.value_text);
        r.set("lx", num(kLabelWidth - 6));
        r.set("x", num(kLabelWidth));
        r.set("y", num(y));
        r.set("bw", num(w));
        r.set("bh", num(kRowHeight - 6));
        r.set("ty", num(y + kRowHeight - 10));
        r.set("vx", num(kLabelWidth + w + 4));
        rows.push_back(r);
        y += kRowHeight;
    }
    PageData d;
    d.set("bars", rows);
    return svg(frame(title, y + 6), kBars, d);
}

std::string pareto_svg(const std::string& title, std::vector<ChartBar> bars, const std::string& cumulative_label) {
    if (bars.empty()) return {};
    std::stable_sort(bars.begin(), bars.end(), [](const ChartBar& a, const ChartBar& b) { return a.value > b.value; });
    double total = 0;
    for (const ChartBar& b : bars) total += b.value;
    const double left = 40, right = kWidth - 60, top = 24, base = 220, height = base - top;
    const double slot = (right - left) / static_cast<double>(bars.size());
    const double highest = bars.front().value > 0 ? bars.front().value : 1;
    PageData grid = page_list();
    for (int pct = 0; pct <= 100; pct += 25) {
        PageData g;
        const double gy = base - height * pct / 100.0;
        g.set("x1", num(left));
        g.set("x2", num(right));
        g.set("y", num(gy));
        g.set("ty", num(gy + 4));
        g.set("rx", num(right + 6));
        g.set("pct", std::to_string(pct) + " %");
        grid.push_back(g);
    }
    PageData rows = page_list();
    std::string line;
    double running = 0;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const ChartBar& b = bars[i];
        running += b.value;
        const double cx = left + slot * (static_cast<double>(i) + 0.5);
        const double bh = height * b.value / highest;
        const double py = base - (total > 0 ? height * running / total : 0);
        PageData r;
        r.set("label", b.label);
        r.set("short", chart_label(b.label, 22));
        r.set("value", b.value_text);
        r.set("pct", std::to_string(static_cast<int>(std::lround(total > 0 ? 100 * running / total : 0))) + " %");
        r.set("x", num(cx - slot * 0.35));
        r.set("bw", num(slot * 0.7));
        r.set("y", num(base - bh));
        r.set("bh", num(bh));
        r.set("cx", num(cx));
        r.set("vy", num(base - bh - 4));
        r.set("ly", num(base + 14));
        r.set("py", num(py));
        line += (line.empty() ? "" : " ") + num(cx) + "," + num(py);
        rows.push_back(r);
    }
    PageData d;
    d.set("grid", grid);
    d.set("bars", rows);
    d.set("line", line);
    d.set("rx", num(right + 6));
    d.set("cumulative", cumulative_label);
    return svg(frame(title, base + 130), kPareto, d);
}

std::string trend_svg(const std::string& title, const std::vector<TrendPoint>& points, double y_min, double y_max) {
    const bool any = std::any_of(points.begin(), points.end(), [](const TrendPoint& p) { return p.value.has_value(); });
    if (!any || y_max <= y_min) return {};
    const double left = 50, right = kWidth - 10, top = 10, base = 190;
    const double step = points.size() > 1 ? (right - left - 10) / static_cast<double>(points.size() - 1) : 0;
    const auto y_of = [&](double v) { return base - (base - top) * (std::clamp(v, y_min, y_max) - y_min) / (y_max - y_min); };
    PageData grid = page_list();
    for (int i = 0; i <= 4; ++i) {
        const double v = y_min + (y_max - y_min) * i / 4;
        PageData g;
        g.set("y", num(y_of(v)));
        g.set("ty", num(y_of(v) + 4));
        g.set("x2", num(right));
        const std::string label = num(v);
        g.set("label", label.size() > 2 && label.substr(label.size() - 2) == ".0" ? label.substr(0, label.size() - 2) : label);
        grid.push_back(g);
    }
    PageData lines = page_list(), dots = page_list(), ticks = page_list();
    std::string run;  // a gap (a week nobody answered) ends one line and starts the next
    const std::size_t every = std::max<std::size_t>(1, points.size() / 13);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double x = left + 10 + step * static_cast<double>(i);
        const TrendPoint& p = points[i];
        if (p.value) {
            run += (run.empty() ? "" : " ") + num(x) + "," + num(y_of(*p.value));
            PageData dot;
            dot.set("x", num(x));
            dot.set("y", num(y_of(*p.value)));
            dot.set("label", p.label);
            dot.set("value", p.value_text);
            dots.push_back(dot);
        } else if (!run.empty()) {
            PageData l;
            l.set("points", run);
            lines.push_back(l);
            run.clear();
        }
        if (i % every == 0) {
            PageData t;
            t.set("x", num(x));
            t.set("y", num(base + 14));
            t.set("label", chart_label(p.label, 12));
            ticks.push_back(t);
        }
    }
    if (!run.empty()) {
        PageData l;
        l.set("points", run);
        lines.push_back(l);
    }
    PageData d;
    d.set("grid", grid);
    d.set("lines", lines);
    d.set("points", dots);
    d.set("ticks", ticks);
    d.set("base", num(base));
    d.set("x2", num(right));
    return svg(frame(title, base + 70), kTrend, d);
}

std::string distribution_svg(const std::string& title, const std::vector<DistributionRow>& rows) {
    PageData out = page_list();
    bool any = false;
    const double span = kWidth - kLabelWidth - 80;
    double y = 6;
    for (const DistributionRow& row : rows) {
        long long n = 0;
        for (long long c : row.counts) n += c;
        if (n == 0) continue;
        PageData r, parts = page_list();
        double x = kLabelWidth;
        for (std::size_t s = 0; s < row.counts.size(); ++s) {
            const double w = span * static_cast<double>(row.counts[s]) / static_cast<double>(n);
            PageData part;
            part.set("score", std::to_string(s + 1));
            part.set("count", std::to_string(row.counts[s]));
            part.set("x", num(x));
            part.set("y", num(y));
            part.set("w", num(w));
            part.set("bh", num(kRowHeight - 6));
            parts.push_back(part);
            x += w;
        }
        r.set("label", row.label);
        r.set("short", chart_label(row.label));
        r.set("lx", num(kLabelWidth - 6));
        r.set("ty", num(y + kRowHeight - 10));
        r.set("nx", num(kLabelWidth + span + 6));
        r.set("n", std::to_string(n));
        r.set("parts", parts);
        out.push_back(r);
        any = true;
        y += kRowHeight;
    }
    if (!any) return {};
    PageData d;
    d.set("rows", out);
    return svg(frame(title, y + 6), kDistribution, d);
}

}  // namespace fc
