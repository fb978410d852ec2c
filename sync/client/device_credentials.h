#pragma once
// The tablet's credentials for its depot as the device store keeps them: the device key (setting
// "device_key_id" and the 0600 file device-signing.key in the data directory), the bearer token of
// a tablet enrolled before keys, and the clock offset learnt from the depot (setting "clock_offset_ms").
#include <cstdint>
#include <string>

#include "checklists/expected.h"
#include "sync/client/wire_client.h"
#include "sync/store/device_store.h"

namespace fc {

inline constexpr const char* kSettingDeviceKeyId = "device_key_id";
inline constexpr const char* kSettingClockOffset = "clock_offset_ms";
inline constexpr const char* kDeviceKeyFileName = "device-signing.key";

// The credentials a sync pass opens its connection with; `bearer_token` may be "" for a tablet
// enrolled with a key. A key id without a readable key file is an error (`bad_key`), never a
// silent fall-back to the token.
Expected<DepotCredentials> read_device_credentials(DeviceStore& store, const std::string& bearer_token);

// Keeps the offset a connection learnt from a `stale` answer, for the next pass's first request.
Status keep_clock_offset(DeviceStore& store, std::int64_t offset_ms);

}  // namespace fc
