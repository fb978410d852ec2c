#include "platform/camera_gst/still_image.h"

#include <gst/video/video.h>

#include <cstring>

namespace fc::gst {
namespace {

// Why five seconds: gst_video_convert_sample runs a small pipeline of its own; on a loaded 2-core
// tablet a 1280x720 encode takes tens of milliseconds, so this only stops a hung encoder.
constexpr GstClockTime kConvertTimeout = 5 * GST_SECOND;

// Copies the first plane of `sample` row by row (strides may pad rows) into `out`.
bool copy_plane(GstSample* sample, int bytes_per_pixel, int& width, int& height, std::vector<std::uint8_t>& out) {
    GstVideoInfo info;
    GstCaps* caps = gst_sample_get_caps(sample);
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    if (!caps || !buffer || !gst_video_info_from_caps(&info, caps)) return false;
    GstVideoFrame frame;
    if (!gst_video_frame_map(&frame, &info, buffer, GST_MAP_READ)) return false;
    width = GST_VIDEO_FRAME_WIDTH(&frame);
    height = GST_VIDEO_FRAME_HEIGHT(&frame);
    const auto row = static_cast<std::size_t>(width) * static_cast<std::size_t>(bytes_per_pixel);
    const auto stride = static_cast<std::size_t>(GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0));
    const auto* pixels = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 0));
    out.resize(row * static_cast<std::size_t>(height));
    for (int y = 0; y < height; ++y) std::memcpy(out.data() + row * static_cast<std::size_t>(y), pixels + stride * static_cast<std::size_t>(y), row);
    gst_video_frame_unmap(&frame);
    return true;
}

GstSample* convert(GstSample* sample, const char* caps_text, std::string& why) {
    GstCaps* caps = gst_caps_from_string(caps_text);
    GError* error = nullptr;
    GstSample* converted = gst_video_convert_sample(sample, caps, kConvertTimeout, &error);
    gst_caps_unref(caps);
    if (!converted) {
        why = std::string("converting the frame to ") + caps_text + " failed: " +
              (error && error->message ? error->message : "timed out");
    }
    if (error) g_error_free(error);
    return converted;
}

}  // namespace

std::optional<CameraFrame> rgba_frame(GstSample* sample, std::uint64_t number) {
    CameraFrame frame;
    frame.number = number;
    if (!copy_plane(sample, 4, frame.width, frame.height, frame.rgba)) return std::nullopt;
    return frame;
}

std::optional<std::string> jpeg_of(GstSample* sample, std::string& why) {
    GstSample* jpeg = convert(sample, "image/jpeg", why);
    if (!jpeg) return std::nullopt;
    std::optional<std::string> bytes;
    GstMapInfo map;
    GstBuffer* buffer = gst_sample_get_buffer(jpeg);
    if (buffer && gst_buffer_map(buffer, &map, GST_MAP_READ)) {
        bytes.emplace(reinterpret_cast<const char*>(map.data), map.size);
        gst_buffer_unmap(buffer, &map);
    } else {
        why = "the encoded JPEG could not be read";
    }
    gst_sample_unref(jpeg);
    return bytes;
}

std::optional<GreyImage> grey_of(GstSample* sample, std::string& why) {
    GstSample* grey = convert(sample, "video/x-raw,format=GRAY8", why);
    if (!grey) return std::nullopt;
    GreyImage image;
    const bool copied = copy_plane(grey, 1, image.width, image.height, image.pixels);
    gst_sample_unref(grey);
    if (!copied) {
        why = "the grey frame could not be read";
        return std::nullopt;
    }
    return image;
}

}  // namespace fc::gst
