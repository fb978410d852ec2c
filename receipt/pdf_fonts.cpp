#include "receipt/pdf_fonts.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <mutex>
#include <string>

namespace fc::receipt_pdf_parts {
namespace {

// Debian's fonts-dejavu-core; the package is what makes the bytes the same on tablet and depot.
constexpr const char* kRegularPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBoldPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

const cairo_user_data_key_t kFaceKey{};

Expected<cairo_font_face_t*> load_face(FT_Library library, const char* path) {
    FT_Face face = nullptr;
    if (FT_New_Face(library, path, 0, &face) != 0) {
        return make_error(ErrorCode::io_error, std::string("FreeType cannot read the receipt font ") + path)
            .with("path", path);
    }
    cairo_font_face_t* cairo_face = cairo_ft_font_face_create_for_ft_face(face, 0);
    // Why: the FT_Face must outlive the cairo face; cairo calls this when it drops the face.
    cairo_font_face_set_user_data(cairo_face, &kFaceKey, face, [](void* f) { FT_Done_Face(static_cast<FT_Face>(f)); });
    return cairo_face;
}

Expected<ReceiptFonts> load_fonts() {
    FT_Library library = nullptr;
    if (FT_Init_FreeType(&library) != 0) return make_error(ErrorCode::io_error, "FreeType cannot start");
    auto regular = load_face(library, kRegularPath);
    if (!regular) return regular.error();
    auto bold = load_face(library, kBoldPath);
    if (!bold) return bold.error();
    return ReceiptFonts{*regular, *bold};
}

}  // namespace

Expected<ReceiptFonts> receipt_fonts() {
    // Once per process: the depot renders on worker threads, and FreeType's library is not shared
    // safely while faces are being made.
    static const Expected<ReceiptFonts> fonts = load_fonts();
    return fonts;
}

cairo_scaled_font_t* pdf_scaled_font(cairo_font_face_t* face, double size) {
    cairo_matrix_t font_matrix;
    cairo_matrix_t identity;
    cairo_matrix_init_scale(&font_matrix, size, size);
    cairo_matrix_init_identity(&identity);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    cairo_scaled_font_t* scaled = cairo_scaled_font_create(face, &font_matrix, &identity, options);
    cairo_font_options_destroy(options);
    return scaled;
}

}  // namespace fc::receipt_pdf_parts
