#pragma once
// The receipt's QR code as vector squares on a cairo page: sharp at any print resolution.
#include <cairo.h>

#include <string>

#include "checklists/expected.h"

namespace fc::receipt_pdf_parts {

// Draws `text` (8-bit, error correction M) as a QR code filling the square at (x, y) of side `side`
// points, its four-module quiet zone included. Refused (bad_length) when the text is too long for a
// QR code.
Status draw_qr(cairo_t* cr, const std::string& text, double x, double y, double side);

}  // namespace fc::receipt_pdf_parts
