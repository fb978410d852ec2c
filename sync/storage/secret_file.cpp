#include "secret_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "sync/storage/durable_file.h"

namespace fc {

Status write_secret_file(const std::filesystem::path& path, std::string_view bytes) {
    return write_file_durably(path, bytes);
}

Expected<std::string> read_secret_file(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return make_error(ErrorCode::not_found, path.string() + " does not exist");
        return make_error(ErrorCode::io_error, "cannot read " + path.string() + ": " + std::strerror(errno));
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        return make_error(ErrorCode::bad_key, path.string() + " may be read by others than its owner (mode " +
                                                  std::to_string(st.st_mode & 0777) +
                                                  " in decimal); a key others could copy is not this machine's alone")
            .with("file", path.string());
    }
    return read_whole_file(path);
}

}  // namespace fc
