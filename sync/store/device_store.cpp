// DeviceStore: opening the file safely, templates, settings and the integrity check.
// Visits, events and the outbox are in device_store_visits.cpp; attachments in
// device_store_attachments.cpp.
#include "device_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>

#include "checklists/template_parser.h"
#include "sync/store/checked_file.h"
#include "sync/store/device_schema.h"
#include "sync/store/device_store_rows.h"
#include "sync/storage/durable_file.h"
#include "sync/storage/sqlite_statement.h"
#include "sync/storage/sqlite_transaction.h"

namespace fc {
namespace {

constexpr const char* kDatabaseFile = "fieldcheck.db";
constexpr int kBusyTimeoutMs = 5000;

struct CloseDatabase {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DatabaseHandle = std::unique_ptr<sqlite3, CloseDatabase>;

constexpr std::size_t kSqliteHeaderBytes = 100;

Error corrupt_file(const std::filesystem::path& path, const std::string& why) {
    return make_error(ErrorCode::corrupt, "The device database " + path.string() + " " + why +
                                     "; it was left as it is. Keep the file for the back office.");
}

Error not_fieldcheck_file(const std::filesystem::path& path, const std::string& why) {
    return not_fieldcheck_database(path.string(), why);
}

std::uint32_t big_endian_at(const unsigned char* header, std::size_t offset) {
    return (std::uint32_t{header[offset]} << 24) | (std::uint32_t{header[offset + 1]} << 16) |
           (std::uint32_t{header[offset + 2]} << 8) | std::uint32_t{header[offset + 3]};
}

// Why before SQLite: sqlite3_open on a file that is not a database may still write to it (a hot
// journal next to it, a WAL), and a file some other program wrote must never be touched. An empty
// file is what a crash leaves between creating the database and its first commit: SQLite treats
// it as a new database, and so do we. The 100-byte database header also tells most other
// programs' databases apart without SQLite: another application id, or a schema (its change
// counter, the "schema cookie", is above 0) with user_version still 0, which a device database
// never has because its first migration writes both in one transaction.
Status check_sqlite_header(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return {};
    if (!std::filesystem::is_regular_file(path, ec)) return corrupt_file(path, "is not a regular file");
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return make_error(ErrorCode::io_error, "Could not read the size of " + path.string() + ": " + ec.message());
    if (size == 0) return {};
    // After a power cut page 1 may be torn while a hot journal or the WAL still holds the good
    // copy; only SQLite's recovery can judge such a file, so the header waits for the checks that
    // run through SQLite once it has opened it (found by the power-cut tests).
    for (const char* sidecar : {"-journal", "-wal"}) {
        const std::filesystem::path p(path.string() + sidecar);
        if (std::filesystem::exists(p, ec) && std::filesystem::file_size(p, ec) > 0 && !ec) return {};
    }
    static constexpr char kMagic[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};
    char header[kSqliteHeaderBytes] = {};
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::io_error, "Could not open " + path.string() + " to check it");
    in.read(header, sizeof header);
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got < sizeof kMagic || !std::equal(header, header + sizeof kMagic, kMagic)) {
        return corrupt_file(path, "is not an SQLite database (its first bytes are not \"SQLite format 3\")");
    }
    if (got < sizeof header) return {};  // SQLite itself reports a truncated header as not a database
    const auto* bytes = reinterpret_cast<const unsigned char*>(header);
    const auto application_id = static_cast<std::int32_t>(big_endian_at(bytes, 68));
    if (application_id != 0 && application_id != kDeviceApplicationId) {
        return not_fieldcheck_file(path, "its application id is " + std::to_string(application_id) +
                                             ", fieldcheck's is " + std::to_string(kDeviceApplicationId));
    }
    if (big_endian_at(bytes, 60) == 0 && big_endian_at(bytes, 40) != 0) {
        return not_fieldcheck_file(path, "it already holds another program's tables but no fieldcheck schema version");
    }
    return {};
}

// The files SQLite keeps next to a WAL database. A refused file must be left as it was found, and
// opening it (even only to read) may have created them.
struct Sidecars {
    explicit Sidecars(const std::filesystem::path& database)
        : wal(database.string() + "-wal"), shm(database.string() + "-shm") {
        std::error_code ec;
        had_wal = std::filesystem::exists(wal, ec);
        had_shm = std::filesystem::exists(shm, ec);
    }
    // Only after the connection is closed. An empty -wal holds nothing; a -wal with content was
    // written by someone else and stays.
    void remove_new_ones() const {
        std::error_code ec;
        if (!had_wal && std::filesystem::exists(wal, ec) && std::filesystem::file_size(wal, ec) == 0 && !ec) {
            std::filesystem::remove(wal, ec);
        }
        if (!had_shm) std::filesystem::remove(shm, ec);
    }
    std::filesystem::path wal;
    std::filesystem::path shm;
    bool had_wal = false;
    bool had_shm = false;
};

// PRAGMA quick_check: O(size) but catches damaged pages before anything is written on top of them.
Status quick_check(sqlite3* db, const std::filesystem::path& path) {
    count_whole_file_check();
    auto stmt = SqliteStatement::prepare(db, "PRAGMA quick_check(5)");
    if (!stmt) return stmt.error();
    std::string problems;
    while (stmt->next_row()) {
        const std::string line = stmt->text(0);
        if (line == "ok") continue;
        problems += (problems.empty() ? "" : "; ") + line;
    }
    if (Status read = stmt->done(); !read) return read.error();
    if (!problems.empty()) return corrupt_file(path, "failed its integrity check (" + problems + ")");
    return {};
}

Status set_pragmas(sqlite3* db) {
    auto mode = SqliteStatement::prepare(db, "PRAGMA journal_mode=WAL");
    if (!mode) return mode.error();
    auto row = mode->step();
    if (!row) return row.error();
    if (!*row || mode->text(0) != "wal") {
        return make_error(ErrorCode::sqlite_error, "The device database could not switch to WAL mode (it stayed in \"" +
                                              (*row ? mode->text(0) : std::string()) + "\" mode)");
    }
    // synchronous=FULL: in WAL mode the commit fsyncs the log, so a returned call survives power loss.
    return exec_sql(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", "setting the database options");
}

// Everything open() does with SQLite, up to a migrated file in WAL mode. Nothing is written before
// the file is known to be a device database of a version this app reads.
// `check_whole`: false only while another connection of this process that checked it holds it open.
Expected<DatabaseHandle> open_device_database(const std::filesystem::path& path, bool check_whole) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    DatabaseHandle db(raw);
    if (rc != SQLITE_OK) return sqlite_error(raw, rc, "opening " + path.string());
    sqlite3_extended_result_codes(db.get(), 1);
    sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
    // Until the file is accepted, closing must not checkpoint a WAL into it: a refused file stays
    // byte for byte as it was.
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);

    auto version = read_schema_version(db.get());
    if (!version) {
        if (version.error().code == ErrorCode::corrupt) return corrupt_file(path, "cannot be read as a database");
        return version.error();
    }
    // The header check saw only the main file; a WAL-mode database may hold its tables in the WAL.
    if (auto s = check_device_database_identity(db.get(), path.string()); !s) return s.error();
    if (*version > DeviceStore::kSchemaVersion) {
        return make_error(ErrorCode::newer_schema, "The device database " + path.string() + " has schema version " +
                                              std::to_string(*version) + ", but this app knows only up to version " +
                                              std::to_string(DeviceStore::kSchemaVersion) +
                                              ". It was written by a newer fieldcheck: update the app. "
                                              "The file was not changed.");
    }
    if (check_whole) {
        if (auto s = quick_check(db.get(), path); !s) return s.error();
    }

    if (auto s = set_pragmas(db.get()); !s) return s.error();
    if (auto s = migrate_device_schema(db.get()); !s) return s.error();
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
    return Expected<DatabaseHandle>(std::move(db));
}

// What DeviceStore::pragma may read: the settings the store's promises rest on, nothing that
// changes state when queried.
constexpr const char* kReadablePragmas[] = {"application_id", "busy_timeout", "foreign_keys",
                                            "journal_mode",   "synchronous",  "user_version"};

}  // namespace

const char* to_string(OutboxState s) {
    switch (s) {
        case OutboxState::Pending: return "pending";
        case OutboxState::Sent: return "sent";
        case OutboxState::SetAside: return "set_aside";
    }
    return "pending";
}

DeviceStore::DeviceStore(sqlite3* db, std::filesystem::path dir, Clock& clock, std::unique_ptr<CheckedFile> checked)
    : db_(db), dir_(std::move(dir)), clock_(clock), checked_(std::move(checked)) {}

// The share of the check goes after the connection: the mark never outlives every connection.
DeviceStore::~DeviceStore() {
    statement_cache_.reset();  // its statements first, or the connection outlives this destructor
    sqlite3_close_v2(db_);
    checked_.reset();
}

Expected<std::unique_ptr<DeviceStore>> DeviceStore::open(const std::filesystem::path& dir, Clock& clock) {
    if (auto s = create_private_directory(dir); !s) return s.error();
    const auto path = dir / kDatabaseFile;
    if (auto s = check_sqlite_header(path); !s) return s.error();
    if (auto s = create_private_file_if_missing(path); !s) return s.error();
    const Sidecars sidecars(path);
    std::unique_ptr<CheckedFile> checked = CheckedFile::join(path);
    auto db = open_device_database(path, checked == nullptr);  // on failure the connection is closed when this returns
    if (!db) {
        // Only for a file known to be another program's: for a device database a -wal or -shm that
        // appeared meanwhile may belong to a second connection of this app (GUI and background sync).
        if (db.error().code == ErrorCode::not_fieldcheck) sidecars.remove_new_ones();
        return db.error();
    }
    if (auto s = create_private_directory(dir / kAttachmentsDir); !s) return s.error();
    if (!checked) checked = CheckedFile::mark(path);
    return std::unique_ptr<DeviceStore>(new DeviceStore(db->release(), dir, clock, std::move(checked)));
}

Expected<std::string> DeviceStore::pragma(const std::string& name) {
    if (std::find_if(std::begin(kReadablePragmas), std::end(kReadablePragmas),
                     [&](const char* p) { return name == p; }) == std::end(kReadablePragmas)) {
        std::string allowed;
        for (const char* p : kReadablePragmas) allowed += (allowed.empty() ? "" : ", ") + std::string(p);
        return make_error(ErrorCode::unknown_pragma, "The store does not read PRAGMA \"" + name + "\"; it reads only: " + allowed);
    }
    auto stmt = SqliteStatement::prepare(db_, "PRAGMA " + name);
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return make_error(ErrorCode::sqlite_error, "PRAGMA " + name + " returned no row");
    return stmt->text(0);
}

// --- templates ---

Status DeviceStore::put_template(const ChecklistTemplate& t) {
    const std::string name = "template \"" + t.id + "\" version " + std::to_string(t.version);
    const std::string json = template_to_json(t);
    // Why re-parse: a template that cannot be read back would make every visit on it unopenable.
    const auto parsed = parse_template(json);
    if (!parsed.problems.empty()) {
        return make_error(ErrorCode::invalid_template, "The " + name + " was not stored: " + parsed.problems.front().path +
                                                  ": " + parsed.problems.front().message);
    }
    auto tx = Transaction::begin(db_, "storing " + name);
    if (!tx) return tx.error();
    auto find = SqliteStatement::prepare(db_, "SELECT json FROM templates WHERE id = ?1 AND version = ?2");
    if (!find) return find.error();
    find->bind(1, t.id).bind(2, t.version);
    auto row = find->step();
    if (!row) return row.error();
    if (*row) {
        if (find->text(0) == json) return {};
        return make_error(ErrorCode::template_conflict,
                          "The " + name + " is already on this tablet with different content; a template "
                                          "version never changes. The depot must publish the change as a new "
                                          "version. Nothing was stored.");
    }
    auto insert = SqliteStatement::prepare(db_, "INSERT INTO templates (id, version, json) VALUES (?1, ?2, ?3)");
    if (!insert) return insert.error();
    if (auto s = insert->bind(1, t.id).bind(2, t.version).bind(3, json).run(); !s) return s;
    // Visits assigned before their template arrived now get their real precheck badge.
    auto shared = std::make_shared<const ChecklistTemplate>(*parsed.checklist);
    if (auto s = refresh_unstarted_badges(db_, shared); !s) return s;
    return tx->commit();
}

Expected<std::shared_ptr<const ChecklistTemplate>> DeviceStore::get_template(const std::string& id, int version) {
    return load_template(db_, id, version);
}

Expected<std::vector<TemplateRef>> DeviceStore::list_templates() {
    auto stmt = SqliteStatement::prepare(db_, "SELECT id, version, json FROM templates ORDER BY id, version");
    if (!stmt) return stmt.error();
    std::vector<TemplateRef> out;
    while (stmt->next_row()) {
        auto t = parse_stored_template(stmt->text(0), stmt->int32(1), stmt->text(2));
        if (!t) return t.error();
        const ChecklistTemplate& c = **t;
        out.push_back(TemplateRef{c.id, c.version, c.title, c.language});
    }
    if (Status read = stmt->done(); !read) return read.error();
    return out;
}

// --- settings ---

Expected<std::optional<std::string>> DeviceStore::setting(const std::string& key) {
    auto stmt = SqliteStatement::prepare(db_, "SELECT value FROM settings WHERE key = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, key);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(stmt->text(0));
}

Status DeviceStore::set_setting(const std::string& key, const std::string& value) {
    // One statement in autocommit mode is its own durable transaction.
    auto stmt = SqliteStatement::prepare(
        db_, "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!stmt) return stmt.error();
    return stmt->bind(1, key).bind(2, value).run();
}

Expected<std::string> DeviceStore::integrity_check() {
    auto stmt = SqliteStatement::prepare(db_, "PRAGMA integrity_check(20)");
    if (!stmt) return stmt.error();
    std::string result;
    while (stmt->next_row()) {
        result += (result.empty() ? "" : "; ") + stmt->text(0);
    }
    if (Status read = stmt->done(); !read) return read.error();
    return result;
}

}  // namespace fc
