#pragma once
// DepotAttachments: photo and signature files on the depot, named by their SHA-256 and only by it.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "checklists/expected.h"

namespace fc {

// AttachmentUpload: one incoming file streamed to a private temporary file while its SHA-256 and
// size are counted. Why stream: a 1 MB photo need not sit in memory, and a chunked body that runs
// past the limit is cut off at the limit. The temporary file is removed unless finish() succeeds.
class AttachmentUpload {
public:
    // Code "too_large" from write() once more than `max_bytes` arrived.
    static Expected<std::unique_ptr<AttachmentUpload>> begin(const std::filesystem::path& attachments_dir,
                                                             std::size_t max_bytes);
    ~AttachmentUpload();
    AttachmentUpload(const AttachmentUpload&) = delete;
    AttachmentUpload& operator=(const AttachmentUpload&) = delete;

    Status write(const char* data, std::size_t size);
    std::int64_t size() const { return static_cast<std::int64_t>(received_); }

    // Checks the content against `sha256` (code "hash_mismatch"), then fsyncs the file, renames it to
    // its hash and fsyncs the directory: when this returns ok the file survives a power cut.
    Status finish(const std::string& sha256);

private:
    AttachmentUpload(std::filesystem::path dir, std::filesystem::path temp, int fd, std::size_t max_bytes);
    struct Digest;

    std::filesystem::path dir_;
    std::filesystem::path temp_;
    int fd_ = -1;
    std::size_t max_bytes_ = 0;
    std::size_t received_ = 0;
    std::unique_ptr<Digest> digest_;
    bool finished_ = false;
};

// Where the depot keeps the file for `sha256` (which must already be checked with is_sha256_hex).
std::filesystem::path attachment_file(const std::filesystem::path& attachments_dir, const std::string& sha256);

// Removes temporary files a killed depot left behind; they were never acknowledged to anyone.
void remove_unfinished_uploads(const std::filesystem::path& attachments_dir);

}  // namespace fc
