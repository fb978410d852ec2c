#include "app/tablet/photo_file.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <stb/stb_image.h>

#include "app/tablet/photo_metadata.h"
#include "app/tablet/pictures_folder.h"

namespace fc {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool has_photo_extension(const std::filesystem::path& p) {
    const std::string ext = lower(p.extension().string());
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

}  // namespace

Expected<PhotoFile> read_photo_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (path.empty()) return make_error(ErrorCode::photo_missing, "choose a photo file first");
    if (!std::filesystem::is_regular_file(path, ec)) {
        return make_error(ErrorCode::photo_missing, "there is no file " + path.string());
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return make_error(ErrorCode::photo_unreadable, "cannot read " + path.string() + ": " + ec.message());
    if (size > kMaxPhotoBytes) {
        return make_error(ErrorCode::photo_too_large, "the file " + path.filename().string() + " is larger than 32 MB; take a smaller photo");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::photo_unreadable, "cannot open " + path.string());
    PhotoFile photo;
    photo.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return make_error(ErrorCode::photo_unreadable, "reading " + path.string() + " failed");
    const auto* data = reinterpret_cast<const unsigned char*>(photo.bytes.data());
    const std::size_t n = photo.bytes.size();
    if (n >= 8 && data[0] == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G') {
        photo.media_type = "image/png";
    } else if (n >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
        photo.media_type = "image/jpeg";
    } else {
        return make_error(ErrorCode::photo_not_image, "the file " + path.filename().string() + " is not a JPEG or PNG photo");
    }
    int components = 0;
    if (!stbi_info_from_memory(data, static_cast<int>(n), &photo.width, &photo.height, &components) ||
        photo.width <= 0 || photo.height <= 0) {
        return make_error(ErrorCode::photo_not_image, "the file " + path.filename().string() + " is damaged: its image header cannot be read");
    }
    // Why here: every picked photo passes this way before it is stored by hash and sent, so no
    // location or device name leaves the tablet in a picked file.
    auto stripped = photo.media_type == "image/png" ? strip_png_metadata(photo.bytes) : strip_jpeg_metadata(photo.bytes);
    if (!stripped) {
        return make_error(ErrorCode::photo_not_image, "the file " + path.filename().string() + " is damaged: its structure is cut short or broken");
    }
    photo.bytes = std::move(*stripped);
    return photo;
}

Expected<std::vector<std::string>> list_photo_files(const std::filesystem::path& folder) {
    std::error_code ec;
    std::filesystem::directory_iterator it(folder, std::filesystem::directory_options::skip_permission_denied, ec);
    if (ec) return make_error(ErrorCode::folder_unreadable, "cannot open the folder " + folder.string() + ": " + ec.message());
    std::vector<std::string> names;
    for (const auto& entry : it) {
        std::error_code entry_ec;
        if (entry.is_regular_file(entry_ec) && has_photo_extension(entry.path())) {
            names.push_back(entry.path().filename().string());
        }
        if (names.size() >= 500) break;  // a list longer than this is not usable by finger anyway
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::filesystem::path default_photo_folder() { return pictures_folder(); }

}  // namespace fc
