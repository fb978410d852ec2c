// DepotStore's state that every depot instance must see the same: the signing key and the nonces
// of signed requests (on PostgreSQL; a SQLite depot is one process beside one file).
#include "sync/depot/depot_key.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"
#include "sync/depot/seen_nonces.h"

namespace fc {

Expected<SigningKey> DepotStore::signing_key() {
    if (db_->dialect() == SqlDialect::sqlite) return load_or_create_depot_key(dir_);
    std::lock_guard lock(mutex_);
    const SigningKey fresh = SigningKey::generate();
    auto put = cached_("INSERT INTO depot_signing_key(id, seed, created_ms) VALUES(1, ?, 0) ON CONFLICT DO NOTHING");
    if (!put) return depot_error(put.error(), dir_);
    put->bind(1, base64_encode(fresh.seed()));
    if (Status s = put->run(); !s) return depot_error(s.error(), dir_);
    auto st = cached_("SELECT seed FROM depot_signing_key WHERE id = 1");
    if (!st) return depot_error(st.error(), dir_);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    auto seed = row.value() ? base64_decode(st->text(0)) : Expected<std::string>(make_error(ErrorCode::corrupt, "no key row"));
    auto key = seed ? SigningKey::from_seed(seed.value()) : Expected<SigningKey>(seed.error());
    if (!key) {
        return make_error(ErrorCode::bad_key, "the depot's signing key in the " + db_->where() +
                                                  " is damaged; restore it from a backup, or every tablet must enroll again");
    }
    return key;
}

Expected<bool> DepotStore::remember_nonce(const std::string& key_id, const std::string& nonce, std::int64_t now_ms) {
    if (DepotStore* r = reader_()) return r->remember_nonce(key_id, nonce, now_ms);
    std::lock_guard lock(mutex_);
    // A row older than the window is a nonce that can no longer be replayed: taking it over is fresh.
    auto st = cached_("INSERT INTO seen_nonces(nonce_key, seen_ms) VALUES(?1, ?2) ON CONFLICT(nonce_key) DO UPDATE "
                      "SET seen_ms = excluded.seen_ms WHERE seen_nonces.seen_ms < CAST(?3 AS BIGINT)");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, key_id + " " + nonce).bind(2, now_ms).bind(3, now_ms - SeenNonces::kRememberMs);
    if (Status s = st->run(); !s) return depot_error(s.error(), dir_);
    const bool fresh = st->changes() == 1;
    // Forgetting is cheap and rare: about once per thousand requests, what left the window goes.
    if (fresh && std::hash<std::string>{}(nonce) % 1024 == 0) {
        auto sweep = cached_("DELETE FROM seen_nonces WHERE seen_ms < CAST(?1 AS BIGINT)");
        if (!sweep) return depot_error(sweep.error(), dir_);
        sweep->bind(1, now_ms - SeenNonces::kRememberMs);
        if (Status s = sweep->run(); !s) return depot_error(s.error(), dir_);
    }
    return fresh;
}

std::optional<ThrottleBuckets::Row> DepotStore::bucket(const std::string& key) {
    if (DepotStore* r = reader_()) return r->bucket(key);
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT tries, refilled_ms FROM login_throttle WHERE throttle_key = ?");
    if (!st) return std::nullopt;
    st->bind(1, key);
    auto row = st->step();
    if (!row || !row.value()) return std::nullopt;
    return ThrottleBuckets::Row{st->int32(0), st->int64(1)};
}

void DepotStore::put_bucket(const std::string& key, const ThrottleBuckets::Row& row) {
    std::lock_guard lock(mutex_);
    auto st = cached_("INSERT INTO login_throttle(throttle_key, tries, refilled_ms) VALUES(?, ?, ?) "
                      "ON CONFLICT(throttle_key) DO UPDATE SET tries = excluded.tries, refilled_ms = excluded.refilled_ms");
    if (!st) return;
    st->bind(1, key).bind(2, row.tries).bind(3, row.refilled_ms);
    (void)st->run();
}

void DepotStore::forget_bucket(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto st = cached_("DELETE FROM login_throttle WHERE throttle_key = ?");
    if (!st) return;
    st->bind(1, key);
    (void)st->run();
}

}  // namespace fc
