#include "app/screens/fitted_text.h"

#include <imgui.h>

#include <vector>

#include "app/screens/touch_ui.h"

namespace fc {
namespace {

constexpr const char* kEllipsis = "\u2026";

float width_of(const std::string& s) { return ImGui::CalcTextSize(s.c_str(), s.c_str() + s.size()).x; }

// Byte offsets where a UTF-8 character starts (never inside one), and the end.
std::vector<std::size_t> character_starts(const std::string& s) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
    }
    out.push_back(s.size());
    return out;
}

}  // namespace

std::string ellipsized(const std::string& text, float max_width) {
    if (width_of(text) <= max_width) return text;
    const std::vector<std::size_t> starts = character_starts(text);
    // The most characters whose start plus "…" fits; widths grow with length, so a binary search.
    std::size_t lo = 0, hi = starts.size() - 1;
    while (lo < hi) {
        const std::size_t mid = (lo + hi + 1) / 2;
        if (width_of(text.substr(0, starts[mid]) + kEllipsis) <= max_width) lo = mid;
        else hi = mid - 1;
    }
    std::string out = text.substr(0, starts[lo]);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + kEllipsis;
}

bool fitted_label(TouchUi& ui, const std::string& text, float reserve) {
    const std::string shown = ellipsized(text, ImGui::GetContentRegionAvail().x - reserve);
    ui.label(shown);
    return shown != text;
}

}  // namespace fc
