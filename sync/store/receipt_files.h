#pragma once
// Receipt files: the customer's receipt PDF of each sealed visit, kept beside the device store
// (`<data dir>/receipts/<visit id>.pdf`) so the technician can give it later, print it or mail it,
// without rendering again. The sealed record stays the truth: a missing file can be made again.
#include <filesystem>
#include <string>

#include "checklists/expected.h"
#include "sync/store/device_store.h"

namespace fc {

inline constexpr const char* kReceiptsDir = "receipts";

// Where `visit_id`'s receipt is kept; refused (code "bad_id") for an id that is not a plain file
// name (empty, a leading '.', or anything but letters, digits, '-', '_' and '.'), so a visit id from
// a depot can never name a file outside the receipts folder.
Expected<std::filesystem::path> receipt_pdf_path(const DeviceStore& store, const std::string& visit_id);

// Writes the PDF durably (temp file, fsync, rename, fsync the folder): when this returns ok the file
// is whole on disk; a crash leaves the old file or none, never a torn one. Out of space: "disk_full".
Status keep_receipt_pdf(const DeviceStore& store, const std::string& visit_id, const std::string& pdf);

// The kept PDF's bytes; code "not_found" when none was kept (or it was lost).
Expected<std::string> kept_receipt_pdf(const DeviceStore& store, const std::string& visit_id);

}  // namespace fc
