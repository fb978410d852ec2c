#include "platform/camera_gst/pipeline_text.h"

namespace fc::gst {
namespace {

std::string source_part(const CameraSource& source) {
    switch (source.kind) {
        case CameraSource::Kind::TestPattern: {
            std::string text = "videotestsrc name=src is-live=true";
            if (source.test_frames > 0) text += " num-buffers=" + std::to_string(source.test_frames);
            // I420 as a camera's encoder-friendly output; the preview branch converts to RGBA.
            return text + " ! video/x-raw,format=I420,width=" + std::to_string(source.test_width) +
                   ",height=" + std::to_string(source.test_height) + ",framerate=30/1";
        }
        case CameraSource::Kind::Files:
            // One still image held as a live stream; at its end of stream the camera opens the next file.
            return "filesrc name=src ! decodebin ! videoconvert ! imagefreeze is-live=true num-buffers=" +
                   std::to_string(kFileFrames) + " ! video/x-raw,framerate=" + std::to_string(kFileRate) + "/1";
        case CameraSource::Kind::Device:
            // decodebin: tablet cameras deliver raw YUY2 or MJPEG depending on the size.
            return "v4l2src name=src ! decodebin";
    }
    return {};
}

}  // namespace

std::string pipeline_text(const CameraSource& source) {
    // Each branch's queue holds one frame and drops the older one: a slow consumer sees the newest
    // picture, never a backlog, and never stalls the other branch.
    const std::string queue = "queue leaky=downstream max-size-buffers=1 max-size-bytes=0 max-size-time=0";
    const std::string sink = "drop=true max-buffers=1 sync=false enable-last-sample=false";
    return source_part(source) + " ! tee name=t  t. ! " + queue +
           " ! videoscale ! videoconvert ! video/x-raw,format=RGBA,width=[1," + std::to_string(kPreviewMaxWidth) +
           "],pixel-aspect-ratio=1/1 ! appsink name=preview " + sink + "  t. ! " + queue + " ! appsink name=full " +
           sink;
}

}  // namespace fc::gst
