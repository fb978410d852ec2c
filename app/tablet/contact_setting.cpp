#include "app/tablet/contact_setting.h"

namespace fc {
namespace {

std::string setting_or_empty(DeviceStore& store, const char* key) {
    auto value = store.setting(key);
    return value && value.value() ? *value.value() : std::string();
}

}  // namespace

CompanyContact contact_setting(DeviceStore& store) {
    return CompanyContact{setting_or_empty(store, "company"), setting_or_empty(store, "helpdesk")};
}

}  // namespace fc
