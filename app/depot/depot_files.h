#pragma once
// DepotFiles: reading the back office's files (template JSON, assignment CSV) into the depot store.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "checklists/expected.h"
#include "sync/depot/depot_store.h"

namespace fc {

// Parses and imports one template file. The value says what happened ("imported fiber-install
// version 3"); the error lists every problem, one "FILE: $.path: sentence" line each.
Expected<std::string> import_template_file(DepotStore& store, const std::filesystem::path& file, std::int64_t now_ms);

// Reads the whole file; an error naming it when it cannot be read or is over `max_bytes`.
Expected<std::string> read_small_file(const std::filesystem::path& file, std::size_t max_bytes);

}  // namespace fc
