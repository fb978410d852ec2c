// DepotStore's read connections (open_readers): the lookups every request makes, beside the writer.
#include <sqlite3.h>

#include "sync/depot/depot_schema.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"

namespace fc {

Status DepotStore::open_readers(int count) {
    std::lock_guard lock(mutex_);
    if (!readers_.empty()) return {};
    std::vector<std::unique_ptr<DepotStore>> opened;
    for (int i = 0; i < count; ++i) {
        auto db = open_depot_reader(dir_ / "depot.db");
        if (!db) return depot_error(db.error(), dir_);
        opened.push_back(std::unique_ptr<DepotStore>(new DepotStore(db.value(), dir_, instance_id_)));
    }
    readers_ = std::move(opened);
    return {};
}

DepotStore* DepotStore::reader_() {
    if (readers_.empty()) return nullptr;
    return readers_[next_reader_.fetch_add(1, std::memory_order_relaxed) % readers_.size()].get();
}

}  // namespace fc
