#pragma once
// StoreDay: the technician's day that the power-cut and the full-disk tests walk over a failing
// disk: the shipped fiber template, then three visits; visit 1 ends "not possible" at its first
// blocking precheck, the others run to the survey with a 40 KB photo and a 6 KB signature each.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checklists/template_parser.h"
#include "tests/sync/depot/visit_walker.h"
#include "tests/sync/store/store_fixtures.h"
#include "tests/test_text.h"
#include "sync/store/device_store.h"

namespace fc::test {

inline constexpr int kDayVisits = 3;

// Sizes and seeds of the long runs come from the environment (FIELDCHECK_..., see each test).

inline std::shared_ptr<const ChecklistTemplate> day_template() {
    static const auto t = [] {
        const auto bytes = file_bytes(std::filesystem::path(FIELDCHECK_SOURCE_DIR) / "templates" / "fiber-modem-install-en.json");
        auto parsed = parse_template(bytes);
        REQUIRE_MESSAGE(parsed.checklist.has_value(), "the shipped fiber template does not parse");
        return std::make_shared<const ChecklistTemplate>(std::move(*parsed.checklist));
    }();
    return t;
}

inline std::string day_visit_id(int k) { return "day-" + std::to_string(k); }

inline Assignment day_assignment(int k) {
    Assignment a = fiber_assignment(day_visit_id(k), day_template()->id, day_template()->version);
    a.window_start_ms += k * 3'600'000;
    a.window_end_ms += k * 3'600'000;
    return a;
}

inline WalkPlan day_plan(int k) {
    WalkPlan plan;
    plan.photo_bytes = 40'000;
    plan.signature_bytes = 6'000;
    plan.not_possible = k == 1;
    plan.salt = day_visit_id(k);
    return plan;
}

// What the store acknowledged during the day, and what was in flight when a call failed.
struct DayLedger {
    std::map<std::string, std::size_t> acked;      // visit -> events acknowledged (assignment stored: 0)
    std::map<std::string, std::size_t> in_flight;  // visit -> event count had the failing call landed
    std::set<std::string> sealed;                  // the sealing call returned
    std::vector<std::string> attachments;          // put_attachment returned the hash
};

// `store()` is the store as it is at each call (a test may reopen it in between); every write goes
// through `write`, which may retry it. The walk stops at the first write that still fails.
using DayWrite = std::function<Status(const std::function<Status()>&)>;

inline Status walk_store_day(const std::function<DeviceStore&()>& store, const DayWrite& write, DayLedger& ledger) {
    if (Status s = write([&] { return store().put_template(*day_template()); }); !s) return s;
    for (int k = 0; k < kDayVisits; ++k) {
        const std::string id = day_visit_id(k);
        if (Status s = write([&] { return store().put_assignment(day_assignment(k)); }); !s) return s;
        ledger.acked[id] = 0;
        auto loaded = store().load_visit(id);
        if (!loaded) return loaded.error();
        Visit v = std::move(*loaded);
        WalkSinks sinks;
        sinks.record = [&](const Visit& after, const Events& events) {
            Status s = write([&] { return store().append_events(after, events); });
            if (s) {
                ledger.acked[id] = after.events().size();
                if (after.sealed()) ledger.sealed.insert(id);
            } else {
                ledger.in_flight[id] = after.events().size();
            }
            return s;
        };
        sinks.attach = [&](const std::string& bytes) -> Expected<std::string> {
            std::string sha;
            Status s = write([&]() -> Status {
                auto put = store().put_attachment(bytes, "image/jpeg");
                if (!put) return put.error();
                sha = *put;
                return {};
            });
            if (!s) return s.error();
            ledger.attachments.push_back(sha);
            return sha;
        };
        if (Status s = walk_visit(v, day_plan(k), sinks); !s) return s;
    }
    return {};
}

}  // namespace fc::test
