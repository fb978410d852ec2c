#include "durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace fc {
namespace {

const DurableFileCalls kSystemCalls{::write, ::fsync, ::rename};
std::atomic<const DurableFileCalls*> file_calls{&kSystemCalls};
const DurableFileCalls& calls() { return *file_calls.load(std::memory_order_acquire); }

Error os_error(int e, const std::string& what, const std::filesystem::path& path) {
    if (is_out_of_space_errno(e)) return disk_full_error();
    return make_error(ErrorCode::io_error, "Could not " + what + " " + path.string() + ": " + std::strerror(e));
}

// Closes a file descriptor on scope exit unless released.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }
    // close(2) can report a delayed write error (NFS, some FUSE); it must not be ignored.
    int close_checked() {
        const int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

private:
    int fd_;
};

Status write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = calls().write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return os_error(errno, "write", path);
        }
        if (n == 0) return os_error(ENOSPC, "write", path);
        done += static_cast<std::size_t>(n);
    }
    return {};
}

std::filesystem::path temp_name_for(const std::filesystem::path& path) {
    static std::atomic<unsigned> counter{0};
    // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "." + std::string.
    std::string name(".");
    name += path.filename().string();
    name += ".tmp-";
    name += std::to_string(::getpid());
    name += '-';
    name += std::to_string(counter.fetch_add(1));
    return path.parent_path() / name;
}

}  // namespace

const DurableFileCalls* replace_durable_file_calls(const DurableFileCalls* replacement) {
    const DurableFileCalls* before = file_calls.exchange(replacement ? replacement : &kSystemCalls);
    return before == &kSystemCalls ? nullptr : before;
}

Error disk_full_error() { return make_error(ErrorCode::disk_full, kDiskFullMessage); }

bool is_out_of_space_errno(int e) { return e == ENOSPC || e == EDQUOT || e == EFBIG; }

Status sync_directory(const std::filesystem::path& dir) {
    FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) return os_error(errno, "open directory", dir);
    if (calls().fsync(fd.get()) != 0) return os_error(errno, "sync directory", dir);
    return {};
}

Status sync_existing_file(const std::filesystem::path& path) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return os_error(errno, "open", path);
    if (calls().fsync(fd.get()) != 0) return os_error(errno, "sync", path);
    return sync_directory(path.parent_path());
}

Status write_file_durably(const std::filesystem::path& path, std::string_view bytes) {
    std::filesystem::path temp;
    int raw = -1;
    for (int attempt = 0; attempt < 100 && raw < 0; ++attempt) {
        temp = temp_name_for(path);
        raw = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (raw < 0 && errno != EEXIST) return os_error(errno, "create", temp);
    }
    if (raw < 0) return os_error(EEXIST, "create a temporary file next to", path);
    FileDescriptor fd(raw);
    const auto fail = [&](Error e) -> Status {
        ::unlink(temp.c_str());
        return e;
    };
    if (auto s = write_all(fd.get(), bytes, temp); !s) return fail(s.error());
    if (calls().fsync(fd.get()) != 0) return fail(os_error(errno, "sync", temp));
    if (fd.close_checked() != 0) return fail(os_error(errno, "close", temp));
    if (calls().rename(temp.c_str(), path.c_str()) != 0) return fail(os_error(errno, "rename into place", path));
    return sync_directory(path.parent_path());
}

Status create_private_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) return {};
    const auto parent = dir.parent_path();
    if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
        std::filesystem::create_directories(parent, ec);
        if (ec) return os_error(ec.value(), "create directory", parent);
    }
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return os_error(errno, "create directory", dir);
    if (!std::filesystem::is_directory(dir, ec)) {
        return make_error(ErrorCode::io_error, dir.string() + " exists but is not a directory");
    }
    // mkdir's mode passed through the umask; a umask cannot widen 0700, but say it explicitly.
    if (::chmod(dir.c_str(), 0700) != 0) return os_error(errno, "set permissions of", dir);
    return sync_directory(parent.empty() ? std::filesystem::path(".") : parent);
}

Status create_private_file_if_missing(const std::filesystem::path& path) {
    FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() >= 0 || errno == EEXIST) return {};
    return os_error(errno, "create", path);
}

Expected<std::string> read_whole_file(const std::filesystem::path& path) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) return make_error(ErrorCode::not_found, path.string() + " does not exist");
        return os_error(errno, "open", path);
    }
    // Why sized from fstat and read in place: a 2 MB photo appended in 64 KiB pieces was copied
    // through a growing buffer several times over before its upload copied it once more.
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return os_error(errno, "read the size of", path);
    std::string out(st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0, '\0');
    std::size_t got = 0;
    while (got < out.size()) {
        const ssize_t n = ::read(fd.get(), out.data() + got, out.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return os_error(errno, "read", path);
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    out.resize(got);
    // A file that grew since fstat (or one whose size says nothing, as in /proc) is read to its end.
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return os_error(errno, "read", path);
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

}  // namespace fc
