#pragma once
// PipelineText: the gst-launch description of a camera source's pipeline (source, then a tee into
// the preview and the full-resolution appsinks), kept apart from the running code so it reads as one.
#include <string>

#include "platform/camera.h"

namespace fc::gst {

// How long each picture of a Files source is shown: kFileFrames frames at kFileRate per second.
inline constexpr int kFileFrames = 10;
inline constexpr int kFileRate = 10;
// The preview is at most this wide; the full-resolution branch keeps the source's size.
inline constexpr int kPreviewMaxWidth = 640;

// The element named "src" gets its location or device as a property, never spliced into the text,
// so a path with spaces or quotes cannot change the pipeline.
std::string pipeline_text(const CameraSource& source);

}  // namespace fc::gst
