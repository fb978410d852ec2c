#pragma once
// BarcodeScan: ZBar over one grey frame; every symbology ZBar knows is on (EAN-13, QR, Code 128, ...).
#include <vector>

#include "platform/camera.h"
#include "platform/camera_gst/still_image.h"

namespace fc::gst {

std::vector<ScannedCode> scan_barcodes(const GreyImage& image);

}  // namespace fc::gst
