#pragma once
// The depot's own signing key: made once, kept as a 0600 file beside depot.db, and what receipts
// are signed with; tablets pin its public half at enrollment.
#include <filesystem>

#include "checklists/expected.h"
#include "sync/wire/signing_key.h"

namespace fc {

inline constexpr const char* kDepotKeyFile = "depot-signing.key";

// The key in `dir`/depot-signing.key, made (and stored durably, 0600) when there is none. A file of
// the wrong size or readable by others is refused (`bad_key`): a depot never silently changes keys,
// since every tablet has pinned the old one.
Expected<SigningKey> load_or_create_depot_key(const std::filesystem::path& dir);

}  // namespace fc
