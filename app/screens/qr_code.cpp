#include "app/screens/qr_code.h"

#include <imgui.h>
#include <qrencode.h>

#include <memory>

namespace fc {
namespace {

constexpr int kQuietModules = 4;  // ISO/IEC 18004: four modules of light margin around the code

struct QrDeleter {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::string qr_modules(const std::string& text, int& width) {
    // Level M: a phone reads it off a scratched tablet screen; 8-bit mode keeps the URL as typed.
    std::unique_ptr<QRcode, QrDeleter> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M));
    width = 0;
    if (!code) return {};
    width = code->width;
    std::string out(static_cast<std::size_t>(width) * static_cast<std::size_t>(width), '\0');
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = (code->data[i] & 1) ? '\1' : '\0';
    return out;
}

bool draw_qr_code(const std::string& text, float side) {
    int width = 0;
    const std::string modules = qr_modules(text, width);
    if (modules.empty()) return false;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + side, origin.y + side), IM_COL32(255, 255, 255, 255));
    const float module = side / static_cast<float>(width + 2 * kQuietModules);
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            if (!modules[static_cast<std::size_t>(y * width + x)]) continue;
            const ImVec2 a(origin.x + (x + kQuietModules) * module, origin.y + (y + kQuietModules) * module);
            draw->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32(0, 0, 0, 255));
        }
    }
    ImGui::Dummy(ImVec2(side, side));
    return true;
}

}  // namespace fc
