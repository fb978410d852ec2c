// open_camera: finds and loads the camera module on first use, then asks it for a camera.
// Why dlopen: GStreamer and its plugins cost start-up time and memory the app must not pay
// until the technician opens a photo or serial step.
#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

#include "platform/camera_module.h"

namespace fc {
namespace {

using AbiFn = int (*)();
using OpenFn = Camera* (*)(const CameraSource*, CameraProblem*);

struct LoadedModule {
    OpenFn open = nullptr;
    std::string problem;  // why it could not be loaded; empty when `open` is set
};

std::filesystem::path module_path() {
    if (const char* env = std::getenv(kCameraModuleEnv); env && *env) return env;
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return kCameraModuleFile;  // the loader's search path as the last resort
    return exe.parent_path() / kCameraModuleFile;
}

LoadedModule load_module(const std::filesystem::path& path) {
    // Why never dlclose: GStreamer cannot be unloaded once initialised; the module stays for the process.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = dlerror();
        return {nullptr, "cannot load the camera module " + path.string() + ": " + (why ? why : "unknown reason")};
    }
    const auto abi = reinterpret_cast<AbiFn>(dlsym(handle, "fieldcheck_camera_abi"));
    const auto open = reinterpret_cast<OpenFn>(dlsym(handle, "fieldcheck_camera_open"));
    if (!abi || !open) return {nullptr, "the camera module " + path.string() + " has no fieldcheck_camera entry points"};
    if (abi() != kCameraModuleAbi) {
        return {nullptr, "the camera module " + path.string() + " is version " + std::to_string(abi()) +
                             ", this program needs version " + std::to_string(kCameraModuleAbi)};
    }
    return {open, {}};
}

}  // namespace

OpenedCamera open_camera(const CameraSource& source) {
    // Loaded once per path: a module that failed to load stays failed (the file will not appear while
    // the app runs, and retrying dlopen on every tap would only cost time); per path so that a test
    // can name a missing module and then the real one in the same process.
    static std::mutex mutex;
    static std::map<std::filesystem::path, LoadedModule> loaded;
    const std::filesystem::path path = module_path();
    LoadedModule module;
    {
        const std::lock_guard lock(mutex);
        auto it = loaded.find(path);
        if (it == loaded.end()) it = loaded.emplace(path, load_module(path)).first;
        module = it->second;
    }
    OpenedCamera opened;
    if (!module.open) {
        opened.problem = {CameraFailure::NoModule, module.problem};
        return opened;
    }
    opened.camera.reset(module.open(&source, &opened.problem));
    if (!opened.camera && opened.problem.failure == CameraFailure::None) {
        opened.problem = {CameraFailure::Failed, "the camera module returned no camera and no reason"};
    }
    return opened;
}

}  // namespace fc
