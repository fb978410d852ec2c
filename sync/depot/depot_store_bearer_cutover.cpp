// The DepotStore's bearer cut-over date: after it, a tablet must sign its requests with its key.
#include <charconv>

#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"

namespace fc {

Expected<std::optional<std::int64_t>> DepotStore::bearer_cutover_ms() {
    if (DepotStore* r = reader_()) return r->bearer_cutover_ms();
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT value FROM settings WHERE key = 'bearer_cutover'");
    if (!st) return depot_error(st.error(), dir_);
    std::optional<std::int64_t> out;
    if (st->next_row()) {
        const std::string text = st->text(0);
        std::int64_t ms = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
        if (ec != std::errc() || end != text.data() + text.size()) {
            return make_error(ErrorCode::corrupt, "the setting bearer_cutover is not a time in milliseconds: '" + text + "'");
        }
        out = ms;
    }
    if (Status read = st->done(); !read) return depot_error(read.error(), dir_);
    return out;
}

}  // namespace fc
