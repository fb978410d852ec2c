#pragma once
// The photo picker: a desktop has no camera, so a photo step takes an image file by path or from a list.
#include <string>
#include <vector>

namespace fc {

class TouchUi;

struct PhotoPickerUi {
    std::string path;    // typed path
    std::string folder;  // folder whose photos are listed
    std::string listed;  // folder the list below belongs to
    std::vector<std::string> files;
    std::string error;
};

// Returns the full path of the file chosen this frame, or "".
std::string draw_photo_picker(TouchUi& ui, PhotoPickerUi& picker);

}  // namespace fc
