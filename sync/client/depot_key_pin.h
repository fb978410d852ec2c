#pragma once
// DepotKeyPin: the depot's public key as this tablet pinned it (setting "depot_public_key", base64);
// receipts are believed only when signed by it. Pinned once, at enrollment or when a tablet enrolled
// with a bearer token registers its own key, and never silently replaced.
#include <optional>
#include <string_view>

#include "checklists/expected.h"
#include "sync/store/device_store.h"
#include "sync/wire/signing_key.h"

namespace fc {

inline constexpr const char* kSettingDepotPublicKey = "depot_public_key";

// Pins `base64` (a 32-byte Ed25519 public key; anything else is `bad_key`). Pinning the key already
// pinned is a no-op; a different one is `depot_key_changed` and the old pin stays: a depot that
// changes keys is either restored from nothing or not our depot, and either needs a person.
Status pin_depot_key(DeviceStore& store, std::string_view base64);

// The pinned key; nullopt when none is pinned yet. A pin that does not parse is `bad_key` (a damaged
// store), never "none": that would let the next key offered be pinned.
Expected<std::optional<PublicKey>> pinned_depot_key(DeviceStore& store);

}  // namespace fc
