#include "terminal_qr.h"

#include <qrencode.h>

#include <memory>

namespace fc {
namespace {

constexpr int kQuietZone = 4;

struct QrFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

// Why light-on-dark is drawn as blocks: most terminals are dark, and a scanner needs dark modules
// on a light ground; so the light modules (and the quiet zone) are the printed blocks.
std::optional<std::string> terminal_qr(const std::string& text) {
    std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M));
    if (!code) return std::nullopt;
    const int width = code->width;
    const auto dark = [&](int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= width) return false;
        return (code->data[y * width + x] & 1) != 0;
    };
    std::string out;
    for (int y = -kQuietZone; y < width + kQuietZone; y += 2) {
        for (int x = -kQuietZone; x < width + kQuietZone; ++x) {
            const bool top = !dark(x, y);
            const bool bottom = y + 1 < width + kQuietZone && !dark(x, y + 1);
            out += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
        }
        out += '\n';
    }
    return out;
}

}  // namespace fc
