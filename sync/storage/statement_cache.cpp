#include "statement_cache.h"

#include <sqlite3.h>

#include <utility>

namespace fc {
namespace {

int count_compilation(void* counter, int, const char*, const char*, const char*, const char*) {
    ++*static_cast<std::int64_t*>(counter);
    return SQLITE_OK;
}

}  // namespace

CachedStatement::CachedStatement(SqliteStatement* statement, bool* leased, std::unique_ptr<SqliteStatement> owned)
    : statement_(statement), leased_(leased), owned_(std::move(owned)) {}

CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)),
      leased_(std::exchange(other.leased_, nullptr)),
      owned_(std::move(other.owned_)) {}

CachedStatement::~CachedStatement() {
    if (statement_ && leased_) {
        statement_->reset();
        *leased_ = false;
    }
}

StatementCache::StatementCache(sqlite3* db) : db_(db) {
    // The counter's address outlives every compilation: the cache is destroyed only with its store.
    sqlite3_set_authorizer(db_, count_compilation, compiled_.get());
}

Expected<CachedStatement> StatementCache::get(std::string_view sql) {
    auto it = entries_.find(std::string(sql));
    if (it != entries_.end() && it->second.leased) {
        auto fresh = SqliteStatement::prepare(db_, sql);
        if (!fresh) return fresh.error();
        auto owned = std::make_unique<SqliteStatement>(std::move(fresh).value());
        SqliteStatement* raw = owned.get();
        return CachedStatement(raw, nullptr, std::move(owned));
    }
    if (it == entries_.end()) {
        auto prepared = SqliteStatement::prepare_persistent(db_, sql);
        if (!prepared) return prepared.error();
        it = entries_.emplace(std::string(sql), Entry{std::make_unique<SqliteStatement>(std::move(prepared).value()), false}).first;
    }
    it->second.leased = true;
    return CachedStatement(it->second.statement.get(), &it->second.leased, nullptr);
}

Status StatementCache::run(std::string_view sql) {
    auto statement = get(sql);
    if (!statement) return statement.error();
    return (*statement)->run();
}

}  // namespace fc
