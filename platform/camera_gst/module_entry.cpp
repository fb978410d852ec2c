// The camera module's C entry points (platform/camera_module.h): initialise GStreamer once, then
// start a GstCamera.
#include <gst/gst.h>

#include <mutex>

#include "platform/camera_gst/gst_camera.h"
#include "platform/camera_module.h"

namespace {

// GStreamer's own initialisation can fail (no plugin registry can be written, broken install);
// that is a module problem the app words as "no camera support".
std::string init_gstreamer() {
    static std::once_flag once;
    static std::string problem;
    std::call_once(once, [] {
        GError* error = nullptr;
        if (!gst_init_check(nullptr, nullptr, &error)) {
            problem = std::string("GStreamer could not start: ") + (error && error->message ? error->message : "unknown");
        }
        if (error) g_error_free(error);
    });
    return problem;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int fieldcheck_camera_abi() { return fc::kCameraModuleAbi; }

extern "C" __attribute__((visibility("default"))) fc::Camera* fieldcheck_camera_open(const fc::CameraSource* source,
                                                                                      fc::CameraProblem* problem) {
    if (const std::string why = init_gstreamer(); !why.empty()) {
        *problem = {fc::CameraFailure::NoModule, why};
        return nullptr;
    }
    return fc::gst::GstCamera::start(*source, *problem).release();
}
