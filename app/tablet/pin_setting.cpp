#include "app/tablet/pin_setting.h"

#include <random>

#include "sync/store/device_store.h"

namespace fc {
namespace {

std::string random_salt_hex() {
    std::random_device device;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        const unsigned v = device() & 0xFFu;
        out.push_back(kHex[v >> 4]);
        out.push_back(kHex[v & 0x0Fu]);
    }
    return out;
}

}  // namespace

Status store_technician_pin(DeviceStore& store, const std::string& pin) {
    auto created = TechnicianPin::create(pin, random_salt_hex());
    if (!created) return created.error();
    return store.set_setting(kPinSetting, created->salt_hex + ":" + created->hash_hex);
}

Expected<TechnicianPin> stored_technician_pin(DeviceStore& store) {
    auto stored = store.setting(kPinSetting);
    if (!stored) return stored.error();
    if (!stored->has_value() || stored->value().empty()) {
        return make_error(ErrorCode::pin_not_set, "no technician PIN is set on this tablet; set one on the Today screen");
    }
    const std::string& v = stored->value();
    const auto colon = v.find(':');
    if (colon == std::string::npos) {
        return make_error(ErrorCode::pin_corrupt, "the stored technician PIN is unreadable; set it again on the Today screen");
    }
    return TechnicianPin{v.substr(0, colon), v.substr(colon + 1)};
}

}  // namespace fc
