// The DepotStore's enrollment: one-time codes a tablet enrolls its key with, the token lookup the
// key registration of a bearer-token tablet needs, and the date bearer tokens stop counting.
#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"
#include "sync/wire/device_token.h"
#include "sync/wire/enrollment_code.h"
#include "sync/wire/wire_ids.h"
#include "sync/wire/wire_messages.h"

namespace fc {
namespace {

Status check_owner(const std::string& technician_id, const std::string& device) {
    if (!is_wire_id(technician_id)) {
        return make_error(ErrorCode::bad_technician, "a technician id is 1 to 64 letters, digits, '-' or '_'");
    }
    if (!is_device_label(device)) {
        return make_error(ErrorCode::bad_device, "a device name is 1 to 64 bytes of text without control characters");
    }
    return {};
}

struct CodeRow {
    std::string technician_id;
    std::string device;
    std::int64_t expires_ms = 0;
    std::int64_t used_ms = 0;
    std::string key_id;
};

// Why one sentence for an unknown and a malformed code: a guesser must learn nothing from the answer.
Error unknown_code() {
    return make_error(ErrorCode::enrollment_code_unknown,
                      "this enrollment code is not known at the depot; check the digits or ask for a new code");
}

}  // namespace

Expected<NewEnrollmentCode> DepotStore::create_enrollment_code(const std::string& technician_id, const std::string& device,
                                                               std::int64_t valid_ms, std::int64_t now_ms) {
    if (Status s = check_owner(technician_id, device); !s) return s.error();
    NewEnrollmentCode out{new_enrollment_code(), now_ms + valid_ms};
    std::lock_guard lock(mutex_);
    auto st = db_->prepare("INSERT INTO enrollment_codes(code_hash, technician_id, device, created_ms, "
                                            "expires_ms) VALUES(?, ?, ?, ?, ?)");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, enrollment_code_hash(out.code)).bind(2, technician_id).bind(3, device).bind(4, now_ms).bind(5, out.expires_ms);
    if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
    return out;
}

Expected<std::vector<EnrollmentCodeInfo>> DepotStore::list_enrollment_codes() {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare("SELECT technician_id, device, created_ms, expires_ms, coalesce(used_ms, 0), "
                                            "coalesce(key_id, '') FROM enrollment_codes ORDER BY created_ms, code_hash");
    if (!st) return depot_error(st.error(), dir_);
    std::vector<EnrollmentCodeInfo> out;
    while (st->next_row()) {
        out.push_back({st->text(0), st->text(1), st->int64(2), st->int64(3), st->int64(4), st->text(5)});
    }
    if (Status read = st->done(); !read) return depot_error(read.error(), dir_);
    return out;
}

Expected<DeviceKey> DepotStore::enroll_with_code(const std::string& code, const PublicKey& key, std::int64_t now_ms) {
    auto digits = normalized_enrollment_code(code);
    if (!digits) return unknown_code();
    const std::string hash = enrollment_code_hash(*digits);
    std::lock_guard lock(mutex_);
    // BEGIN IMMEDIATE: two requests racing with one code (also from two depot processes on one
    // file) are taken one after the other; the second finds the code used.
    auto tx = DepotTransaction::begin(*db_, "enrolling a device");
    if (!tx) return depot_error(tx.error(), dir_);
    auto st = db_->prepare("SELECT technician_id, device, expires_ms, coalesce(used_ms, 0), "
                                            "coalesce(key_id, '') FROM enrollment_codes WHERE code_hash = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, hash);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return unknown_code();
    const CodeRow c{st->text(0), st->text(1), st->int64(2), st->int64(3), st->text(4)};
    if (c.used_ms != 0) {
        // The same tablet asking again with the same key (its first answer was lost on the way):
        // the enrollment it already made, not a second one.
        auto earlier = device_key_(c.key_id);
        if (!earlier) return depot_error(earlier.error(), dir_);
        if (earlier.value() && earlier.value()->public_key.bytes == key.bytes && earlier.value()->revoked_ms == 0) {
            return *earlier.value();
        }
        return make_error(ErrorCode::enrollment_code_used, "this enrollment code was already used; ask for a new one");
    }
    if (now_ms >= c.expires_ms) {
        return make_error(ErrorCode::enrollment_code_expired, "this enrollment code has expired; ask for a new one");
    }
    auto bound = register_device_key_(key, c.technician_id, c.device, 0, now_ms);
    if (!bound) return bound.error();
    auto use = db_->prepare("UPDATE enrollment_codes SET used_ms = ?, key_id = ? WHERE code_hash = ?");
    if (!use) return depot_error(use.error(), dir_);
    use->bind(1, now_ms).bind(2, bound->key_id).bind(3, hash);
    if (auto s = use->run(); !s) return depot_error(s.error(), dir_);
    if (Status s = tx->commit(); !s) return depot_error(s.error(), dir_);
    return bound;
}

Expected<std::optional<DepotTokenInfo>> DepotStore::token_info(const std::string& token) {
    if (DepotStore* r = reader_()) return r->token_info(token);
    if (!is_device_token(token)) return std::optional<DepotTokenInfo>();
    const std::string hash = device_token_hash(token);
    std::lock_guard lock(mutex_);
    auto st = db_->prepare("SELECT token_hash, id, technician_id, device, created_ms FROM tokens "
                                            "WHERE token_hash = ? AND revoked_ms IS NULL");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, hash);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value() || !constant_time_equal(st->text(0), hash)) return std::optional<DepotTokenInfo>();
    return std::optional<DepotTokenInfo>(DepotTokenInfo{st->int64(1), st->text(2), st->text(3), st->int64(4), 0});
}

Status DepotStore::set_bearer_cutover_ms(std::int64_t cutover_ms, std::int64_t now_ms) {
    if (cutover_ms < 0) return make_error(ErrorCode::bad_setting, "a cut-over date after 1970, please");
    std::lock_guard lock(mutex_);
    if (cutover_ms == 0) {
        auto st = db_->prepare("DELETE FROM settings WHERE key = 'bearer_cutover'");
        if (!st) return depot_error(st.error(), dir_);
        if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
        return {};
    }
    auto st = db_->prepare("INSERT INTO settings(key, value, changed_ms) VALUES('bearer_cutover', ?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_ms = excluded.changed_ms");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, std::to_string(cutover_ms)).bind(2, now_ms);
    if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
    return {};
}

}  // namespace fc
