#pragma once
// CameraProblemOf: turns what GStreamer reports (an error message's domain, code and text) into the
// camera's CameraProblem, so that "no such device" and "device busy" reach the technician as such.
#include <gst/gst.h>

#include "platform/camera.h"

namespace fc::gst {

// `streamed`: at least one frame arrived before the error (a camera unplugged mid-preview ends).
CameraProblem problem_of_error(const GError* error, const char* debug, CameraSource::Kind kind, bool streamed);

// An error from gst_parse_launch: a missing element means a missing GStreamer plugin package.
CameraProblem problem_of_parse_error(const GError* error);

}  // namespace fc::gst
