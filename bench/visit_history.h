// Stores with a history of visits for the app's benches, made in seconds: the demo day (templates,
// six visits today, PIN 1234), then every other visit in one page (one transaction).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "app/tablet/demo_day.h"
#include "checklists/demo_day.h"
#include "sync/store/device_store.h"

namespace fc::bench {

enum class VisitDays {
    Today,    // every visit in today's working hours
    History,  // 100 a day on the days before today, still open: each earlier day stays on Today's list
};

// `extra` visits of the demo's first job besides the demo day's six; false (and a line on stderr)
// when the store refused.
inline bool seed_visits(const std::filesystem::path& dir, Clock& clock, std::int64_t day_start_ms, int extra,
                        VisitDays days) {
    auto store = DeviceStore::open(dir, clock);
    if (!store) {
        std::fprintf(stderr, "seed: %s\n", store.error().message.c_str());
        return false;
    }
    const Status demo = fill_demo_day(**store, FIELDCHECK_SOURCE_DIR "/templates", day_start_ms, "demo");
    if (!demo) {
        std::fprintf(stderr, "seed: %s\n", demo.error().message.c_str());
        return false;
    }
    constexpr std::int64_t kHour = 3600 * 1000;
    constexpr std::int64_t kDay = 24 * kHour;
    const Assignment first = demo_assignments(day_start_ms, "demo").front();
    std::vector<Assignment> page;
    page.reserve(static_cast<std::size_t>(extra));
    for (int i = 0; i < extra; ++i) {
        Assignment a = first;
        a.visit_id = "V-H" + std::to_string(1000000 + i);
        a.job_id = "J-H" + std::to_string(1000000 + i);
        a.customer_name = "Customer " + std::to_string(i);
        a.address = "Street " + std::to_string(i % 500) + ", Town " + std::to_string(i % 37);
        const std::int64_t minute = 60 * 1000;
        a.window_start_ms = days == VisitDays::Today
                                ? day_start_ms + 7 * kHour + (i % 600) * minute
                                : day_start_ms - (1 + i / 100) * kDay + 8 * kHour + (i % 100) * 5 * minute;
        a.window_end_ms = a.window_start_ms + 2 * kHour;
        page.push_back(std::move(a));
    }
    if (page.empty()) return true;
    const Status s = (*store)->apply_assignment_page(page, "bench");
    if (!s) std::fprintf(stderr, "seed: %s\n", s.error().message.c_str());
    return s.ok();
}

}  // namespace fc::bench
