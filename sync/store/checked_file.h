#pragma once
// CheckedFile: a device database this process checked whole (PRAGMA quick_check) and still holds
// open, so a second connection to it (the background sync's) does not read the whole file again.
#include <cstdint>
#include <filesystem>
#include <memory>

namespace fc {

// CheckedFile: one connection's share of the mark; the mark ends with the last share, so the next
// open of the file after every connection closed checks it again.
class CheckedFile {
public:
    // A share when a connection of this process checked `path` (the same file: device and inode)
    // and is still open; nullptr when the file must be checked.
    static std::unique_ptr<CheckedFile> join(const std::filesystem::path& path);
    // After the check passed: the file counts as checked while a share lives.
    static std::unique_ptr<CheckedFile> mark(const std::filesystem::path& path);
    ~CheckedFile();
    CheckedFile(const CheckedFile&) = delete;
    CheckedFile& operator=(const CheckedFile&) = delete;

private:
    CheckedFile(std::uint64_t device, std::uint64_t inode) : device_(device), inode_(inode) {}
    std::uint64_t device_;
    std::uint64_t inode_;
};

// How many whole-file checks this process ran, for the tests that hold start-up to one.
std::uint64_t whole_file_checks_run();
void count_whole_file_check();

}  // namespace fc
