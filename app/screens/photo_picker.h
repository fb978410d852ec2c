#pragma once
// The photo picker: the photo step's fallback when there is no camera (or it failed): the folder's
// photos as thumbnails to tap, its folders to open and `..` to go up, or a typed path.
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

namespace fc {

class TouchUi;

struct PhotoPickerUi {
    std::string path;    // typed path
    std::string folder;  // folder whose photos are listed
    std::string listed;  // folder the list below belongs to
    std::vector<std::string> files;
    std::vector<std::string> folders;  // the listed folder's own folders, to open
    std::string error;
};

// A file's thumbnail as a texture (decoded small by the app); empty: a placeholder box (headless).
using ThumbnailHook = std::function<ImTextureID(const std::string& path)>;

// Returns the full path of the file chosen this frame, or "".
std::string draw_photo_picker(TouchUi& ui, PhotoPickerUi& picker, const ThumbnailHook& thumbnail = {});

}  // namespace fc
