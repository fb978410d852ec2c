#pragma once
// FontSet: the UI's DejaVu Sans faces, rasterised for the window's content scale.
#include <string>

struct ImFont;
struct ImFontAtlas;

namespace fc {

inline constexpr const char* kDejaVuSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
inline constexpr const char* kDejaVuSansBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
// Why these sizes: 22 px body text reads at arm's length in daylight; every size in the UI is a
// multiple of the body size, so one content-scale factor scales everything.
inline constexpr float kBodyFontPx = 22.0f;
inline constexpr float kTitleFontPx = 30.0f;
inline constexpr float kDigitFontPx = 40.0f;

struct FontSet {
    ImFont* body = nullptr;   // default font of every window
    ImFont* title = nullptr;  // bold, for screen and step titles
    ImFont* digits = nullptr; // bold and large, for keypad keys and entered values
};

struct FontLoad {
    FontSet fonts;
    std::string error;  // "" on success
};

// Clears `atlas`, adds the three faces at `scale` and builds the atlas (RGBA32), so the caller only
// uploads the texture. Fails with a message naming the missing font file.
FontLoad load_fonts(ImFontAtlas& atlas, float scale);

// Latin-1 + Latin Extended-A (Dutch é, ë, ï, ĳ), plus the punctuation and symbols templates and the
// UI use (dashes, quotes, ellipsis, euro, arrows, check marks).
const unsigned short* ui_glyph_ranges();

}  // namespace fc
