// The DepotStore's device keys: the public keys tablets sign with, bound to a technician and device.
#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"
#include "sync/wire/wire_ids.h"

namespace fc {
namespace {

constexpr const char* kKeyColumns = "key_id, public_key, technician_id, device, coalesce(token_id, 0), created_ms, "
                                    "coalesce(revoked_ms, 0)";

std::string key_id_of(const PublicKey& key) {
    static constexpr char kHex[] = "0123456789abcdef";
    const std::string digest = sha256_bytes(std::string_view(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size()));
    std::string id;
    for (std::size_t i = 0; i < 8; ++i) {
        const auto byte = static_cast<unsigned char>(digest[i]);
        id += kHex[byte >> 4];
        id += kHex[byte & 15];
    }
    return id;
}

template <class Row>
Expected<DeviceKey> read_key_row(const Row& row) {
    auto key = PublicKey::from_base64(row.text(1));
    if (!key) return make_error(ErrorCode::corrupt, "device key " + row.text(0) + " is stored damaged");
    return DeviceKey{row.text(0), key.value(), row.text(2), row.text(3), row.int64(4), row.int64(5), row.int64(6)};
}

}  // namespace

Expected<DeviceKey> DepotStore::register_device_key(const PublicKey& key, const std::string& technician_id,
                                                    const std::string& device, std::int64_t token_id, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    return register_device_key_(key, technician_id, device, token_id, now_ms);
}

Expected<DeviceKey> DepotStore::register_device_key_(const PublicKey& key, const std::string& technician_id,
                                                     const std::string& device, std::int64_t token_id, std::int64_t now_ms) {
    if (!is_wire_id(technician_id)) {
        return make_error(ErrorCode::bad_technician, "a technician id is 1 to 64 letters, digits, '-' or '_'");
    }
    if (!is_device_label(device)) {
        return make_error(ErrorCode::bad_device, "a device name is 1 to 64 bytes of text without control characters");
    }
    const std::string key_id = key_id_of(key);
    auto known = device_key_(key_id);
    if (!known) return known.error();
    if (known.value()) {
        const DeviceKey& k = *known.value();
        if (k.technician_id == technician_id && k.device == device && k.revoked_ms == 0) return k;
        return make_error(ErrorCode::conflict, "that public key is already registered (key " + key_id +
                                                   "); a tablet makes a new key to enroll again");
    }
    auto st = cached_("INSERT INTO device_keys(key_id, public_key, technician_id, device, token_id, "
                                            "created_ms) VALUES(?, ?, ?, ?, nullif(?, 0), ?)");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, key_id).bind(2, key.base64()).bind(3, technician_id).bind(4, device).bind(5, token_id).bind(6, now_ms);
    if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
    return DeviceKey{key_id, key, technician_id, device, token_id, now_ms, 0};
}

Expected<std::optional<DeviceKey>> DepotStore::device_key(const std::string& key_id) {
    if (DepotStore* r = reader_()) return r->device_key(key_id);
    std::lock_guard lock(mutex_);
    return device_key_(key_id);
}

Expected<std::optional<DeviceKey>> DepotStore::device_key_(const std::string& key_id) {
    auto st = cached_(std::string("SELECT ") + kKeyColumns + " FROM device_keys WHERE key_id = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, key_id);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<DeviceKey>();
    auto key = read_key_row(st.value());
    if (!key) return key.error();
    return std::optional<DeviceKey>(std::move(key).value());
}

Expected<std::vector<DeviceKey>> DepotStore::list_device_keys() {
    std::lock_guard lock(mutex_);
    auto st = cached_(std::string("SELECT ") + kKeyColumns + " FROM device_keys ORDER BY created_ms, key_id");
    if (!st) return depot_error(st.error(), dir_);
    std::vector<DeviceKey> out;
    while (st->next_row()) {
        auto key = read_key_row(st.value());
        if (!key) return key.error();
        out.push_back(std::move(key).value());
    }
    if (Status read = st->done(); !read) return depot_error(read.error(), dir_);
    return out;
}

Status DepotStore::revoke_device_key(const std::string& key_id, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto st = cached_("UPDATE device_keys SET revoked_ms = coalesce(revoked_ms, ?) WHERE key_id = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, now_ms).bind(2, key_id);
    if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
    if (st->changes() == 1) return {};
    return make_error(ErrorCode::no_such_key, "there is no device key " + key_id + " (see `device list`)");
}

}  // namespace fc
