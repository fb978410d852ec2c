#pragma once
// The demo day: the demo templates and six realistic assignments, so a newcomer sees a real day at once.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "checklists/demo_day.h"
#include "checklists/expected.h"

namespace fc {

class DeviceStore;

inline constexpr const char* kDemoPin = "1234";

// Fills an EMPTY store (no visits yet): every template in `templates_dir`, the demo assignments, the
// before-departure prechecks the planner already confirmed (one blocking one left open, so it shows
// red). A store that has visits (e.g. the demo day fetched from a `serve --demo` depot) keeps its
// visits and templates untouched. Either way the demo PIN 1234 is set when no PIN is set, so the
// PIN the usage text promises works.
Status fill_demo_day(DeviceStore& store, const std::filesystem::path& templates_dir, std::int64_t day_start_ms,
                     const std::string& technician_id);

}  // namespace fc
