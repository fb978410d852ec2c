#include "platform/camera_gst/gst_camera.h"

#include <algorithm>
#include <cctype>

#include "platform/camera_gst/barcode_scan.h"
#include "platform/camera_gst/camera_problem_of.h"
#include "platform/camera_gst/pipeline_text.h"
#include "platform/camera_gst/still_image.h"

namespace fc::gst {
namespace {

bool is_image_name(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

// The JPEG and PNG files directly in `folder`, by name; empty when there are none or no folder.
std::vector<std::filesystem::path> image_files(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && is_image_name(it->path())) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Replaces the sample in `slot` with the appsink's newest one.
void keep_newest(GstAppSink* sink, std::mutex& mutex, GstSample*& slot, std::uint64_t* counter) {
    GstSample* sample = gst_app_sink_pull_sample(sink);
    if (!sample) return;
    GstSample* old = nullptr;
    {
        const std::lock_guard lock(mutex);
        old = slot;
        slot = sample;
        if (counter) ++*counter;
    }
    if (old) gst_sample_unref(old);
}

}  // namespace

std::unique_ptr<GstCamera> GstCamera::start(const CameraSource& source, CameraProblem& problem) {
    std::unique_ptr<GstCamera> camera(new GstCamera(source));
    std::error_code ec;
    if (source.kind == CameraSource::Kind::Files) {
        camera->files_ = image_files(source.where);
        if (camera->files_.empty()) {
            problem = {CameraFailure::Missing, "no JPEG or PNG images in the folder " + source.where};
            return nullptr;
        }
    } else if (source.kind == CameraSource::Kind::Device && !std::filesystem::exists(source.where, ec)) {
        problem = {CameraFailure::Missing, "no camera at " + source.where};
        return nullptr;
    }
    problem = camera->play_next();
    if (problem.failure != CameraFailure::None) return nullptr;
    return camera;
}

GstCamera::~GstCamera() {
    stop();
    if (preview_) gst_sample_unref(preview_);
    if (full_) gst_sample_unref(full_);
}

void GstCamera::stop() {
    if (!pipeline_) return;
    // Setting NULL joins the streaming threads, so no callback runs once this returns.
    gst_element_set_state(pipeline_, GST_STATE_NULL);
    gst_object_unref(pipeline_);
    pipeline_ = nullptr;
}

CameraProblem GstCamera::play_next() {
    stop();
    GError* error = nullptr;
    pipeline_ = gst_parse_launch(pipeline_text(source_).c_str(), &error);
    if (!pipeline_ || error) {
        const CameraProblem problem = problem_of_parse_error(error);
        if (error) g_error_free(error);
        stop();
        return problem;
    }
    GstElement* src = gst_bin_get_by_name(GST_BIN(pipeline_), "src");
    if (source_.kind == CameraSource::Kind::Files) {
        g_object_set(src, "location", files_[next_file_].c_str(), nullptr);
        next_file_ = (next_file_ + 1) % files_.size();
    } else if (source_.kind == CameraSource::Kind::Device) {
        g_object_set(src, "device", source_.where.c_str(), nullptr);
    }
    gst_object_unref(src);
    GstAppSinkCallbacks preview{};
    preview.new_sample = &GstCamera::on_preview;
    GstAppSinkCallbacks full{};
    full.new_sample = &GstCamera::on_full;
    for (auto [name, callbacks] : {std::pair{"preview", &preview}, std::pair{"full", &full}}) {
        GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline_), name);
        gst_app_sink_set_callbacks(GST_APP_SINK(sink), callbacks, this, nullptr);
        gst_object_unref(sink);
    }
    if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
        read_bus();
        CameraProblem problem = problem_;
        if (problem.failure == CameraFailure::None) problem = {CameraFailure::Failed, "the camera pipeline did not start"};
        stop();
        return problem;
    }
    return {};
}

GstFlowReturn GstCamera::on_preview(GstAppSink* sink, gpointer self) {
    auto* camera = static_cast<GstCamera*>(self);
    keep_newest(sink, camera->mutex_, camera->preview_, &camera->preview_number_);
    return GST_FLOW_OK;
}

GstFlowReturn GstCamera::on_full(GstAppSink* sink, gpointer self) {
    auto* camera = static_cast<GstCamera*>(self);
    keep_newest(sink, camera->mutex_, camera->full_, nullptr);
    return GST_FLOW_OK;
}

void GstCamera::read_bus() {
    if (!pipeline_ || problem_.failure != CameraFailure::None) return;
    GstBus* bus = gst_element_get_bus(pipeline_);
    bool next_file = false;
    while (GstMessage* message = gst_bus_pop_filtered(bus, GstMessageType(GST_MESSAGE_ERROR | GST_MESSAGE_EOS))) {
        if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR && problem_.failure == CameraFailure::None) {
            GError* error = nullptr;
            gchar* debug = nullptr;
            gst_message_parse_error(message, &error, &debug);
            bool streamed = false;
            {
                const std::lock_guard lock(mutex_);
                streamed = preview_number_ > 0;
            }
            problem_ = problem_of_error(error, debug, source_.kind, streamed);
            g_error_free(error);
            g_free(debug);
        } else if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS) {
            // A Files source shows its pictures in turn, like a camera pointed at one then the next.
            if (source_.kind == CameraSource::Kind::Files) next_file = true;
            else if (problem_.failure == CameraFailure::None) problem_ = {CameraFailure::Ended, "the camera's stream ended"};
        }
        gst_message_unref(message);
    }
    gst_object_unref(bus);
    if (next_file && problem_.failure == CameraFailure::None) problem_ = play_next();
}

CameraProblem GstCamera::problem() {
    read_bus();
    return problem_;
}

std::optional<CameraFrame> GstCamera::frame_after(std::uint64_t after_number) {
    read_bus();
    GstSample* sample = nullptr;
    std::uint64_t number = 0;
    {
        const std::lock_guard lock(mutex_);
        if (!preview_ || preview_number_ <= after_number) return std::nullopt;
        sample = gst_sample_ref(preview_);
        number = preview_number_;
    }
    std::optional<CameraFrame> frame = rgba_frame(sample, number);
    gst_sample_unref(sample);
    return frame;
}

GstSample* GstCamera::newest_full() {
    const std::lock_guard lock(mutex_);
    return full_ ? gst_sample_ref(full_) : nullptr;
}

std::optional<std::string> GstCamera::take_jpeg() {
    read_bus();
    if (problem_.failure != CameraFailure::None) return std::nullopt;
    GstSample* sample = newest_full();
    if (!sample) return std::nullopt;
    std::string why;
    std::optional<std::string> jpeg = jpeg_of(sample, why);
    gst_sample_unref(sample);
    if (!jpeg) problem_ = {CameraFailure::Failed, why};
    return jpeg;
}

std::vector<ScannedCode> GstCamera::scan() {
    read_bus();
    GstSample* sample = newest_full();
    if (!sample) return {};
    std::string why;
    const std::optional<GreyImage> grey = grey_of(sample, why);
    gst_sample_unref(sample);
    if (!grey) return {};
    return scan_barcodes(*grey);
}

}  // namespace fc::gst
