#pragma once
// DeviceEnrollment: the tablet's own key and how the depot comes to know it: enrolling with a
// one-time code (the Sync screen and `fieldcheck enroll --code`), or, for a tablet enrolled with a
// bearer token before keys existed, registering a key with that token once.
#include <optional>
#include <string>

#include "checklists/expected.h"
#include "sync/client/depot_key_pin.h"
#include "sync/client/device_credentials.h"
#include "sync/client/sync_client.h"
#include "sync/client/wire_client.h"
#include "sync/store/device_store.h"

namespace fc {

// Makes a new key, has the depot at `url` bind it with `code` (16 digits, spaces allowed), and
// keeps the key, its id, the depot's public key (pinned), the URL and a copy of `ca_file` (when
// given). Every visit and the outbox stay as they are: re-enrolling only changes who signs them.
// The depot's refusal comes back with its own code (enrollment_code_used / _expired / _unknown);
// a depot at the same URL answering with another key than the pinned one is depot_key_changed.
Status enroll_with_code(DeviceStore& store, const std::string& url, const std::string& code, const std::string& ca_file = {},
                        const SyncOptions& options = {});

// The tablet's signer: its key file and the key id the depot gave; nullopt before it has one.
Expected<std::optional<DeviceSigner>> device_signer(DeviceStore& store);

// A bearer-token tablet's upgrade: makes a key, registers it with PUT /api/v1/device-key over
// `depot` (which carries the token), keeps it and drops the token setting. A retry after a lost
// answer registers the same key again (the same key id).
Expected<DeviceSigner> register_key_with_token(DeviceStore& store, DepotConnection& depot, const std::string& url);

}  // namespace fc
