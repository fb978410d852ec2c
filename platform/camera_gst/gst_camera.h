#pragma once
// GstCamera: a Camera backed by one GStreamer pipeline (see pipeline_text.h); the appsinks keep the
// newest preview and full-resolution frames, and the bus is read whenever the app asks.
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "platform/camera.h"

namespace fc::gst {

class GstCamera final : public Camera {
public:
    // Null with `problem` filled when the source is missing or the pipeline cannot start.
    static std::unique_ptr<GstCamera> start(const CameraSource& source, CameraProblem& problem);
    ~GstCamera() override;
    GstCamera(const GstCamera&) = delete;
    GstCamera& operator=(const GstCamera&) = delete;

    std::optional<CameraFrame> frame_after(std::uint64_t after_number) override;
    CameraProblem problem() override;
    std::optional<std::string> take_jpeg() override;
    std::vector<ScannedCode> scan() override;

private:
    explicit GstCamera(const CameraSource& source) : source_(source) {}
    CameraProblem play_next();  // builds and starts the pipeline (for Files: of the next file)
    void stop();
    void read_bus();
    GstSample* newest_full();  // a reference the caller unrefs; null when none arrived yet
    static GstFlowReturn on_preview(GstAppSink* sink, gpointer self);
    static GstFlowReturn on_full(GstAppSink* sink, gpointer self);

    CameraSource source_;
    std::vector<std::filesystem::path> files_;  // Files: the images, in name order
    std::size_t next_file_ = 0;
    GstElement* pipeline_ = nullptr;
    CameraProblem problem_;
    // Written by the appsinks' streaming threads, read by the app's thread.
    std::mutex mutex_;
    GstSample* preview_ = nullptr;
    std::uint64_t preview_number_ = 0;
    GstSample* full_ = nullptr;
};

}  // namespace fc::gst
