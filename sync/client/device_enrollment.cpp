#include "sync/client/device_enrollment.h"

#include <filesystem>
#include <system_error>

#include "sync/storage/durable_file.h"
#include "sync/storage/secret_file.h"
#include "sync/wire/enrollment_code.h"
#include "sync/wire/wire_enrollment.h"
#include "sync/wire/wire_messages.h"

namespace fc {
namespace {

// Why a pending file: the key is made before the depot is asked, and the depot may bind it while
// its answer is lost. The next try then offers the same key (the depot answers with the same key
// id) instead of one the depot never heard of; only a depot's answer settles it.
constexpr const char* kPendingKeyFile = "device-signing.key.pending";
constexpr const char* kJson = "application/json";

std::filesystem::path key_path(DeviceStore& store, const char* name) { return std::filesystem::absolute(store.dir()) / name; }

Expected<SigningKey> pending_or_new_key(DeviceStore& store) {
    const auto path = key_path(store, kPendingKeyFile);
    if (auto seed = read_secret_file(path)) {
        if (auto key = SigningKey::from_seed(seed.value())) return key;
    }
    SigningKey key = SigningKey::generate();
    if (Status s = write_secret_file(path, key.seed()); !s) return s.error();
    return key;
}

void forget_pending_key(DeviceStore& store) {
    std::error_code ec;
    std::filesystem::remove(key_path(store, kPendingKeyFile), ec);
}

Status adopt_pending_key(DeviceStore& store) {
    std::error_code ec;
    std::filesystem::rename(key_path(store, kPendingKeyFile), key_path(store, kDeviceKeyFileName), ec);
    if (ec) return make_error(ErrorCode::io_error, "cannot keep the tablet's key: " + ec.message());
    return sync_directory(std::filesystem::absolute(store.dir()));
}

// What the depot said instead of 201, as an error of its own code where it sent one.
Error refusal(const DepotAnswer& a, const std::string& url) {
    if (a.from == DepotAnswer::From::Nobody) {
        return make_error(ErrorCode::unreachable, "the depot at " + url + " did not answer: " + a.problem);
    }
    if (a.from == DepotAnswer::From::Stranger) {
        return make_error(ErrorCode::not_a_depot, "something other than a fieldcheck depot answered at " + url + " (HTTP " +
                                                      std::to_string(a.status) + ")");
    }
    if (auto e = decode_wire_error(a.body)) return make_error(e->code, e->message);
    return make_error(ErrorCode::depot_error, "the depot at " + url + " answered HTTP " + std::to_string(a.status));
}

// Only a depot's definite no ends a pending key; silence or a depot in trouble keeps it for the retry.
bool definite_refusal(const DepotAnswer& a) { return a.from == DepotAnswer::From::Depot && a.status >= 400 && a.status < 500; }

// A depot at the URL the tablet already knows must answer with the key it was pinned to: another
// key there is someone else answering. A new URL is the admin moving the tablet to another depot.
Status check_pin(DeviceStore& store, const std::string& url, const PublicKey& depot_key) {
    auto pinned = store.setting(kSettingDepotPublicKey);
    if (!pinned) return pinned.error();
    auto known_url = store.setting(kSettingDepotUrl);
    if (!known_url) return known_url.error();
    if (!pinned.value() || pinned.value()->empty() || known_url.value().value_or("") != url) return {};
    if (*pinned.value() == depot_key.base64()) return {};
    return make_error(ErrorCode::depot_key_changed, "the depot at " + url + " answered with another depot key than the one "
                                                    "this tablet was enrolled with; nothing was changed");
}

Status keep_enrollment(DeviceStore& store, const Enrolled& e) {
    if (Status s = adopt_pending_key(store); !s) return s;
    if (Status s = store.set_setting(kSettingDeviceKeyId, e.key_id); !s) return s;
    if (Status s = store.set_setting(kSettingDepotPublicKey, e.depot_public_key.base64()); !s) return s;
    const std::int64_t offset = e.depot_time_ms - store.clock().now().wall_ms;
    if (Status s = store.set_setting(kSettingClockOffset, std::to_string(offset)); !s) return s;
    // The token is not sent again once the tablet signs.
    return store.set_setting(kSettingDeviceToken, "");
}

Expected<Enrolled> ask_depot(DeviceStore& store, const std::string& url, const std::string& code, const std::string& ca_file,
                             const SyncOptions& options) {
    auto key = pending_or_new_key(store);
    if (!key) return key.error();
    // The key signs nothing the depot checks here: the code is the credential.
    auto depot = DepotConnection::open(url, DepotCredentials{"", DeviceSigner{"", key.value()}, 0}, options.timeouts, ca_file);
    if (!depot) return depot.error();
    const DepotAnswer answer = depot.value()->post("/api/v1/enroll", encode_enroll_request({code, key->public_key()}), kJson);
    if (answer.from != DepotAnswer::From::Depot || answer.status != 201) {
        if (definite_refusal(answer)) forget_pending_key(store);
        return refusal(answer, url);
    }
    auto enrolled = decode_enrolled(answer.body);
    if (!enrolled) return make_error(ErrorCode::depot_error, "the depot's enrollment answer is not valid: " + enrolled.error().message);
    return enrolled;
}

}  // namespace

Status enroll_with_code(DeviceStore& store, const std::string& url, const std::string& code, const std::string& ca_file,
                        const SyncOptions& options) {
    auto digits = normalized_enrollment_code(code);
    if (!digits) return make_error(ErrorCode::enrollment_code_unknown, "an enrollment code is 16 digits");
    std::optional<std::string> pem;
    std::string trusted = ca_file;
    if (!ca_file.empty()) {
        auto read = read_depot_ca_file(ca_file);
        if (!read) return read.error();
        pem = std::move(read).value();
    } else {
        auto kept = store.setting(kSettingDepotCaFile);
        if (!kept) return kept.error();
        trusted = kept.value().value_or("");
    }
    auto enrolled = ask_depot(store, url, *digits, trusted, options);
    if (!enrolled) return enrolled.error();
    if (Status s = check_pin(store, url, enrolled->depot_public_key); !s) {
        forget_pending_key(store);
        return s;
    }
    if (pem) {
        if (Status s = keep_depot_ca_copy(store, *pem); !s) return s;
    }
    if (Status s = keep_enrollment(store, enrolled.value()); !s) return s;
    return remember_depot(store, url);
}

Expected<std::optional<DeviceSigner>> device_signer(DeviceStore& store) {
    auto key_id = store.setting(kSettingDeviceKeyId);
    if (!key_id) return key_id.error();
    if (!key_id.value() || key_id.value()->empty()) return std::optional<DeviceSigner>();
    auto seed = read_secret_file(key_path(store, kDeviceKeyFileName));
    if (!seed) {
        return make_error(ErrorCode::bad_key, "the tablet's key (" + std::string(kDeviceKeyFileName) + ") cannot be used: " +
                                                 seed.error().message + "; enroll the tablet again with a new code");
    }
    auto key = SigningKey::from_seed(seed.value());
    if (!key) return make_error(ErrorCode::bad_key, "the tablet's key file is damaged; enroll the tablet again with a new code");
    return std::optional<DeviceSigner>(DeviceSigner{*key_id.value(), std::move(key).value()});
}

Expected<DeviceSigner> register_key_with_token(DeviceStore& store, DepotConnection& depot, const std::string& url) {
    auto key = pending_or_new_key(store);
    if (!key) return key.error();
    const DepotAnswer answer = depot.put("/api/v1/device-key", encode_key_registration(key->public_key()), kJson);
    if (answer.from != DepotAnswer::From::Depot || answer.status != 201) {
        if (definite_refusal(answer) && answer.status != 404) forget_pending_key(store);
        return refusal(answer, url);
    }
    auto enrolled = decode_enrolled(answer.body);
    if (!enrolled) return make_error(ErrorCode::depot_error, "the depot's key registration answer is not valid");
    if (Status s = check_pin(store, url, enrolled->depot_public_key); !s) return s.error();
    if (Status s = keep_enrollment(store, enrolled.value()); !s) return s.error();
    return DeviceSigner{enrolled->key_id, std::move(key).value()};
}

}  // namespace fc
