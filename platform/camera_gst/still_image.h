#pragma once
// StillImage: one held GStreamer frame turned into what the app asks for: the preview's RGBA
// pixels, a JPEG for the photo, or 8-bit grey for the barcode scanner.
#include <gst/gst.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/camera.h"

namespace fc::gst {

// GreyImage: Y800 pixels, rows packed (width bytes each), as ZBar reads them.
struct GreyImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

// The RGBA pixels of a preview sample, rows packed; nullopt when the sample is not RGBA video.
std::optional<CameraFrame> rgba_frame(GstSample* sample, std::uint64_t number);

// The sample encoded as a baseline JPEG by GStreamer's jpegenc: a JFIF header and the image, no
// Exif or other metadata segment. `why` says what failed.
std::optional<std::string> jpeg_of(GstSample* sample, std::string& why);

std::optional<GreyImage> grey_of(GstSample* sample, std::string& why);

}  // namespace fc::gst
