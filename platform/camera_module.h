#pragma once
// CameraModule: the C entry points the camera module (platform/camera_gst, loaded with dlopen)
// exports, shared by the module and the loader in platform/camera_open.cpp.
// Why C entry points: dlsym finds them by an unmangled name; the ABI number refuses a module built
// from another version of camera.h instead of calling into a different class layout.
#include "platform/camera.h"

namespace fc {

inline constexpr int kCameraModuleAbi = 1;
inline constexpr const char* kCameraModuleFile = "libfieldcheck_camera_gst.so";
// Tests point this at another file (or at none) to load a different module.
inline constexpr const char* kCameraModuleEnv = "FIELDCHECK_CAMERA_MODULE";

}  // namespace fc

extern "C" {
// The ABI number the module was built with (kCameraModuleAbi).
int fieldcheck_camera_abi();
// Starts `source`; a camera the caller owns (delete it), or null with `problem` filled.
fc::Camera* fieldcheck_camera_open(const fc::CameraSource* source, fc::CameraProblem* problem);
}
