#include "depot_key_pin.h"

#include <string>

namespace fc {

Status pin_depot_key(DeviceStore& store, std::string_view base64) {
    auto offered = PublicKey::from_base64(base64);
    if (!offered) return offered.error();
    auto pinned = pinned_depot_key(store);
    if (!pinned) return pinned.error();
    if (pinned.value()) {
        if (*pinned.value() == offered.value()) return {};
        return make_error(ErrorCode::depot_key_changed,
                          "the depot offered key " + offered->base64() + " but this tablet pinned " +
                              pinned.value()->base64() + "; the pin stays")
            .with("pinned", pinned.value()->base64())
            .with("offered", offered->base64());
    }
    return store.set_setting(kSettingDepotPublicKey, offered->base64());
}

Expected<std::optional<PublicKey>> pinned_depot_key(DeviceStore& store) {
    auto text = store.setting(kSettingDepotPublicKey);
    if (!text) return text.error();
    if (!text.value() || text.value()->empty()) return std::optional<PublicKey>{};
    auto key = PublicKey::from_base64(*text.value());
    if (!key) {
        return make_error(ErrorCode::bad_key, "the pinned depot key in this tablet's settings is damaged: " + key.error().message);
    }
    return std::optional<PublicKey>{key.value()};
}

}  // namespace fc
