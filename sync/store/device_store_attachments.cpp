// DeviceStore: photos and signatures, stored as files named by their SHA-256.
#include "checklists/sha256.h"
#include "sync/store/device_store.h"
#include "sync/store/device_store_rows.h"
#include "sync/storage/durable_file.h"
#include "sync/storage/sqlite_statement.h"
#include "sync/storage/sqlite_transaction.h"

namespace fc {
namespace {

constexpr std::size_t kMaxMediaTypeLength = 100;

Error not_a_hash(const std::string& sha256) {
    // Appended, not `"\"" + ...`: GCC 12 at -O2 warns (-Wrestrict, a false positive) on that form.
    std::string name = "\"";
    name += std::string_view(sha256).substr(0, 80);
    name += "\" is not an attachment name (64 lowercase hex digits)";
    return make_error(ErrorCode::invalid_hash, std::move(name));
}

}  // namespace

std::filesystem::path DeviceStore::attachment_path(const std::string& sha256) const {
    // Only a checked hash becomes a path: nothing else may steer where the store reads or writes.
    if (!is_sha256_hex(sha256)) return {};
    return dir_ / kAttachmentsDir / sha256.substr(0, 2) / sha256;
}

Expected<std::string> DeviceStore::put_attachment(std::string_view bytes, const std::string& media_type) {
    if (media_type.empty() || media_type.size() > kMaxMediaTypeLength ||
        media_type.find('/') == std::string::npos) {
        return make_error(ErrorCode::invalid_media_type, "An attachment needs a media type such as image/jpeg, not \"" +
                                                    media_type.substr(0, kMaxMediaTypeLength) + "\"");
    }
    const std::string sha = sha256_hex(bytes);
    const auto path = attachment_path(sha);
    if (auto s = create_private_directory(path.parent_path()); !s) return s.error();

    // The file first, durably; the row only after. A crash in between leaves an unreferenced file
    // (harmless, reused next time), never a row pointing at nothing.
    auto existing = read_whole_file(path);
    if (existing && sha256_hex(*existing) == sha) {
        if (auto s = sync_existing_file(path); !s) return s.error();
    } else {
        if (!existing && existing.error().code != ErrorCode::not_found) return existing.error();
        // A file under this name with other bytes is damaged; the right bytes replace it.
        if (auto s = write_file_durably(path, bytes); !s) return s.error();
    }

    auto tx = Transaction::begin(db_, "storing attachment " + sha);
    if (!tx) return tx.error();
    auto insert = SqliteStatement::prepare(
        db_, "INSERT INTO attachments (sha256, size, media_type, created_ms) VALUES (?1, ?2, ?3, ?4) "
             "ON CONFLICT (sha256) DO NOTHING");
    if (!insert) return insert.error();
    if (auto s = insert->bind(1, sha)
                     .bind(2, static_cast<std::int64_t>(bytes.size()))
                     .bind(3, media_type)
                     .bind(4, clock_.now().wall_ms)
                     .run();
        !s) {
        return s.error();
    }
    if (auto s = tx->commit(); !s) return s.error();
    return sha;
}

Expected<std::string> DeviceStore::read_attachment(const std::string& sha256) {
    if (!is_sha256_hex(sha256)) return not_a_hash(sha256);
    auto stmt = SqliteStatement::prepare(db_, "SELECT size FROM attachments WHERE sha256 = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, sha256);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return make_error(ErrorCode::not_found, "Attachment " + sha256 + " is not on this tablet");
    const auto path = attachment_path(sha256);
    auto bytes = read_whole_file(path);
    if (!bytes) {
        if (bytes.error().code == ErrorCode::not_found) {
            return make_error(ErrorCode::attachment_missing, "The file of attachment " + sha256 + " is missing: " + path.string());
        }
        return bytes.error();
    }
    // Why verify on every read: a damaged photo must not be sent as if it were the one the seal names.
    if (sha256_hex(*bytes) != sha256) {
        return make_error(ErrorCode::corrupt, "The file " + path.string() + " no longer matches its SHA-256; it is damaged");
    }
    return std::move(*bytes);
}

}  // namespace fc
