#pragma once
// The photo step: kept photos as thumbnails with a delete each and a counter against the template's
// photos_min/photos_max, the camera's live preview with a big shutter, the still to retake or keep,
// and the file picker as the fallback when there is no camera or it failed.
#include <optional>
#include <string>
#include <vector>

#include "app/screens/photo_picker.h"
#include "app/tablet/intent.h"
#include "checklists/checklist_template.h"

namespace fc {

class TouchUi;
class Viewfinder;

// PhotoStepUi: the photo step's state that is not an answer yet.
struct PhotoStepUi {
    std::vector<std::string> kept;     // the step's photos (TabletModel::photos_of), set before drawing
    std::optional<std::string> still;  // the shutter's JPEG, waiting for retake or keep
    bool picker_open = false;
    bool camera_asked = false;         // the camera opened once on this step already (no reopening each frame)
    PhotoPickerUi picker;
};

// `photos`: the step's kept photos (hashes, in the order taken), answered or waiting for photos_min.
void draw_photo_step(TouchUi& ui, const Step& step, const std::vector<std::string>& photos, PhotoStepUi& state,
                     Viewfinder& viewfinder, Intent& out);

}  // namespace fc
