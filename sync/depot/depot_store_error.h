#pragma once
// depot_error: a storage error as the depot says it (shared by the DepotStore's source files).
#include <filesystem>

#include "checklists/expected.h"
#include "sync/depot/depot_store.h"

namespace fc {

// Sentences shared with the tablet's store talk about "the tablet"; on the depot they must name the
// depot's file, and say that the request was not stored.
Error depot_error(Error e, const std::filesystem::path& db_path);

// Survey scores as the store keeps them in a column (visits, phone_surveys).
std::string scores_to_json(const std::vector<SurveyScore>& scores);
Expected<std::vector<SurveyScore>> scores_from_json(const std::string& text);

}  // namespace fc
