#include "app/tablet/signature_image.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <stb/stb_image_write.h>

namespace fc {
namespace {

// Stamps a filled disc: simple, and thick enough lines look like a pen at 900 px wide.
void stamp(std::vector<std::uint8_t>& pixels, int width, int height, float cx, float cy, float radius) {
    const int x0 = std::max(0, static_cast<int>(std::floor(cx - radius)));
    const int x1 = std::min(width - 1, static_cast<int>(std::ceil(cx + radius)));
    const int y0 = std::max(0, static_cast<int>(std::floor(cy - radius)));
    const int y1 = std::min(height - 1, static_cast<int>(std::ceil(cy + radius)));
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            const float dx = static_cast<float>(x) + 0.5f - cx;
            const float dy = static_cast<float>(y) + 0.5f - cy;
            if (dx * dx + dy * dy <= radius * radius) pixels[static_cast<std::size_t>(y * width + x)] = 0;
        }
    }
}

void append_bytes(void* context, void* data, int size) {
    auto* out = static_cast<std::string*>(context);
    out->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

}  // namespace

std::string signature_png(const std::vector<SignatureStroke>& strokes, int width, int height) {
    if (width <= 0 || height <= 0) return {};
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), 255);
    const float radius = std::max(1.5f, static_cast<float>(width) / 300.0f);
    for (const SignatureStroke& stroke : strokes) {
        for (std::size_t i = 0; i < stroke.size(); ++i) {
            const PadPoint a = stroke[i];
            const PadPoint b = i + 1 < stroke.size() ? stroke[i + 1] : a;
            const float ax = std::clamp(a.x, 0.0f, 1.0f) * static_cast<float>(width);
            const float ay = std::clamp(a.y, 0.0f, 1.0f) * static_cast<float>(height);
            const float bx = std::clamp(b.x, 0.0f, 1.0f) * static_cast<float>(width);
            const float by = std::clamp(b.y, 0.0f, 1.0f) * static_cast<float>(height);
            const float length = std::hypot(bx - ax, by - ay);
            const int steps = std::max(1, static_cast<int>(length / (radius * 0.5f)));
            for (int s = 0; s <= steps; ++s) {
                const float f = static_cast<float>(s) / static_cast<float>(steps);
                stamp(pixels, width, height, ax + (bx - ax) * f, ay + (by - ay) * f, radius);
            }
        }
    }
    std::string png;
    if (!stbi_write_png_to_func(append_bytes, &png, width, height, 1, pixels.data(), width)) return {};
    return png;
}

bool has_ink(const std::vector<SignatureStroke>& strokes) {
    float length = 0;
    for (const SignatureStroke& stroke : strokes) {
        for (std::size_t i = 1; i < stroke.size(); ++i) {
            length += std::hypot(stroke[i].x - stroke[i - 1].x, stroke[i].y - stroke[i - 1].y);
        }
    }
    return length > 0.05f;
}

}  // namespace fc
