#include "depot_db.h"

namespace fc {

Expected<DepotStatement> DepotDb::prepare(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
        auto run = compile(sql, true);
        if (!run) return run.error();
        it = statements_.emplace(sql, Kept{std::move(run).value(), false}).first;
    }
    if (!it->second.lent) {
        it->second.lent = true;
        return DepotStatement(it->second.run.get(), &it->second.lent);
    }
    auto own = compile(sql, false);
    if (!own) return own.error();
    return DepotStatement(std::move(own).value());
}

}  // namespace fc
