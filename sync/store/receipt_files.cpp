#include "sync/store/receipt_files.h"

#include "sync/storage/durable_file.h"

namespace fc {
namespace {

bool plain_file_name(const std::string& id) {
    if (id.empty() || id.front() == '.' || id.size() > 200) return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

Expected<std::filesystem::path> receipt_pdf_path(const DeviceStore& store, const std::string& visit_id) {
    if (!plain_file_name(visit_id)) {
        return make_error(ErrorCode::bad_id, "the visit id '" + visit_id + "' cannot name a receipt file")
            .with("subject", visit_id);
    }
    return store.dir() / kReceiptsDir / (visit_id + ".pdf");
}

Status keep_receipt_pdf(const DeviceStore& store, const std::string& visit_id, const std::string& pdf) {
    auto path = receipt_pdf_path(store, visit_id);
    if (!path) return path.error();
    // Private like the store itself: a receipt names the customer and the address.
    if (Status s = create_private_directory(path->parent_path()); !s) return s;
    return write_file_durably(*path, pdf);
}

Expected<std::string> kept_receipt_pdf(const DeviceStore& store, const std::string& visit_id) {
    auto path = receipt_pdf_path(store, visit_id);
    if (!path) return path.error();
    return read_whole_file(*path);
}

}  // namespace fc
