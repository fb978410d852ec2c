#include "receipt/qr_drawing.h"

#include <qrencode.h>

namespace fc::receipt_pdf_parts {

namespace {
constexpr int kQuietModules = 4;  // the quiet zone the QR standard asks for, on every side
}

Status draw_qr(cairo_t* cr, const std::string& text, double x, double y, double side) {
    QRcode* code = QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()),
                                     0, QR_ECLEVEL_M);
    if (!code) return make_error(ErrorCode::bad_length, "the receipt link is too long for a QR code");
    const int n = code->width;
    const double module = side / (n + 2 * kQuietModules);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    // One path for every dark module, filled once; the light ones are the white page.
    for (int row = 0; row < n; ++row) {
        for (int col = 0; col < n; ++col) {
            if (code->data[row * n + col] & 1) {
                cairo_rectangle(cr, x + (col + kQuietModules) * module, y + (row + kQuietModules) * module, module, module);
            }
        }
    }
    cairo_fill(cr);
    cairo_restore(cr);
    QRcode_free(code);
    return {};
}

}  // namespace fc::receipt_pdf_parts
