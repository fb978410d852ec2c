#pragma once
// ReceiptFonts: DejaVu Sans and Sans Bold, read from their TTF files through FreeType once per
// process, so no fontconfig choice can make two machines draw different glyphs.
#include <cairo.h>

#include "checklists/expected.h"

namespace fc::receipt_pdf_parts {

struct ReceiptFonts {
    cairo_font_face_t* regular = nullptr;
    cairo_font_face_t* bold = nullptr;
};

// The faces live for the whole process (cairo keeps them with the FT_Face they were made from).
// Refused (io_error) when a font file is missing or FreeType cannot read it.
Expected<ReceiptFonts> receipt_fonts();

// A scaled font of `face` at `size` points for a PDF: no hinting, unhinted metrics, so widths are the
// font's own and the same on every machine. The caller destroys it.
cairo_scaled_font_t* pdf_scaled_font(cairo_font_face_t* face, double size);

}  // namespace fc::receipt_pdf_parts
