#include "sync/client/survey_key_registration.h"

#include "checklists/canonical_json.h"
#include "sync/storage/secret_file.h"
#include "sync/wire/signing_key.h"
#include "sync/wire/survey_code.h"
#include "sync/wire/wire_fields.h"

namespace fc {

Expected<std::string> device_survey_key(DeviceStore& store) {
    const auto path = store.dir() / kSurveyKeyFile;
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        auto key = read_secret_file(path);
        if (!key) return key.error();
        if (key->size() != kSurveyKeyBytes) return make_error(ErrorCode::bad_key, path.string() + " is not a survey key");
        return key;
    }
    std::string key = new_survey_key();
    if (Status s = write_secret_file(path, key); !s) return s.error();
    return key;
}

std::optional<std::string> register_survey_key(DeviceStore& store, DepotConnection& depot) {
    auto registered = store.setting(kSettingSurveyKeyRegistered);
    if (registered && *registered && **registered == "1") return std::nullopt;
    auto key = device_survey_key(store);
    if (!key) return "the survey key could not be kept: " + key.error().message;
    const std::string body = CanonicalJson::object().set("survey_key", base64_encode(*key)).dump();
    const DepotAnswer answer = depot.put("/api/v1/survey-key", body, "application/json");
    // A depot from before the customer's own phone knows no such route: nothing to register (asked again next pass).
    if (answer.from == DepotAnswer::From::Depot && answer.status == 404) return std::nullopt;
    if (answer.from != DepotAnswer::From::Depot || answer.status != 200) {
        return "the depot did not take the survey key (status " + std::to_string(answer.status) + "); it is tried again next time";
    }
    auto doc = parse_bounded_json(answer.body, 4096, 4);
    if (!doc || !doc->IsObject()) return std::string("the depot's answer to the survey key was not understood");
    WireFields f(*doc, "survey key answer");
    const std::string url = f.text("public_url");
    if (!f.ok()) return "the depot's answer to the survey key was not understood: " + f.error().message;
    if (Status s = store.set_setting(kSettingSurveyPublicUrl, url); !s) return s.error().message;
    if (Status s = store.set_setting(kSettingSurveyKeyRegistered, "1"); !s) return s.error().message;
    return std::nullopt;
}

std::optional<std::string> phone_survey_link(DeviceStore& store, const std::string& visit_id) {
    auto registered = store.setting(kSettingSurveyKeyRegistered);
    auto url = store.setting(kSettingSurveyPublicUrl);
    if (!registered || !*registered || **registered != "1" || !url || !*url || (*url)->empty()) return std::nullopt;
    auto key = device_survey_key(store);
    if (!key) return std::nullopt;
    return **url + "/s/" + visit_id + "/" + survey_code(*key, visit_id);
}

}  // namespace fc
