// A full disk: the answer is refused with a sentence the technician understands, nothing stored
// earlier is lost, and the store works again once space is freed.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <sqlite3.h>

#include <atomic>
#include <cerrno>
#include <memory>

#include "tests/sync/store/store_fixtures.h"
#include "tests/sync/store/visit_walk.h"
#include "sync/store/device_store.h"
#include "sync/storage/durable_file.h"
#include "tests/test_clock.h"

using namespace fc;
using fc::test::TempDir;

namespace {

// FullVfs: SQLite's unix VFS with a switch that makes every write fail the way SQLite reports
// ENOSPC (SQLITE_FULL, nothing written), the technique of SQLite's own test suite. Registered as
// the default VFS only while a test needs it.
namespace full_vfs {

std::atomic<bool> full{false};
sqlite3_vfs* real = nullptr;
sqlite3_vfs vfs{};

struct File {
    sqlite3_file base;  // followed in memory by the real VFS's file
};
sqlite3_file* inner(sqlite3_file* f) { return reinterpret_cast<sqlite3_file*>(reinterpret_cast<File*>(f) + 1); }
const sqlite3_io_methods* io(sqlite3_file* f) { return inner(f)->pMethods; }

int close(sqlite3_file* f) { return io(f) ? io(f)->xClose(inner(f)) : SQLITE_OK; }
int read(sqlite3_file* f, void* p, int n, sqlite3_int64 o) { return io(f)->xRead(inner(f), p, n, o); }
int write(sqlite3_file* f, const void* p, int n, sqlite3_int64 o) {
    return full ? SQLITE_FULL : io(f)->xWrite(inner(f), p, n, o);
}
int truncate(sqlite3_file* f, sqlite3_int64 size) { return io(f)->xTruncate(inner(f), size); }
int sync(sqlite3_file* f, int flags) { return io(f)->xSync(inner(f), flags); }
int file_size(sqlite3_file* f, sqlite3_int64* size) { return io(f)->xFileSize(inner(f), size); }
int lock(sqlite3_file* f, int l) { return io(f)->xLock(inner(f), l); }
int unlock(sqlite3_file* f, int l) { return io(f)->xUnlock(inner(f), l); }
int reserved(sqlite3_file* f, int* out) { return io(f)->xCheckReservedLock(inner(f), out); }
int control(sqlite3_file* f, int op, void* arg) { return io(f)->xFileControl(inner(f), op, arg); }
int sector(sqlite3_file* f) { return io(f)->xSectorSize(inner(f)); }
int device(sqlite3_file* f) { return io(f)->xDeviceCharacteristics(inner(f)); }
int shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    return io(f)->xShmMap(inner(f), page, size, extend, out);
}
int shm_lock(sqlite3_file* f, int offset, int n, int flags) { return io(f)->xShmLock(inner(f), offset, n, flags); }
void shm_barrier(sqlite3_file* f) { io(f)->xShmBarrier(inner(f)); }
int shm_unmap(sqlite3_file* f, int del) { return io(f)->xShmUnmap(inner(f), del); }
int fetch(sqlite3_file* f, sqlite3_int64 o, int n, void** out) { return io(f)->xFetch(inner(f), o, n, out); }
int unfetch(sqlite3_file* f, sqlite3_int64 o, void* p) { return io(f)->xUnfetch(inner(f), o, p); }

const sqlite3_io_methods methods = {3,        close,   read,      write,   truncate,    sync,     file_size,
                                    lock,     unlock,  reserved,  control, sector,      device,   shm_map,
                                    shm_lock, shm_barrier, shm_unmap, fetch, unfetch};

int open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    const int rc = real->xOpen(real, name, inner(f), flags, out_flags);
    f->pMethods = rc == SQLITE_OK ? &methods : nullptr;
    return rc;
}

// Makes FullVfs the default for the life of this object.
class Installed {
public:
    Installed() {
        real = sqlite3_vfs_find(nullptr);
        vfs = *real;
        vfs.zName = "fieldcheck-full-disk";
        vfs.pNext = nullptr;
        vfs.szOsFile = static_cast<int>(sizeof(File)) + real->szOsFile;
        vfs.xOpen = open;
        REQUIRE(sqlite3_vfs_register(&vfs, 1) == SQLITE_OK);
    }
    ~Installed() {
        full = false;
        sqlite3_vfs_unregister(&vfs);
        sqlite3_vfs_register(real, 1);
    }
    Installed(const Installed&) = delete;
    Installed& operator=(const Installed&) = delete;
};

}  // namespace full_vfs

// Why two ways: a small tmpfs gives the real ENOSPC but needs the right to mount (root in CI
// containers usually has it). Without it, SQLite's writes go through FullVfs, and plain file
// writes (photos) hit RLIMIT_FSIZE = 0 and fail with EFBIG.
class FullDisk {
public:
    explicit FullDisk(const std::filesystem::path& dir) : dir_(dir) {
        std::filesystem::create_directories(dir_);
        mounted_ = ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=2m,mode=0700") == 0;
        if (!mounted_) vfs_ = std::make_unique<full_vfs::Installed>();
    }
    ~FullDisk() {
        release();
        vfs_.reset();
        if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    }
    FullDisk(const FullDisk&) = delete;
    FullDisk& operator=(const FullDisk&) = delete;

    std::string how() const {
        return mounted_ ? "a full 2 MiB tmpfs (ENOSPC)"
                        : "no right to mount a tmpfs: SQLITE_FULL from a VFS switch, EFBIG from RLIMIT_FSIZE";
    }

    void fill() {
        if (mounted_) {
            const auto filler = dir_ / "filler";
            const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            REQUIRE(fd >= 0);
            const std::string chunk(4096, 'f');
            for (;;) {
                const ssize_t n = ::write(fd, chunk.data(), chunk.size());
                if (n < 0 && errno == ENOSPC) break;
                REQUIRE(n > 0);
            }
            ::close(fd);
        } else {
            REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved_limit_) == 0);
            saved_handler_ = ::signal(SIGXFSZ, SIG_IGN);  // the default action would kill the test
            rlimit none = saved_limit_;
            none.rlim_cur = 0;
            REQUIRE(::setrlimit(RLIMIT_FSIZE, &none) == 0);
            full_vfs::full = true;
        }
        full_ = true;
    }

    void release() {
        if (!full_) return;
        full_ = false;
        if (mounted_) {
            std::filesystem::remove(dir_ / "filler");
        } else {
            full_vfs::full = false;
            ::setrlimit(RLIMIT_FSIZE, &saved_limit_);
            ::signal(SIGXFSZ, saved_handler_);
        }
    }

private:
    std::filesystem::path dir_;
    bool mounted_ = false;
    bool full_ = false;
    std::unique_ptr<full_vfs::Installed> vfs_;
    rlimit saved_limit_{};
    sighandler_t saved_handler_ = SIG_DFL;
};

struct StoredStep {
    Visit after;
    Events events;
};

StoredStep next_step(const Visit& v, int k, std::size_t action) {
    auto events = test::walk_step(v, k, action);
    REQUIRE_MESSAGE(events.ok(), events.error().message);
    Visit after = v;
    REQUIRE(after.apply(*events).ok());
    return {std::move(after), std::move(*events)};
}

}  // namespace

TEST_CASE("a full disk refuses the answer with disk_full, keeps every earlier answer, and works again when space is freed") {
    TempDir tmp;
    const auto dir = tmp / "disk";
    FullDisk disk(dir);
    MESSAGE("filling the disk with " << disk.how());
    const auto store_dir = dir / "store";
    Events earlier;
    {
        auto opened = DeviceStore::open(store_dir, fc::test::still_clock());
        REQUIRE_MESSAGE(opened.ok(), opened.error().message);
        auto& store = **opened;
        REQUIRE(store.put_template(test::fiber_template()).ok());
        REQUIRE(store.put_assignment(test::walk_assignment(0)).ok());
        Visit v = store.load_visit(test::walk_visit_id(0)).value();
        std::size_t action = 0;
        for (; action < 10; ++action) {
            StoredStep s = next_step(v, 0, action);
            REQUIRE(store.append_events(s.after, s.events).ok());
            v = std::move(s.after);
        }
        earlier = v.events();

        disk.fill();
        StoredStep refused = next_step(v, 0, action);
        const Status full = store.append_events(refused.after, refused.events);
        auto photo = store.put_attachment(std::string(1 << 20, 'p'), "image/jpeg");
        disk.release();

        REQUIRE_FALSE(full.ok());
        CHECK_MESSAGE(full.error().code == ErrorCode::disk_full, full.error().message);
        CHECK(full.error().message ==
              "The tablet's storage is full: this answer was NOT saved. Free some space and try again.");
        REQUIRE_FALSE(photo.ok());
        CHECK_MESSAGE(photo.error().code == ErrorCode::disk_full, photo.error().message);
        for (const auto& e : std::filesystem::recursive_directory_iterator(store_dir / "attachments")) {
            CHECK_MESSAGE(!e.is_regular_file(), "left behind: " << e.path());  // no half-written photo
        }

        auto kept = store.load_visit(test::walk_visit_id(0));
        REQUIRE_MESSAGE(kept.ok(), kept.error().message);
        CHECK(kept->events() == earlier);

        // Space is back: the very same answer is accepted now.
        const Status retried = store.append_events(refused.after, refused.events);
        REQUIRE_MESSAGE(retried.ok(), retried.error().message);
        earlier = refused.after.events();
        CHECK(store.put_attachment(std::string(1 << 20, 'p'), "image/jpeg").ok());
    }
    auto reopened = DeviceStore::open(store_dir, fc::test::still_clock());
    REQUIRE_MESSAGE(reopened.ok(), reopened.error().message);
    auto v = (*reopened)->load_visit(test::walk_visit_id(0));
    REQUIRE_MESSAGE(v.ok(), v.error().message);
    CHECK(v->events() == earlier);
    CHECK((*reopened)->integrity_check().value() == "ok");
}
