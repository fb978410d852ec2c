#include "sync/depot/office/qr_svg.h"

#include <qrencode.h>

#include <memory>

namespace fc {
namespace {

struct QrFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

constexpr int kQuietZone = 4;  // modules of white around the code: scanners need it

}  // namespace

std::optional<std::string> qr_svg(const std::string& text) {
    std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M));
    if (!code) return std::nullopt;
    const int width = code->width;
    const int side = width + 2 * kQuietZone;
    const std::string size = std::to_string(side);
    // shape-rendering crispEdges: neighbouring squares meet without hairline gaps when scaled.
    std::string svg = "<svg class=\"qr-code\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size +
                      "\" shape-rendering=\"crispEdges\" aria-hidden=\"true\"><rect fill=\"#fff\" width=\"" + size +
                      "\" height=\"" + size + "\"/><path fill=\"#000\" d=\"";
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            // Bit 0 of each byte is the module's colour (1 = dark); the others are libqrencode's bookkeeping.
            if ((code->data[y * width + x] & 1) == 0) continue;
            svg += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h1v1h-1z";
        }
    }
    svg += "\"/></svg>";
    return svg;
}

}  // namespace fc
