// DepotStore's read connections (open_readers): the lookups every request makes, beside the writer.
#include "sync/depot/db/pg_depot_db.h"
#include "sync/depot/db/sqlite_depot_db.h"
#include "sync/depot/depot_schema.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"

namespace fc {

Expected<std::unique_ptr<DepotDb>> DepotStore::connect_reader_(const DepotLocation& where) {
    if (!where.db_url.empty()) {
        auto server = PgDepotDb::connect(where.db_url);
        if (!server) return server.error();
        return std::unique_ptr<DepotDb>(std::move(server).value());
    }
    auto file = open_depot_reader(where.dir / "depot.db");
    if (!file) return file.error();
    return std::unique_ptr<DepotDb>(std::make_unique<SqliteDepotDb>(file.value(), (where.dir / "depot.db").string()));
}

Status DepotStore::open_readers(int count) {
    std::lock_guard lock(mutex_);
    if (!readers_.empty()) return {};
    std::vector<std::unique_ptr<DepotStore>> opened;
    for (int i = 0; i < count; ++i) {
        auto db = connect_reader_(location_);
        if (!db) return depot_error(db.error(), dir_);
        opened.push_back(std::unique_ptr<DepotStore>(new DepotStore(std::move(db).value(), location_, instance_id_)));
    }
    readers_ = std::move(opened);
    return {};
}

DepotStore* DepotStore::reader_() {
    if (readers_.empty()) return nullptr;
    return readers_[next_reader_.fetch_add(1, std::memory_order_relaxed) % readers_.size()].get();
}

}  // namespace fc
