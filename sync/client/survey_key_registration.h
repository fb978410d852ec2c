#pragma once
// The tablet's survey key: made once (32 random bytes, `<data dir>/survey.key`, 0600), registered
// with the depot at the first sync pass that finds it unregistered, so the phone-survey codes this
// tablet makes offline can be checked by the depot. The depot's answer names the public URL the
// QR codes link to.
#include <optional>
#include <string>

#include "checklists/expected.h"
#include "sync/client/wire_client.h"
#include "sync/store/device_store.h"

namespace fc {

inline constexpr const char* kSurveyKeyFile = "survey.key";
inline constexpr const char* kSettingSurveyKeyRegistered = "survey_key_registered";  // "1" once the depot has it
inline constexpr const char* kSettingSurveyPublicUrl = "survey_public_url";          // "" = not offered

// The device's survey key, made and kept now if it has none yet.
Expected<std::string> device_survey_key(DeviceStore& store);

// Registers the key unless the depot already has it; a problem is a sentence for the pass's report
// (the pass goes on: the phone survey waits, visits do not).
std::optional<std::string> register_survey_key(DeviceStore& store, DepotConnection& depot);

// The link a QR code shows for `visit_id`: nullopt while the key is unregistered or the depot
// offers no public URL, so the tablet never shows a link the depot cannot check.
std::optional<std::string> phone_survey_link(DeviceStore& store, const std::string& visit_id);

}  // namespace fc
