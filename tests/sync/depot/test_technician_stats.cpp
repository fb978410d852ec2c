// Per-technician statistics: the stated tests find the one technician who stages surveys in a
// made-up fleet, name nobody else, and never name a technician with too few surveys.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "sync/depot/technician_stats.h"

namespace {

// A fixed-seed generator whose numbers do not depend on the standard library's distributions.
struct Dice {
    std::mt19937 gen{20261206};
    double unit() { return static_cast<double>(gen()) / 4294967296.0; }
    int between(int lo, int hi) { return lo + static_cast<int>(unit() * (hi - lo + 1)); }
};

struct Profile {
    double all_top = 0.35;
    double flagged = 0.04;
    std::int64_t median_ms = 30'000;
};

void add_surveys(std::vector<fc::SurveySample>& out, Dice& dice, const std::string& id, int n, const Profile& p) {
    for (int i = 0; i < n; ++i) {
        fc::SurveySample s;
        s.technician_id = id;
        s.filled_in = true;
        s.all_top = dice.unit() < p.all_top;
        s.flagged = dice.unit() < p.flagged;
        // Spread of ±40% around the technician's own median.
        s.duration_ms = static_cast<std::int64_t>(static_cast<double>(p.median_ms) * (0.6 + 0.8 * dice.unit()));
        out.push_back(s);
    }
}

std::string tech(int i) { return std::string("t-") + (i < 10 ? "0" : "") + std::to_string(i); }

std::vector<fc::SurveySample> made_up_fleet(Dice& dice) {
    std::vector<fc::SurveySample> out;
    for (int i = 1; i <= 20; ++i) {
        Profile p;
        p.all_top = 0.25 + 0.02 * (i % 8);  // honest technicians differ a little
        p.median_ms = 24'000 + 500 * dice.between(0, 20);  // 24-34 s
        if (i == 7) p = Profile{0.95, 0.6, 1'500};  // the one who types the scores himself
        add_surveys(out, dice, tech(i), dice.between(30, 60), p);
    }
    return out;
}

}  // namespace

TEST_CASE("Fisher's exact test gives the textbook two-sided p-value") {
    // The tea-tasting style table [[1, 9], [11, 3]]: p = 0.002759 (R's fisher.test).
    CHECK(fc::fisher_exact_two_sided(1, 9, 11, 3) == doctest::Approx(0.002759).epsilon(0.001));
    CHECK(fc::fisher_exact_two_sided(5, 5, 5, 5) == doctest::Approx(1.0));
    CHECK(fc::fisher_exact_two_sided(0, 0, 0, 0) == 1.0);
}

TEST_CASE("a made-up fleet of 20 technicians: the one who scores all-top 95 percent with 1.5 s surveys is the only outlier") {
    Dice dice;
    const fc::FleetReport r = fc::technician_statistics(made_up_fleet(dice));
    REQUIRE(r.technicians.size() == 20);
    CHECK(r.fleet.tested == 20);
    std::vector<std::string> outliers;
    for (const auto& t : r.technicians) {
        if (!t.outlier_reasons.empty()) outliers.push_back(t.technician_id);
    }
    CHECK(outliers == std::vector<std::string>{"t-07"});
    const fc::TechnicianStats& seven = r.technicians[6];
    REQUIRE(seven.technician_id == "t-07");
    CHECK(seven.all_top.outlier);
    CHECK(seven.flagged.outlier);
    CHECK(seven.fast_outlier);
    CHECK(seven.outlier_reasons.find("Fisher exact") != std::string::npos);
    CHECK(seven.outlier_reasons.find("modified z") != std::string::npos);
    CHECK(r.fleet.all_top_share > 0.25);
    CHECK(r.fleet.all_top_share < 0.45);
}

TEST_CASE("no honest fleet, whatever the seed of a dozen, gets a false flag") {
    for (std::uint32_t seed = 1; seed <= 12; ++seed) {
        Dice dice;
        dice.gen.seed(seed);
        std::vector<fc::SurveySample> fleet;
        for (int i = 1; i <= 20; ++i) add_surveys(fleet, dice, tech(i), dice.between(30, 60), Profile{0.35, 0.05, 20'000 + 1'000 * dice.between(0, 20)});
        for (const auto& t : fc::technician_statistics(fleet).technicians) {
            INFO("seed " << seed << " " << t.technician_id << ": " << t.outlier_reasons);
            CHECK(t.outlier_reasons.empty());
        }
    }
}

TEST_CASE("a technician below the minimum number of surveys is never flagged, however extreme") {
    Dice dice;
    auto fleet = made_up_fleet(dice);
    add_surveys(fleet, dice, "t-new", fc::kMinSurveysForOutlier - 1, Profile{1.0, 1.0, 800});
    const fc::FleetReport r = fc::technician_statistics(fleet);
    bool seen = false;
    for (const auto& t : r.technicians) {
        if (t.technician_id != "t-new") continue;
        seen = true;
        CHECK_FALSE(t.tested);
        CHECK_FALSE(t.all_top.outlier);
        CHECK_FALSE(t.flagged.outlier);
        CHECK_FALSE(t.fast_outlier);
        CHECK(t.outlier_reasons.empty());
        CHECK(t.surveys == fc::kMinSurveysForOutlier - 1);
    }
    CHECK(seen);
    CHECK(r.fleet.tested == 20);  // the Bonferroni divisor counts only the tested
}

TEST_CASE("declined surveys count as discarded, not as surveys") {
    std::vector<fc::SurveySample> s(3);
    for (auto& x : s) x.technician_id = "t-01";
    s[0].filled_in = true;
    s[1].discarded = true;
    s[2].discarded = true;
    const auto r = fc::technician_statistics(s);
    REQUIRE(r.technicians.size() == 1);
    CHECK(r.technicians[0].surveys == 1);
    CHECK(r.technicians[0].discarded == 2);
}
