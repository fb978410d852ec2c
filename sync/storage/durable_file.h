#pragma once
// Durable files: write a file so it survives a power cut (temp file, fsync, rename, fsync dir),
// create private directories, and the one "storage is full" error every store write reports.
#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "checklists/expected.h"

namespace fc {

// The one sentence every "disk_full" error carries: the technician must know the answer is not
// stored, and that freeing space fixes it.
inline constexpr const char* kDiskFullMessage =
    "The tablet's storage is full: this answer was NOT saved. Free some space and try again.";

Error disk_full_error();
// ENOSPC, EDQUOT and EFBIG all mean "no room for these bytes" to the person holding the tablet.
bool is_out_of_space_errno(int e);

// Why temp + rename: a crash leaves either the old file or the complete new one, never a torn one.
// Why the fsyncs: rename is only durable once the directory is synced, and the content only once
// the file is. When this returns ok, `path` holds exactly `bytes` on disk. On failure the temp file
// is removed and `path` is unchanged; out of space gives code "disk_full".
Status write_file_durably(const std::filesystem::path& path, std::string_view bytes);

// fsyncs an existing file and its directory. Why: a file found in place may have been renamed
// there by a process that was killed before it synced the directory; reusing it needs the sync.
Status sync_existing_file(const std::filesystem::path& path);

// fsync of a directory: makes entries created or renamed in it durable.
Status sync_directory(const std::filesystem::path& dir);

// Creates `dir` (and missing parents) if it does not exist; the last component is created 0700
// and its entry synced in the parent. An existing directory's mode is left as it is: the store
// never changes permissions a person chose.
Status create_private_directory(const std::filesystem::path& dir);

// Creates `path` as an empty file only its owner may read (0600) unless it exists; an existing
// file is left as it is. Why: SQLite creates a new database 0644 (less the umask) and its -wal and
// -shm copy that mode; a private directory does not keep a copied or backed-up file private.
Status create_private_file_if_missing(const std::filesystem::path& path);

// Reads a whole regular file; code "not_found" when it does not exist.
Expected<std::string> read_whole_file(const std::filesystem::path& path);

// DurableFileCalls: the system calls the functions above make to change a file's bytes or name, as
// a table a test may replace to stand between the store and the disk (tests/store/power_cut_vfs.h
// simulates power cuts and a full disk through it). Nothing outside tests replaces it.
struct DurableFileCalls {
    ssize_t (*write)(int fd, const void* data, std::size_t size);
    int (*fsync)(int fd);
    int (*rename)(const char* from, const char* to);
};
// Installs `calls` (nullptr: the real system calls again); returns the table it replaced.
const DurableFileCalls* replace_durable_file_calls(const DurableFileCalls* calls);

}  // namespace fc
