#include "sync/client/device_credentials.h"

#include <charconv>

#include "sync/storage/secret_file.h"

namespace fc {

Expected<DepotCredentials> read_device_credentials(DeviceStore& store, const std::string& bearer_token) {
    DepotCredentials credentials;
    credentials.bearer_token = bearer_token;
    auto offset = store.setting(kSettingClockOffset);
    if (!offset) return offset.error();
    if (const auto& text = offset.value(); text && !text->empty()) {
        const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), credentials.clock_offset_ms);
        // A damaged offset is dropped: the next `stale` answer teaches it again.
        if (ec != std::errc() || end != text->data() + text->size()) credentials.clock_offset_ms = 0;
    }
    auto key_id = store.setting(kSettingDeviceKeyId);
    if (!key_id) return key_id.error();
    if (!key_id.value() || key_id.value()->empty()) return credentials;
    auto seed = read_secret_file(store.dir() / kDeviceKeyFileName);
    if (!seed) {
        return make_error(ErrorCode::bad_key, "this tablet's key file " + (store.dir() / kDeviceKeyFileName).string() +
                                                  " cannot be used: " + seed.error().message + "; enroll the tablet again");
    }
    auto key = SigningKey::from_seed(seed.value());
    if (!key) return make_error(ErrorCode::bad_key, "this tablet's key file is damaged: " + key.error().message);
    credentials.signer = DeviceSigner{*key_id.value(), key.value()};
    return credentials;
}

Status keep_clock_offset(DeviceStore& store, std::int64_t offset_ms) {
    return store.set_setting(kSettingClockOffset, std::to_string(offset_ms));
}

}  // namespace fc
