#pragma once
// A year of a depot's work, for the back office's benchmark (bench/backoffice_pages.cpp) and its browser
// test (programs/office_seed.cpp): N visits spread over the 365 days before `now`, 40 technicians, the
// six shipped templates, 30,000 customers (or fewer for a small N), one in six closed not possible, a
// customer now and then absent, scores of every kind, a few hurried surveys the depot flags; each visit
// walked through the real engine, sealed, and taken in by the real ingest (replayed, checked, committed).

#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "sync/depot/depot_ingest.h"
#include "tests/sync/depot/depot_test_support.h"

namespace fc::test {

struct YearPlan {
    int visits = 100'000;
    int technicians = 40;
    int customers = 30'000;
    std::int64_t now_ms = 0;
    // Seeding only: a bench measures reading, and 100,000 durable commits would take most of an hour.
    bool durable = false;
    std::function<void(int done)> progress = [](int) {};
};

inline const std::vector<std::string>& year_template_names() {
    static const std::vector<std::string> names = {"fiber-modem-install-nl", "fiber-modem-install-en", "wifi-activation-nl",
                                                   "wifi-activation-en",     "dsl-alarm-line-nl",      "dsl-alarm-line-en"};
    return names;
}

inline std::string year_technician(int i, int technicians) {
    const int n = i % technicians + 1;
    return std::string(n < 10 ? "tech-0" : "tech-") + std::to_string(n);
}

// The assignment of visit `i` of the year, and when its walk starts.
inline Assignment year_assignment(const YearPlan& plan, const ChecklistTemplate& t, std::mt19937& rng, int i, std::int64_t& start) {
    const int customer = static_cast<int>(rng() % static_cast<unsigned>(std::max(1, std::min(plan.customers, plan.visits))));
    Assignment a = make_assignment("V-" + std::to_string(100000 + i), year_technician(static_cast<int>(rng() % 1000), plan.technicians),
                                   t, "job-" + std::to_string(customer) + "-" + std::to_string(rng() % 2));
    a.customer_id = "C-" + std::to_string(customer);
    a.customer_name = "Klant " + std::to_string(customer);
    a.address = "Straat " + std::to_string(customer % 300 + 1) + ", Ede";
    a.technician_name = "Monteur " + a.technician_id.substr(5);
    constexpr std::int64_t kYearMs = 365LL * 86'400'000;
    start = plan.now_ms - kYearMs + static_cast<std::int64_t>(i) * (kYearMs / std::max(1, plan.visits));
    a.window_start_ms = start - 3'600'000;
    a.window_end_ms = start + 3'600'000;
    return a;
}

inline WalkPlan year_walk(std::mt19937& rng, int i) {
    WalkPlan plan;
    plan.salt = std::to_string(i);
    plan.photo_bytes = 64;
    plan.signature_bytes = 64;
    plan.not_possible = rng() % 6 == 0;
    plan.customer_absent = !plan.not_possible && rng() % 50 == 0;
    std::discrete_distribution<int> score({4, 6, 12, 38, 40});
    plan.scores = {score(rng) + 1, score(rng) + 1, score(rng) + 1, score(rng) + 1};
    if (rng() % 40 == 0) plan.survey_gap_ms = 150;  // hurried: the depot flags it
    plan.survey_comment = rng() % 4 == 0 ? "Vriendelijk en duidelijk, maar kwam laat" : "Prima geholpen";
    return plan;
}

// Fills `store` with the year; throws on the first visit the depot refuses.
inline void fill_year(DepotStore& store, const SigningKey& depot_key, const YearPlan& plan) {
    std::vector<std::shared_ptr<const ChecklistTemplate>> templates;
    for (const std::string& name : year_template_names()) {
        templates.push_back(repo_template(name));
        if (auto r = store.import_template(*templates.back(), plan.now_ms); !r) throw std::runtime_error(r.error().message);
    }
    if (!plan.durable) {
        Status fast = store.with_db([](DepotDb& db, const std::filesystem::path&) {
            return db.dialect() == SqlDialect::sqlite ? db.exec("PRAGMA synchronous = OFF", "filling a year") : Status{};
        });
        if (!fast) throw std::runtime_error(fast.error().message);
    }
    std::mt19937 rng(14);
    std::vector<Assignment> assignments;
    std::vector<std::int64_t> starts(static_cast<std::size_t>(plan.visits));
    for (int i = 0; i < plan.visits; ++i) {
        assignments.push_back(year_assignment(plan, *templates[rng() % templates.size()], rng, i, starts[static_cast<std::size_t>(i)]));
    }
    for (std::size_t at = 0; at < assignments.size(); at += 2000) {
        const std::vector<Assignment> batch(assignments.begin() + static_cast<long>(at),
                                            assignments.begin() + static_cast<long>(std::min(assignments.size(), at + 2000)));
        if (auto r = store.put_assignments(batch, plan.now_ms); !r) throw std::runtime_error(r.error().message);
    }
    for (int i = 0; i < plan.visits; ++i) {
        const Assignment& a = assignments[static_cast<std::size_t>(i)];
        Visit v(a, *store.template_for(a.template_id, a.template_version));
        WalkSinks sinks;
        sinks.attach = [&](const std::string& bytes) -> Expected<std::string> {
            const std::string sha = sha256_hex(bytes);
            if (auto r = store.record_attachment(sha, static_cast<std::int64_t>(bytes.size()), plan.now_ms); !r) return r.error();
            return sha;
        };
        const std::int64_t start = starts[static_cast<std::size_t>(i)];
        if (Status s = walk_visit(v, year_walk(rng, i), sinks, {start, 500'000}); !s) throw std::runtime_error("walk: " + s.error().message);
        const DepotReply reply = ingest_visit(store, depot_key, a.technician_id, a.visit_id, encode_visit_record(v), start + 7'200'000);
        if (reply.status != 201) throw std::runtime_error("ingest " + a.visit_id + ": " + reply.body);
        if ((i + 1) % 10000 == 0) plan.progress(i + 1);
    }
    Status durable = store.with_db([](DepotDb& db, const std::filesystem::path&) {
        return db.exec(db.dialect() == SqlDialect::sqlite ? "PRAGMA synchronous = FULL; ANALYZE" : "ANALYZE", "filling a year");
    });
    if (!durable) throw std::runtime_error(durable.error().message);
}

}  // namespace fc::test
