#pragma once
// TemplateVersionRow: one imported template version as the templates page lists it (the wire's
// listing has no import time). The depot holds tens of templates, not thousands: read whole.
#include <cstdint>
#include <string>
#include <vector>

#include "checklists/expected.h"
#include "sync/depot/depot_store.h"

namespace fc {

struct TemplateVersionRow {
    std::string id;
    int version = 0;
    std::string title;
    std::string language;
    std::int64_t imported_ms = 0;
};

// Every template version, by id and then newest version first.
Expected<std::vector<TemplateVersionRow>> template_versions(DepotStore& store);

}  // namespace fc
