#include "depot_attachments.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "sync/wire/device_token.h"
#include "sync/storage/durable_file.h"

namespace fc {
namespace {

constexpr const char* kIncomingPrefix = ".incoming-";

Error file_error(int e, const std::string& what, const std::filesystem::path& path) {
    if (is_out_of_space_errno(e)) {
        return make_error(ErrorCode::disk_full, "The depot's disk is full: the attachment was not stored (" + path.parent_path().string() + ").");
    }
    return make_error(ErrorCode::io_error, "could not " + what + " " + path.string() + ": " + std::strerror(e));
}

}  // namespace

struct AttachmentUpload::Digest {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Digest() { EVP_MD_CTX_free(ctx); }
};

AttachmentUpload::AttachmentUpload(std::filesystem::path dir, std::filesystem::path temp, int fd, std::size_t max_bytes)
    : dir_(std::move(dir)), temp_(std::move(temp)), fd_(fd), max_bytes_(max_bytes), digest_(std::make_unique<Digest>()) {
    EVP_DigestInit_ex(digest_->ctx, EVP_sha256(), nullptr);
}

AttachmentUpload::~AttachmentUpload() {
    if (fd_ >= 0) ::close(fd_);
    if (!finished_) {
        std::error_code ec;
        std::filesystem::remove(temp_, ec);
    }
}

Expected<std::unique_ptr<AttachmentUpload>> AttachmentUpload::begin(const std::filesystem::path& attachments_dir,
                                                                    std::size_t max_bytes) {
    auto random = generate_device_token();
    if (!random) return random.error();
    // The depot names the file itself; nothing from the request is part of this name.
    const auto temp = attachments_dir / (std::string(kIncomingPrefix) + random->substr(0, 24));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return file_error(errno, "create", temp);
    return std::unique_ptr<AttachmentUpload>(new AttachmentUpload(attachments_dir, temp, fd, max_bytes));
}

Status AttachmentUpload::write(const char* data, std::size_t size) {
    if (received_ + size > max_bytes_) {
        return make_error(ErrorCode::too_large, "the attachment is larger than " + std::to_string(max_bytes_) + " bytes");
    }
    received_ += size;
    EVP_DigestUpdate(digest_->ctx, data, size);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd_, data + done, size - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return file_error(errno, "write", temp_);
        }
        if (n == 0) return file_error(ENOSPC, "write", temp_);
        done += static_cast<std::size_t>(n);
    }
    return {};
}

Status AttachmentUpload::finish(const std::string& sha256) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(digest_->ctx, digest.data(), &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string actual;
    for (unsigned int i = 0; i < length; ++i) {
        actual.push_back(kHex[digest[i] >> 4]);
        actual.push_back(kHex[digest[i] & 0x0F]);
    }
    if (actual != sha256) {
        return make_error(ErrorCode::hash_mismatch, "the body's SHA-256 is " + actual + ", not the " + sha256 + " named in the URL");
    }
    if (::fsync(fd_) != 0) return file_error(errno, "sync", temp_);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return file_error(errno, "close", temp_);
    const auto final_path = attachment_file(dir_, sha256);
    if (::rename(temp_.c_str(), final_path.c_str()) != 0) return file_error(errno, "rename", final_path);
    finished_ = true;
    if (auto s = sync_directory(dir_); !s) {
        return make_error(s.error().code, "the attachment " + sha256 + " is in place but its directory could not be synced: " + s.error().message);
    }
    return {};
}

std::filesystem::path attachment_file(const std::filesystem::path& attachments_dir, const std::string& sha256) {
    return attachments_dir / sha256;
}

void remove_unfinished_uploads(const std::filesystem::path& attachments_dir) {
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(attachments_dir, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (it->path().filename().string().rfind(kIncomingPrefix, 0) == 0) {
            std::error_code ignored;
            std::filesystem::remove(it->path(), ignored);
        }
    }
}

}  // namespace fc
