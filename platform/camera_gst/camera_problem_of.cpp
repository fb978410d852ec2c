#include "platform/camera_gst/camera_problem_of.h"

#include <cerrno>
#include <cstring>
#include <string>

namespace fc::gst {
namespace {

bool mentions(const char* text, const char* what) { return text && std::strstr(text, what); }

std::string describe(const GError* error, const char* debug) {
    std::string text = error && error->message ? error->message : "unknown GStreamer error";
    if (debug && *debug) text += std::string(" (") + debug + ")";
    return text;
}

}  // namespace

CameraProblem problem_of_error(const GError* error, const char* debug, CameraSource::Kind kind, bool streamed) {
    const std::string detail = describe(error, debug);
    if (!error || error->domain != GST_RESOURCE_ERROR) return {CameraFailure::Failed, detail};
    // v4l2src reports EBUSY either as RESOURCE_ERROR_BUSY (at set-format or stream-on) or as a failed
    // open whose debug text carries strerror(EBUSY); ENOENT likewise for a device that went away.
    const bool busy = error->code == GST_RESOURCE_ERROR_BUSY || mentions(debug, std::strerror(EBUSY));
    const bool missing = error->code == GST_RESOURCE_ERROR_NOT_FOUND || mentions(debug, std::strerror(ENOENT)) ||
                         mentions(debug, std::strerror(ENODEV));
    if (busy) return {CameraFailure::Busy, detail};
    if (streamed && kind == CameraSource::Kind::Device) return {CameraFailure::Ended, detail};
    if (missing) return {CameraFailure::Missing, detail};
    return {CameraFailure::Failed, detail};
}

CameraProblem problem_of_parse_error(const GError* error) {
    const std::string detail = error && error->message ? error->message : "the camera pipeline could not be built";
    if (error && error->domain == GST_PARSE_ERROR && error->code == GST_PARSE_ERROR_NO_SUCH_ELEMENT) {
        return {CameraFailure::NoModule, "a GStreamer plugin is missing: " + detail};
    }
    return {CameraFailure::Failed, detail};
}

}  // namespace fc::gst
