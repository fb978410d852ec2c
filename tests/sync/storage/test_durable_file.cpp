// write_file_durably and its neighbours: the bytes land whole or not at all, and each system call's
// failure leaves the old file and no litter.
#include <sys/stat.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "sync/storage/durable_file.h"
#include "tests/error_code_doctest.h"
#include "tests/sync/store/store_fixtures.h"

using namespace fc;
using fc::test::TempDir;

namespace {

// FaultyDisk: stands between write_file_durably and the disk through replace_durable_file_calls,
// records the calls it sees, and fails the one it is told to. The table holds plain function
// pointers, so the state is one file-level object; one FaultyDisk at a time.
struct DiskLog {
    std::vector<std::string> calls;  // "write", "fsync", "rename"
    std::size_t write_limit = 0;     // 0: whole writes; else at most this many bytes per write
    int fail_write_after_bytes = -1; // -1: never; else write that much, then fail with `fail_errno`
    bool fail_fsync = false;
    bool fail_rename = false;
    int interrupt_writes = 0;        // this many writes fail with EINTR first
    int fail_errno = EIO;
    std::size_t written = 0;
};
DiskLog g_disk;

ssize_t faulty_write(int fd, const void* data, std::size_t size) {
    g_disk.calls.push_back("write");
    if (g_disk.interrupt_writes > 0) {
        --g_disk.interrupt_writes;
        errno = EINTR;
        return -1;
    }
    if (g_disk.fail_write_after_bytes >= 0) {
        const auto allowed = static_cast<std::size_t>(g_disk.fail_write_after_bytes);
        if (g_disk.written >= allowed) {
            errno = g_disk.fail_errno;
            return -1;
        }
        size = std::min(size, allowed - g_disk.written);
    }
    if (g_disk.write_limit > 0) size = std::min(size, g_disk.write_limit);
    const ssize_t n = ::write(fd, data, size);
    if (n > 0) g_disk.written += static_cast<std::size_t>(n);
    return n;
}

int faulty_fsync(int fd) {
    g_disk.calls.push_back("fsync");
    if (g_disk.fail_fsync) {
        errno = g_disk.fail_errno;
        return -1;
    }
    return ::fsync(fd);
}

int faulty_rename(const char* from, const char* to) {
    g_disk.calls.push_back("rename");
    if (g_disk.fail_rename) {
        errno = g_disk.fail_errno;
        return -1;
    }
    return ::rename(from, to);
}

const DurableFileCalls kFaultyCalls{faulty_write, faulty_fsync, faulty_rename};

struct FaultyDisk {
    FaultyDisk() {
        g_disk = DiskLog{};
        replace_durable_file_calls(&kFaultyCalls);
    }
    ~FaultyDisk() { replace_durable_file_calls(nullptr); }
    FaultyDisk(const FaultyDisk&) = delete;
    FaultyDisk& operator=(const FaultyDisk&) = delete;
    DiskLog& operator*() { return g_disk; }
    DiskLog* operator->() { return &g_disk; }
};

std::vector<std::string> names_in(const std::filesystem::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename().string());
    return out;
}

// A file holding "old" beside nothing else, then one write_file_durably of `fresh` through the faulty disk.
Status overwrite_through(FaultyDisk&, const TempDir& tmp, const std::string& fresh) {
    replace_durable_file_calls(nullptr);  // the old content goes down on a healthy disk
    REQUIRE(write_file_durably(tmp / "answer.bin", "old").ok());
    replace_durable_file_calls(&kFaultyCalls);
    return write_file_durably(tmp / "answer.bin", fresh);
}

}  // namespace

TEST_CASE("a durable write writes a temp file, syncs it, renames it into place, then syncs the directory") {
    TempDir tmp;
    FaultyDisk disk;
    const std::string fresh(100'000, 'n');
    REQUIRE(overwrite_through(disk, tmp, fresh).ok());
    CHECK(fc::test::file_bytes(tmp / "answer.bin") == fresh);
    REQUIRE(disk->calls.size() >= 4);
    // Content synced before the rename (else a power cut could leave an empty file under the name),
    // the directory synced after it (else the rename itself could be lost).
    CHECK(disk->calls[disk->calls.size() - 3] == "fsync");
    CHECK(disk->calls[disk->calls.size() - 2] == "rename");
    CHECK(disk->calls.back() == "fsync");
    CHECK(names_in(tmp.path()) == std::vector<std::string>{"answer.bin"});
    struct stat st {};
    REQUIRE(::stat((tmp / "answer.bin").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);  // an answer's bytes are the technician's, not the machine's
}

TEST_CASE("short and interrupted writes are continued until every byte is written") {
    TempDir tmp;
    FaultyDisk disk;
    disk->write_limit = 1000;
    disk->interrupt_writes = 3;
    const std::string fresh(10'000, 's');
    REQUIRE(overwrite_through(disk, tmp, fresh).ok());
    CHECK(fc::test::file_bytes(tmp / "answer.bin") == fresh);
}

TEST_CASE("a write torn half-way leaves the old content under the name and no temp file") {
    TempDir tmp;
    FaultyDisk disk;
    disk->fail_write_after_bytes = 5'000;
    const Status r = overwrite_through(disk, tmp, std::string(10'000, 'n'));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::io_error);
    CHECK(fc::test::file_bytes(tmp / "answer.bin") == "old");
    CHECK(names_in(tmp.path()) == std::vector<std::string>{"answer.bin"});
    CHECK(std::count(disk->calls.begin(), disk->calls.end(), "rename") == 0);
}

TEST_CASE("a full disk during the write is disk_full, with the old content kept") {
    TempDir tmp;
    FaultyDisk disk;
    disk->fail_write_after_bytes = 0;
    disk->fail_errno = ENOSPC;
    const Status r = overwrite_through(disk, tmp, "new");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::disk_full);
    CHECK(r.error().message == kDiskFullMessage);
    CHECK(fc::test::file_bytes(tmp / "answer.bin") == "old");
    CHECK(names_in(tmp.path()) == std::vector<std::string>{"answer.bin"});
}

TEST_CASE("a refused fsync of the content stops before the rename, and the old content stays") {
    TempDir tmp;
    FaultyDisk disk;
    disk->fail_fsync = true;
    const Status r = overwrite_through(disk, tmp, "new");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::io_error);
    CHECK(fc::test::file_bytes(tmp / "answer.bin") == "old");
    CHECK(names_in(tmp.path()) == std::vector<std::string>{"answer.bin"});
    CHECK(std::count(disk->calls.begin(), disk->calls.end(), "rename") == 0);
}

TEST_CASE("a refused rename leaves the old content and removes the temp file") {
    TempDir tmp;
    FaultyDisk disk;
    disk->fail_rename = true;
    disk->fail_errno = EDQUOT;  // over quota counts as a full disk too
    const Status r = overwrite_through(disk, tmp, "new");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::disk_full);
    CHECK(fc::test::file_bytes(tmp / "answer.bin") == "old");
    CHECK(names_in(tmp.path()) == std::vector<std::string>{"answer.bin"});
}

TEST_CASE("replacing the durable-file calls hands back the replaced table, and nullptr restores the system's") {
    FaultyDisk disk;
    const DurableFileCalls* before = replace_durable_file_calls(nullptr);
    CHECK(before == &kFaultyCalls);
    CHECK(replace_durable_file_calls(&kFaultyCalls) == nullptr);  // the system's table reads as nullptr
}

TEST_CASE("read_whole_file gives the bytes, and not_found for a missing file") {
    TempDir tmp;
    const std::string bytes("a\0b\xff", 4);
    REQUIRE(write_file_durably(tmp / "f", bytes).ok());
    CHECK(read_whole_file(tmp / "f").value() == bytes);
    auto missing = read_whole_file(tmp / "nope");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::not_found);
}

TEST_CASE("a private directory is made 0700 with its parents, and an existing one keeps its mode") {
    TempDir tmp;
    const auto dir = tmp / "a" / "b";
    REQUIRE(create_private_directory(dir).ok());
    struct stat st {};
    REQUIRE(::stat(dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    REQUIRE(::chmod(dir.c_str(), 0750) == 0);
    REQUIRE(create_private_directory(dir).ok());
    REQUIRE(::stat(dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0750);
    fc::test::write_bytes(tmp / "file", "x");
    CHECK(create_private_directory(tmp / "file").error().code == ErrorCode::io_error);
}

TEST_CASE("a private file is created empty and 0600 when missing, and an existing one is left alone") {
    TempDir tmp;
    REQUIRE(create_private_file_if_missing(tmp / "db").ok());
    struct stat st {};
    REQUIRE(::stat((tmp / "db").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(st.st_size == 0);
    fc::test::write_bytes(tmp / "db", "kept");
    REQUIRE(create_private_file_if_missing(tmp / "db").ok());
    CHECK(fc::test::file_bytes(tmp / "db") == "kept");
}
