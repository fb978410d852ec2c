#pragma once
// PhotoFile: an image file the technician picked for a photo step, read and checked before storing.
#include <filesystem>
#include <string>
#include <vector>

#include "checklists/expected.h"

namespace fc {

struct PhotoFile {
    std::string bytes;
    std::string media_type;  // image/jpeg or image/png
    int width = 0;
    int height = 0;
};

inline constexpr std::size_t kMaxPhotoBytes = 32u << 20;

// Reads `path` and checks that it is a JPEG or PNG image a person could look at, with its location,
// device and text metadata removed (photo_metadata.h); errors say which file and what is wrong with it.
Expected<PhotoFile> read_photo_file(const std::filesystem::path& path);

// The JPEG and PNG files directly in `folder`, sorted by name; for the photo step's file list.
Expected<std::vector<std::string>> list_photo_files(const std::filesystem::path& folder);

// Where the file list starts: the user's pictures folder (XDG, pictures_folder.h), else the home directory.
std::filesystem::path default_photo_folder();

}  // namespace fc
