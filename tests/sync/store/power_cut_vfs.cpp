#include "tests/sync/store/power_cut_vfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "sync/storage/durable_file.h"

namespace fc::test {
namespace {

// One write or truncate not yet made durable by a sync of its file.
struct PendingChange {
    bool truncate = false;
    std::int64_t offset = 0;       // write: where it starts; truncate: the new size
    std::string data;              // write: the bytes written
    std::int64_t size_before = 0;  // the file's size just before
    std::string before;            // the bytes it overwrote or cut off, as they were
};

// One rename whose directory has not been synced since.
struct PendingRename {
    std::string from;
    std::string to;
    std::string dir;
    bool replaced = false;  // `to` existed: its earlier bytes come back if the rename is lost
    std::string replaced_bytes;
};

enum class Power { On, Cutting, Off };

struct State {
    std::mutex mutex;
    std::mt19937_64 random;
    std::uint64_t ops = 0;
    std::uint64_t cut_at = 0;
    std::atomic<bool> lost{false};  // read without the lock by reads, opens and shm maps
    std::optional<std::uint64_t> free_bytes;
    std::uint64_t refusals = 0;
    std::map<std::string, std::vector<PendingChange>> pending;  // by file path
    std::vector<PendingRename> renames;
    std::vector<std::string> databases;  // main database files: their -shm goes at reboot
    sqlite3_vfs* real = nullptr;
    sqlite3_vfs vfs{};
    const DurableFileCalls* replaced_calls = nullptr;

    // Counts one call that changes the disk and says whether the power holds for it.
    Power tick() {
        if (lost) return Power::Off;
        ++ops;
        if (cut_at != 0 && ops == cut_at) {
            lost = true;
            return Power::Cutting;
        }
        return Power::On;
    }

    // Whether `growth` more bytes fit; counts a refusal when not.
    bool room_for(std::uint64_t growth) {
        if (!free_bytes || growth <= *free_bytes) return true;
        ++refusals;
        return false;
    }
    void use(std::uint64_t growth) {
        if (free_bytes) *free_bytes -= std::min(*free_bytes, growth);
    }
};

// Static storage: the VFS struct must outlive every connection opened through it.
State& state() {
    static State s;
    return s;
}

// --- SQLite: the unix VFS with the power supply in front of it ---

struct CutFile {
    sqlite3_file base;
    std::string* path;  // nullptr for SQLite's nameless temporary files
    bool tracked;       // the database, its WAL or journal: what must survive
};
constexpr int kInnerOffset = static_cast<int>((sizeof(CutFile) + 7) / 8 * 8);

CutFile* cut(sqlite3_file* f) { return reinterpret_cast<CutFile*>(f); }
sqlite3_file* inner(sqlite3_file* f) {
    return reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kInnerOffset);
}
const sqlite3_io_methods* io(sqlite3_file* f) { return inner(f)->pMethods; }

std::string read_inner(sqlite3_file* f, std::int64_t offset, std::int64_t size) {
    std::string bytes(static_cast<std::size_t>(std::max<std::int64_t>(size, 0)), '\0');
    if (!bytes.empty()) io(f)->xRead(inner(f), bytes.data(), static_cast<int>(bytes.size()), offset);
    return bytes;
}

int file_close(sqlite3_file* f) {
    const int rc = io(f) ? io(f)->xClose(inner(f)) : SQLITE_OK;
    delete cut(f)->path;
    cut(f)->path = nullptr;
    return rc;
}

int file_read(sqlite3_file* f, void* p, int n, sqlite3_int64 offset) {
    if (state().lost) return SQLITE_IOERR_READ;
    return io(f)->xRead(inner(f), p, n, offset);
}

int file_write(sqlite3_file* f, const void* p, int n, sqlite3_int64 offset) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    if (!cut(f)->tracked) return s.lost ? SQLITE_IOERR_WRITE : io(f)->xWrite(inner(f), p, n, offset);
    const Power power = s.tick();
    if (power == Power::Off) return SQLITE_IOERR_WRITE;
    sqlite3_int64 size = 0;
    if (int rc = io(f)->xFileSize(inner(f), &size); rc != SQLITE_OK) return rc;
    const auto growth = static_cast<std::uint64_t>(std::max<sqlite3_int64>(offset + n - size, 0));
    if (power == Power::On && !s.room_for(growth)) return SQLITE_FULL;
    PendingChange change;
    change.offset = offset;
    change.data.assign(static_cast<const char*>(p), static_cast<std::size_t>(n));
    change.size_before = size;
    change.before = read_inner(f, offset, std::min<sqlite3_int64>(n, size - offset));
    if (int rc = io(f)->xWrite(inner(f), p, n, offset); rc != SQLITE_OK) return rc;
    s.pending[*cut(f)->path].push_back(std::move(change));
    s.use(growth);
    return power == Power::Cutting ? SQLITE_IOERR_WRITE : SQLITE_OK;
}

int file_truncate(sqlite3_file* f, sqlite3_int64 new_size) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    if (!cut(f)->tracked) return s.lost ? SQLITE_IOERR_TRUNCATE : io(f)->xTruncate(inner(f), new_size);
    const Power power = s.tick();
    if (power == Power::Off) return SQLITE_IOERR_TRUNCATE;
    sqlite3_int64 size = 0;
    if (int rc = io(f)->xFileSize(inner(f), &size); rc != SQLITE_OK) return rc;
    PendingChange change;
    change.truncate = true;
    change.offset = new_size;
    change.size_before = size;
    change.before = read_inner(f, new_size, size - new_size);
    if (int rc = io(f)->xTruncate(inner(f), new_size); rc != SQLITE_OK) return rc;
    s.pending[*cut(f)->path].push_back(std::move(change));
    return power == Power::Cutting ? SQLITE_IOERR_TRUNCATE : SQLITE_OK;
}

// Why the real fsync is skipped: what survives is decided by reboot(), and the simulation then runs
// at the speed of the page cache (hundreds of cut points in seconds).
int file_sync(sqlite3_file* f, int) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    if (!cut(f)->tracked) return s.lost ? SQLITE_IOERR_FSYNC : SQLITE_OK;
    if (s.tick() != Power::On) return SQLITE_IOERR_FSYNC;
    s.pending.erase(*cut(f)->path);
    return SQLITE_OK;
}

int file_size(sqlite3_file* f, sqlite3_int64* size) { return io(f)->xFileSize(inner(f), size); }
int file_lock(sqlite3_file* f, int level) { return io(f)->xLock(inner(f), level); }
int file_unlock(sqlite3_file* f, int level) { return io(f)->xUnlock(inner(f), level); }
int file_reserved(sqlite3_file* f, int* out) { return io(f)->xCheckReservedLock(inner(f), out); }
int file_control(sqlite3_file* f, int op, void* arg) { return io(f)->xFileControl(inner(f), op, arg); }
int file_sector(sqlite3_file* f) { return io(f)->xSectorSize(inner(f)); }
int file_device(sqlite3_file* f) { return io(f)->xDeviceCharacteristics(inner(f)); }
int file_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    if (state().lost) return SQLITE_IOERR_SHMMAP;
    return io(f)->xShmMap(inner(f), page, size, extend, out);
}
int file_shm_lock(sqlite3_file* f, int offset, int n, int flags) { return io(f)->xShmLock(inner(f), offset, n, flags); }
void file_shm_barrier(sqlite3_file* f) { io(f)->xShmBarrier(inner(f)); }
int file_shm_unmap(sqlite3_file* f, int del) { return io(f)->xShmUnmap(inner(f), del); }
int file_fetch(sqlite3_file* f, sqlite3_int64 offset, int n, void** out) {
    return io(f)->xFetch(inner(f), offset, n, out);
}
int file_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) { return io(f)->xUnfetch(inner(f), offset, p); }

const sqlite3_io_methods kMethods = {3,           file_close,    file_read,      file_write,       file_truncate,
                                     file_sync,   file_size,     file_lock,      file_unlock,      file_reserved,
                                     file_control, file_sector,  file_device,    file_shm_map,     file_shm_lock,
                                     file_shm_barrier, file_shm_unmap, file_fetch, file_unfetch};

int vfs_open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    State& s = state();
    f->pMethods = nullptr;
    if (s.lost) return SQLITE_CANTOPEN;
    const int rc = s.real->xOpen(s.real, name, inner(f), flags, out_flags);
    if (rc != SQLITE_OK) return rc;
    cut(f)->path = name ? new std::string(name) : nullptr;
    cut(f)->tracked = name && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL));
    if (name && (flags & SQLITE_OPEN_MAIN_DB)) {
        std::lock_guard lock(s.mutex);
        if (std::find(s.databases.begin(), s.databases.end(), name) == s.databases.end()) s.databases.emplace_back(name);
    }
    f->pMethods = &kMethods;
    return SQLITE_OK;
}

int vfs_delete(sqlite3_vfs*, const char* name, int sync_dir) {
    State& s = state();
    {
        std::lock_guard lock(s.mutex);
        if (s.lost) return SQLITE_IOERR_DELETE;
        s.pending.erase(name);
    }
    return s.real->xDelete(s.real, name, sync_dir);
}

// --- attachment files: the durable-file calls with the same power supply ---

std::string fd_path(int fd) {
    std::error_code ec;
    const auto p = std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd), ec);
    return ec ? std::string() : p.string();
}

std::string canonical_path(const char* path) {
    std::error_code ec;
    const auto p = std::filesystem::weakly_canonical(path, ec);
    return ec ? std::string(path) : p.string();
}

std::string read_file(const std::string& path) {
    std::string bytes;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return bytes;
    char buf[65536];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) bytes.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    return bytes;
}

std::string pread_bytes(int fd, std::int64_t offset, std::int64_t size) {
    std::string bytes(static_cast<std::size_t>(std::max<std::int64_t>(size, 0)), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset) + static_cast<off_t>(done));
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    return bytes;
}

bool pwrite_bytes(int fd, std::int64_t offset, std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset) + static_cast<off_t>(done));
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

ssize_t calls_write(int fd, const void* data, std::size_t size) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    const Power power = s.tick();
    if (power == Power::Off) {
        errno = EIO;
        return -1;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) return -1;
    const off_t offset = ::lseek(fd, 0, SEEK_CUR);
    if (offset < 0) return -1;
    const auto end = static_cast<std::int64_t>(offset) + static_cast<std::int64_t>(size);
    const auto growth = static_cast<std::uint64_t>(std::max<std::int64_t>(end - st.st_size, 0));
    if (power == Power::On && !s.room_for(growth)) {
        errno = ENOSPC;
        return -1;
    }
    PendingChange change;
    change.offset = offset;
    change.size_before = st.st_size;
    change.before = pread_bytes(fd, offset, std::min<std::int64_t>(static_cast<std::int64_t>(size), st.st_size - offset));
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) return n;
    change.data.assign(static_cast<const char*>(data), static_cast<std::size_t>(n));
    s.pending[fd_path(fd)].push_back(std::move(change));
    s.use(growth);
    if (power == Power::Cutting) {
        errno = EIO;
        return -1;
    }
    return n;
}

int calls_fsync(int fd) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    if (s.tick() != Power::On) {
        errno = EIO;
        return -1;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) return -1;
    const std::string path = fd_path(fd);
    if (S_ISDIR(st.st_mode)) {
        std::erase_if(s.renames, [&](const PendingRename& r) { return r.dir == path; });
    } else {
        s.pending.erase(path);
    }
    return 0;  // the real fsync is skipped, as for SQLite's files
}

int calls_rename(const char* from, const char* to) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    const Power power = s.tick();
    if (power == Power::Off) {
        errno = EIO;
        return -1;
    }
    PendingRename r;
    r.from = canonical_path(from);
    r.to = canonical_path(to);
    r.dir = std::filesystem::path(r.to).parent_path().string();
    std::error_code ec;
    r.replaced = std::filesystem::exists(r.to, ec);
    if (r.replaced) r.replaced_bytes = read_file(r.to);
    if (::rename(from, to) != 0) return -1;
    if (auto it = s.pending.find(r.from); it != s.pending.end()) {
        auto changes = std::move(it->second);
        s.pending.erase(it);
        s.pending[r.to] = std::move(changes);
    }
    s.renames.push_back(std::move(r));
    if (power == Power::Cutting) {
        errno = EIO;
        return -1;
    }
    return 0;
}

const DurableFileCalls kCalls{calls_write, calls_fsync, calls_rename};

// --- what the lost power did ---

// An unsynced rename reached the disk or not; when not, the file is back under its old name (or,
// since the temporary name was never synced either, gone), and what it replaced is back.
void settle_renames(State& s, PowerLoss& loss) {
    for (auto r = s.renames.rbegin(); r != s.renames.rend(); ++r) {
        if (s.random() % 2 == 0) continue;
        ++loss.renames_undone;
        if (::rename(r->to.c_str(), r->from.c_str()) == 0) {
            if (auto it = s.pending.find(r->to); it != s.pending.end()) {
                auto changes = std::move(it->second);
                s.pending.erase(it);
                s.pending[r->from] = std::move(changes);
            }
            if (s.random() % 2 == 0) {
                ::unlink(r->from.c_str());
                s.pending.erase(r->from);
            }
        }
        if (r->replaced) {
            const int fd = ::open(r->to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            if (fd >= 0) {
                pwrite_bytes(fd, 0, r->replaced_bytes);
                ::close(fd);
            }
        }
    }
}

// Back to the file as it was at its last sync, then each unsynced change on its own: a write reached
// the disk whole, as a torn prefix or not at all; a truncate happened or not.
void settle_file(State& s, const std::string& path, const std::vector<PendingChange>& changes, PowerLoss& loss) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return;  // deleted since, or its name never reached the disk
    for (auto c = changes.rbegin(); c != changes.rend(); ++c) {
        if (c->truncate) {
            if (::ftruncate(fd, c->size_before) != 0) throw std::runtime_error("ftruncate failed on " + path);
            pwrite_bytes(fd, c->offset, c->before);
        } else {
            pwrite_bytes(fd, c->offset, c->before);
            if (::ftruncate(fd, c->size_before) != 0) throw std::runtime_error("ftruncate failed on " + path);
        }
    }
    for (const PendingChange& c : changes) {
        if (c.truncate) {
            if (s.random() % 2 == 0) {
                if (::ftruncate(fd, c.offset) != 0) throw std::runtime_error("ftruncate failed on " + path);
            } else {
                ++loss.truncates_dropped;
            }
            continue;
        }
        const auto fate = s.random() % 3;
        std::size_t keep = 0;
        if (fate == 0) {
            keep = c.data.size();
            ++loss.writes_kept;
        } else if (fate == 1 && c.data.size() > 1) {
            keep = 1 + static_cast<std::size_t>(s.random() % (c.data.size() - 1));
            ++loss.writes_torn;
        } else {
            ++loss.writes_dropped;
        }
        pwrite_bytes(fd, c.offset, std::string_view(c.data).substr(0, keep));
    }
    ::close(fd);
}

void uninstall(State& s) {
    sqlite3_vfs_unregister(&s.vfs);
    sqlite3_vfs_register(s.real, 1);
    replace_durable_file_calls(s.replaced_calls);
}

}  // namespace

PowerCut::PowerCut(std::uint64_t seed) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    if (s.real) throw std::logic_error("only one PowerCut at a time");
    s.random.seed(seed);
    s.ops = 0;
    s.cut_at = 0;
    s.lost = false;
    s.free_bytes.reset();
    s.refusals = 0;
    s.pending.clear();
    s.renames.clear();
    s.databases.clear();
    s.real = sqlite3_vfs_find(nullptr);
    s.vfs = *s.real;
    s.vfs.zName = "fieldcheck-power-cut";
    s.vfs.pNext = nullptr;
    s.vfs.szOsFile = kInnerOffset + s.real->szOsFile;
    s.vfs.xOpen = vfs_open;
    s.vfs.xDelete = vfs_delete;
    if (sqlite3_vfs_register(&s.vfs, 1) != SQLITE_OK) throw std::runtime_error("cannot register the power-cut VFS");
    s.replaced_calls = replace_durable_file_calls(&kCalls);
    installed_ = true;
}

PowerCut::~PowerCut() {
    if (!installed_) return;
    State& s = state();
    std::lock_guard lock(s.mutex);
    uninstall(s);
    s.real = nullptr;
}

void PowerCut::cut_at(std::uint64_t op) {
    std::lock_guard lock(state().mutex);
    state().cut_at = op;
}

std::uint64_t PowerCut::ops() const {
    std::lock_guard lock(state().mutex);
    return state().ops;
}

bool PowerCut::power_lost() const {
    std::lock_guard lock(state().mutex);
    return state().lost;
}

void PowerCut::set_free_bytes(std::optional<std::uint64_t> bytes) {
    std::lock_guard lock(state().mutex);
    state().free_bytes = bytes;
}

std::uint64_t PowerCut::out_of_space_refusals() const {
    std::lock_guard lock(state().mutex);
    return state().refusals;
}

PowerLoss PowerCut::reboot() {
    State& s = state();
    std::lock_guard lock(s.mutex);
    PowerLoss loss;
    if (s.lost) {
        settle_renames(s, loss);
        for (const auto& [path, changes] : s.pending) settle_file(s, path, changes, loss);
    }
    s.pending.clear();
    s.renames.clear();
    // The WAL index lives in shared memory; after a power cut it is whatever the page cache held.
    for (const std::string& db : s.databases) ::unlink((db + "-shm").c_str());
    if (installed_) {
        uninstall(s);
        s.real = nullptr;
        installed_ = false;
    }
    return loss;
}

}  // namespace fc::test
