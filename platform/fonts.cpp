#include "platform/fonts.h"

#include <filesystem>

#include <imgui.h>

namespace fc {

const unsigned short* ui_glyph_ranges() {
    static const ImWchar ranges[] = {
        0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
        0x0100, 0x017F,  // Latin Extended-A
        0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
        0x20AC, 0x20AC,  // euro
        0x2190, 0x2193,  // arrows
        0x2610, 0x2612,  // ballot boxes: the receipt's to-do items
        0x2713, 0x2717,  // check marks and crosses
        0,
    };
    return ranges;
}

FontLoad load_fonts(ImFontAtlas& atlas, float scale) {
    FontLoad out;
    for (const char* path : {kDejaVuSans, kDejaVuSansBold}) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) {
            out.error = std::string("font file ") + path +
                        " is missing; install the Debian package fonts-dejavu-core";
            return out;
        }
    }
    atlas.Clear();
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    const ImWchar* ranges = ui_glyph_ranges();
    out.fonts.body = atlas.AddFontFromFileTTF(kDejaVuSans, kBodyFontPx * scale, &config, ranges);
    out.fonts.title = atlas.AddFontFromFileTTF(kDejaVuSansBold, kTitleFontPx * scale, &config, ranges);
    out.fonts.digits = atlas.AddFontFromFileTTF(kDejaVuSansBold, kDigitFontPx * scale, &config, ranges);
    if (!out.fonts.body || !out.fonts.title || !out.fonts.digits) {
        out.error = std::string("could not read the fonts in ") + kDejaVuSans + " / " + kDejaVuSansBold;
        out.fonts = {};
        return out;
    }
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    atlas.GetTexDataAsRGBA32(&pixels, &width, &height);
    if (!pixels) {
        out.error = "could not build the font atlas";
        out.fonts = {};
    }
    return out;
}

}  // namespace fc
