#include "sync/client/device_credentials.h"

#include <charconv>

#include "sync/client/device_enrollment.h"

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
    auto signer = device_signer(store);
    if (!signer) return signer.error();
    credentials.signer = std::move(signer).value();
    return credentials;
}

Status keep_clock_offset(DeviceStore& store, std::int64_t offset_ms) {
    return store.set_setting(kSettingClockOffset, std::to_string(offset_ms));
}

}  // namespace fc
