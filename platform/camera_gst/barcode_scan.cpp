#include "platform/camera_gst/barcode_scan.h"

#include <zbar.h>

namespace fc::gst {

std::vector<ScannedCode> scan_barcodes(const GreyImage& image) {
    using namespace zbar;  // zbar.h puts its C API in namespace zbar when compiled as C++
    std::vector<ScannedCode> codes;
    if (image.width <= 0 || image.height <= 0) return codes;
    zbar_image_scanner_t* scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t* zimage = zbar_image_create();
    zbar_image_set_format(zimage, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(zimage, static_cast<unsigned>(image.width), static_cast<unsigned>(image.height));
    // No cleanup handler: the pixels belong to `image`, which outlives the zbar image.
    zbar_image_set_data(zimage, image.pixels.data(), image.pixels.size(), nullptr);
    if (zbar_scan_image(scanner, zimage) > 0) {
        for (const zbar_symbol_t* symbol = zbar_image_first_symbol(zimage); symbol;
             symbol = zbar_symbol_next(symbol)) {
            const char* data = zbar_symbol_get_data(symbol);
            codes.push_back({zbar_get_symbol_name(zbar_symbol_get_type(symbol)),
                             std::string(data ? data : "", zbar_symbol_get_data_length(symbol))});
        }
    }
    zbar_image_destroy(zimage);
    zbar_image_scanner_destroy(scanner);
    return codes;
}

}  // namespace fc::gst
