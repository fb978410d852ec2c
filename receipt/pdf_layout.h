#pragma once
// PageFlow: the receipt's text laid out top to bottom on pages of one size, wrapped by the measured
// widths of the real glyphs, continuing on a next page where the last one is full. It only places;
// receipt_pdf.cpp draws what it placed, once the number of pages is known.
#include <cairo.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "receipt/pdf_fonts.h"

namespace fc::receipt_pdf_parts {

// Text that cairo can draw: invalid UTF-8 becomes U+FFFD, control characters but '\n' a space.
std::string printable_utf8(std::string_view text);

// FontSet: the scaled fonts a receipt uses, made once per size and weight.
class FontSet {
public:
    explicit FontSet(ReceiptFonts faces) : faces_(faces) {}
    ~FontSet();
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;
    cairo_scaled_font_t* get(bool bold, double size);
    double width(bool bold, double size, const std::string& text);  // the glyphs' advance, in points

private:
    ReceiptFonts faces_;
    std::map<std::pair<bool, double>, cairo_scaled_font_t*> fonts_;
};

// The lines `text` takes at `width` points: broken at spaces and '\n'; a word wider than a line is
// broken between characters, so nothing runs past the margin.
std::vector<std::string> wrap_text(FontSet& fonts, bool bold, double size, std::string_view text, double width);

struct PlacedText {
    int page = 0;
    double x = 0;
    double baseline = 0;
    bool bold = false;
    double size = 0;
    std::string text;
};

struct PlacedBox {
    int page = 0;
    double x = 0;
    double y = 0;
    double side = 0;
};

// The usable band of every page: from `top` to `bottom` (points from the page's top edge).
struct PageBand {
    double left = 0;
    double width = 0;
    double top = 0;
    double bottom = 0;
};

class PageFlow {
public:
    PageFlow(FontSet& fonts, PageBand band) : fonts_(fonts), band_(band), y_(band.top) {}

    // Wrapped text; `mark` ("☐") hangs left of it, `indent` points from the left of the band.
    void paragraph(std::string_view text, bool bold, double size, double indent = 0, std::string_view mark = {});
    // A label and its value: side by side when `label_width` > 0, else the label above the value.
    void field(std::string_view label, std::string_view value, double size, double label_width);
    void gap(double points);
    // A square of `side` points on the current page, or at the top of a new one when it does not fit.
    PlacedBox square(double side);

    int pages() const { return page_ + 1; }
    const std::vector<PlacedText>& texts() const { return texts_; }

private:
    double line_height(double size) const { return size * 1.45; }
    // Moves to the next page when a line of `size` no longer fits; returns its baseline.
    double next_line(double size);

    FontSet& fonts_;
    PageBand band_;
    int page_ = 0;
    double y_ = 0;
    std::vector<PlacedText> texts_;
};

}  // namespace fc::receipt_pdf_parts
