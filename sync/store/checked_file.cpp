#include "sync/store/checked_file.h"

#include <sys/stat.h>

#include <atomic>
#include <map>
#include <mutex>
#include <utility>

namespace fc {
namespace {

// Process-wide: the GUI's and the sync worker's connections are opened on different threads.
std::mutex g_mutex;
std::map<std::pair<std::uint64_t, std::uint64_t>, int> g_shares;  // (device, inode) -> open connections
std::atomic<std::uint64_t> g_checks{0};

bool identity(const std::filesystem::path& path, std::uint64_t& device, std::uint64_t& inode) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    device = static_cast<std::uint64_t>(st.st_dev);
    inode = static_cast<std::uint64_t>(st.st_ino);
    return true;
}

}  // namespace

std::unique_ptr<CheckedFile> CheckedFile::join(const std::filesystem::path& path) {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    if (!identity(path, device, inode)) return nullptr;
    const std::lock_guard<std::mutex> lock(g_mutex);
    const auto found = g_shares.find({device, inode});
    if (found == g_shares.end()) return nullptr;
    ++found->second;
    return std::unique_ptr<CheckedFile>(new CheckedFile(device, inode));
}

std::unique_ptr<CheckedFile> CheckedFile::mark(const std::filesystem::path& path) {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    if (!identity(path, device, inode)) return nullptr;  // unmarked: the next open checks again
    const std::lock_guard<std::mutex> lock(g_mutex);
    ++g_shares[{device, inode}];
    return std::unique_ptr<CheckedFile>(new CheckedFile(device, inode));
}

CheckedFile::~CheckedFile() {
    const std::lock_guard<std::mutex> lock(g_mutex);
    const auto found = g_shares.find({device_, inode_});
    if (found != g_shares.end() && --found->second <= 0) g_shares.erase(found);
}

std::uint64_t whole_file_checks_run() { return g_checks.load(); }
void count_whole_file_check() { ++g_checks; }

}  // namespace fc
