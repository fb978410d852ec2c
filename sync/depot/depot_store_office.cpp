// The DepotStore's back-office accounts and their sessions (schema 11).
#include <cctype>
#include <functional>

#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"

namespace fc {
namespace {

constexpr const char* kUserColumns = "id, name, role, language, created_ms, disabled_ms";

OfficeUser user_of_row(const DepotStatement& st, int first = 0) {
    OfficeUser u;
    u.id = st.int64(first);
    u.name = st.text(first + 1);
    u.role = role_from_name(st.text(first + 2)).value_or(OfficeRole::Helpdesk);
    u.lang = lang_from_code(st.text(first + 3)).value_or(Lang::Nl);
    u.created_ms = st.int64(first + 4);
    u.disabled_ms = st.int64(first + 5);
    return u;
}

// Names people type and read on every page: letters, digits and a few marks, as e-mail addresses have.
bool is_user_name(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    for (unsigned char c : name) {
        if (!std::isalnum(c) && c != '.' && c != '-' && c != '_' && c != '@') return false;
    }
    return true;
}

Error no_such_user(const std::string& name) {
    return make_error(ErrorCode::no_such_user, "there is no back-office account named " + name).with("subject", name);
}

}  // namespace

Expected<OfficeUser> DepotStore::add_office_user(const std::string& name, OfficeRole role, Lang lang,
                                                 const std::string& password_hash, std::int64_t now_ms) {
    if (!is_user_name(name)) {
        return make_error(ErrorCode::bad_user_name, "a name is 1 to 64 letters, digits, '.', '-', '_' or '@'");
    }
    std::lock_guard lock(mutex_);
    auto st = db_->prepare("INSERT INTO office_users(name, role, language, password_hash, created_ms) "
                                            "VALUES(?, ?, ?, ?, ?) ON CONFLICT(name) DO NOTHING RETURNING id");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, name).bind(2, role_name(role)).bind(3, lang_code(lang)).bind(4, password_hash).bind(5, now_ms);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) {
        return make_error(ErrorCode::user_exists, "there is already an account named " + name).with("subject", name);
    }
    OfficeUser u{st->int64(0), name, role, lang, now_ms, 0};
    if (auto done = st->step(); !done) return depot_error(done.error(), dir_);
    return u;
}

Expected<std::vector<OfficeUser>> DepotStore::office_users() {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(std::string("SELECT ") + kUserColumns + " FROM office_users ORDER BY name");
    if (!st) return depot_error(st.error(), dir_);
    std::vector<OfficeUser> out;
    while (st->next_row()) out.push_back(user_of_row(*st));
    if (Status s = st->done(); !s) return depot_error(s.error(), dir_);
    return out;
}

Expected<std::optional<OfficeLogin>> DepotStore::office_login(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(std::string("SELECT ") + kUserColumns +
                                                ", password_hash FROM office_users WHERE name = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, name);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<OfficeLogin>();
    return std::optional<OfficeLogin>(OfficeLogin{user_of_row(*st), st->text(6)});
}

namespace {

// One UPDATE of an account by name, then its sessions ended, in one transaction.
Status change_user(DepotDb& db, const std::string& sql, const std::string& name,
                   const std::function<void(DepotStatement&)>& bind, bool end_sessions) {
    auto tx = DepotTransaction::begin(db, "changing a back-office account");
    if (!tx) return tx.error();
    auto st = db.prepare(sql);
    if (!st) return st.error();
    bind(*st);
    st->bind(2, name);  // every statement below names the account as ?2
    if (auto s = st->run(); !s) return s;
    if (st->changes() == 0) return no_such_user(name);
    if (end_sessions) {
        auto end = db.prepare("DELETE FROM office_sessions WHERE user_id = (SELECT id FROM office_users WHERE name = ?)");
        if (!end) return end.error();
        end->bind(1, name);
        if (auto s = end->run(); !s) return s;
    }
    return tx->commit();
}

}  // namespace

Status DepotStore::set_office_password(const std::string& name, const std::string& password_hash) {
    std::lock_guard lock(mutex_);
    Status s = change_user(*db_, "UPDATE office_users SET password_hash = ?1 WHERE name = ?2", name,
                           [&](DepotStatement& st) { st.bind(1, password_hash); }, true);
    return s ? s : Status(s.error().code == ErrorCode::no_such_user ? s.error() : depot_error(s.error(), dir_));
}

Status DepotStore::disable_office_user(const std::string& name, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    Status s = change_user(*db_, "UPDATE office_users SET disabled_ms = ?1 WHERE name = ?2 AND disabled_ms = 0", name,
                           [&](DepotStatement& st) { st.bind(1, now_ms); }, true);
    if (!s && s.error().code == ErrorCode::no_such_user) {
        // Already disabled is done, not an error; only a name nobody has is.
        auto known = db_->prepare("SELECT 1 FROM office_users WHERE name = ?");
        if (!known) return depot_error(known.error(), dir_);
        known->bind(1, name);
        auto row = known->step();
        if (row && row.value()) return {};
    }
    return s ? s : Status(s.error().code == ErrorCode::no_such_user ? s.error() : depot_error(s.error(), dir_));
}

Status DepotStore::set_office_role(const std::string& name, OfficeRole role) {
    std::lock_guard lock(mutex_);
    // A new role ends the sessions: a page already open must not keep the old role's rights.
    Status s = change_user(*db_, "UPDATE office_users SET role = ?1 WHERE name = ?2", name,
                           [&](DepotStatement& st) { st.bind(1, role_name(role)); }, true);
    return s ? s : Status(s.error().code == ErrorCode::no_such_user ? s.error() : depot_error(s.error(), dir_));
}

Status DepotStore::set_office_language(const std::string& name, Lang lang) {
    std::lock_guard lock(mutex_);
    Status s = change_user(*db_, "UPDATE office_users SET language = ?1 WHERE name = ?2", name,
                           [&](DepotStatement& st) { st.bind(1, lang_code(lang)); }, false);
    return s ? s : Status(s.error().code == ErrorCode::no_such_user ? s.error() : depot_error(s.error(), dir_));
}

Status DepotStore::start_office_session(std::int64_t user_id, const std::string& token_hash, const std::string& csrf,
                                        std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto tx = DepotTransaction::begin(*db_, "starting a back-office session");
    if (!tx) return depot_error(tx.error(), dir_);
    // Ended sessions are forgotten as new ones start, so the table holds only live ones and a few stale.
    auto sweep = db_->prepare("DELETE FROM office_sessions WHERE expires_ms <= ? OR seen_ms <= ?");
    if (!sweep) return depot_error(sweep.error(), dir_);
    sweep->bind(1, now_ms).bind(2, now_ms - kOfficeIdleMs);
    if (auto s = sweep->run(); !s) return depot_error(s.error(), dir_);
    auto st = db_->prepare("INSERT INTO office_sessions(token_hash, user_id, csrf, created_ms, seen_ms, "
                                            "expires_ms) VALUES(?, ?, ?, ?, ?, ?)");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, token_hash).bind(2, user_id).bind(3, csrf).bind(4, now_ms).bind(5, now_ms).bind(6, now_ms + kOfficeSessionMs);
    if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
    if (auto s = tx->commit(); !s) return depot_error(s.error(), dir_);
    return {};
}

Expected<std::optional<OfficeSession>> DepotStore::office_session(const std::string& token_hash, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare("SELECT u.id, u.name, u.role, u.language, u.created_ms, u.disabled_ms, s.csrf, s.expires_ms, s.seen_ms "
             "FROM office_sessions s JOIN office_users u ON u.id = s.user_id "
             "WHERE s.token_hash = ? AND s.expires_ms > ? AND s.seen_ms > ? AND u.disabled_ms = 0");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, token_hash).bind(2, now_ms).bind(3, now_ms - kOfficeIdleMs);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<OfficeSession>();
    OfficeSession session{user_of_row(*st), st->text(6), st->int64(7)};
    // Why only once a minute: a page view must not be a durable write each time.
    if (st->int64(8) < now_ms - 60'000) {
        auto touch = db_->prepare("UPDATE office_sessions SET seen_ms = ? WHERE token_hash = ?");
        if (!touch) return depot_error(touch.error(), dir_);
        touch->bind(1, now_ms).bind(2, token_hash);
        if (auto s = touch->run(); !s) return depot_error(s.error(), dir_);
    }
    return std::optional<OfficeSession>(std::move(session));
}

Status DepotStore::end_office_session(const std::string& token_hash) {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare("DELETE FROM office_sessions WHERE token_hash = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, token_hash);
    if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
    return {};
}

}  // namespace fc
