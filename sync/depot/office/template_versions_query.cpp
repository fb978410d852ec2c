#include "sync/depot/office/template_versions_query.h"


namespace fc {

Expected<std::vector<TemplateVersionRow>> template_versions(DepotStore& store) {
    return store.with_db([](DepotDb& db, const std::filesystem::path&) -> Expected<std::vector<TemplateVersionRow>> {
        auto st = db.prepare("SELECT id, version, title, language, imported_ms FROM templates ORDER BY id, version DESC");
        if (!st) return st.error();
        std::vector<TemplateVersionRow> out;
        while (st->next_row()) out.push_back({st->text(0), st->int32(1), st->text(2), st->text(3), st->int64(4)});
        if (Status read = st->done(); !read) return read.error();
        return out;
    });
}

}  // namespace fc
