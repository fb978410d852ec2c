#include "receipt/pdf_layout.h"

#include <algorithm>

namespace fc::receipt_pdf_parts {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at `i`, 0 when it is not one (overlong, surrogate, beyond U+10FFFF).
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    }
    if (c == 0xE0 && byte(i + 1) < 0xA0) return 0;
    if (c == 0xED && byte(i + 1) >= 0xA0) return 0;
    if (c == 0xF0 && byte(i + 1) < 0x90) return 0;
    if (c == 0xF4 && byte(i + 1) >= 0x90) return 0;
    return n;
}

// Where a line of `line` may end so that it is at most `width` wide: at least one character.
std::size_t fitting_prefix(FontSet& fonts, bool bold, double size, std::string_view word, double width) {
    std::size_t fit = 0;
    std::size_t i = 0;
    while (i < word.size()) {
        std::size_t n = std::max<std::size_t>(1, utf8_length(word, i));
        if (fit > 0 && fonts.width(bold, size, std::string(word.substr(0, i + n))) > width) break;
        i += n;
        fit = i;
    }
    return fit;
}

void wrap_paragraph(FontSet& fonts, bool bold, double size, std::string_view para, double width,
                    std::vector<std::string>& out) {
    const std::size_t lines_before = out.size();
    std::string line;
    std::size_t pos = 0;
    while (pos <= para.size()) {
        std::size_t space = para.find(' ', pos);
        if (space == std::string_view::npos) space = para.size();
        std::string_view word = para.substr(pos, space - pos);
        pos = space + 1;
        if (word.empty()) continue;
        const std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
        if (fonts.width(bold, size, candidate) <= width) {
            line = candidate;
            continue;
        }
        if (!line.empty()) out.push_back(std::move(line));
        line.clear();
        // A word wider than the line is cut where the line is full, as often as it takes.
        while (fonts.width(bold, size, std::string(word)) > width) {
            const std::size_t cut = fitting_prefix(fonts, bold, size, word, width);
            out.emplace_back(word.substr(0, cut));
            word.remove_prefix(cut);
        }
        line = std::string(word);
    }
    if (!line.empty() || out.size() == lines_before) out.push_back(std::move(line));
}

}  // namespace

std::string printable_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_length(text, i);
        if (n == 0) {
            out += kReplacement;
            ++i;
            continue;
        }
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (n == 1 && c != '\n' && (c < 0x20 || c == 0x7F)) {
            out += ' ';
        } else {
            out.append(text.substr(i, n));
        }
        i += n;
    }
    return out;
}

FontSet::~FontSet() {
    for (auto& [key, font] : fonts_) cairo_scaled_font_destroy(font);
}

cairo_scaled_font_t* FontSet::get(bool bold, double size) {
    auto [it, added] = fonts_.try_emplace({bold, size}, nullptr);
    if (added) it->second = pdf_scaled_font(bold ? faces_.bold : faces_.regular, size);
    return it->second;
}

double FontSet::width(bool bold, double size, const std::string& text) {
    cairo_scaled_font_t* font = get(bold, size);
    cairo_glyph_t* glyphs = nullptr;
    int count = 0;
    if (cairo_scaled_font_text_to_glyphs(font, 0, 0, text.data(), static_cast<int>(text.size()), &glyphs, &count, nullptr,
                                         nullptr, nullptr) != CAIRO_STATUS_SUCCESS) {
        return 0;
    }
    cairo_text_extents_t extents;
    cairo_scaled_font_glyph_extents(font, glyphs, count, &extents);
    cairo_glyph_free(glyphs);
    // The ink may reach past the advance (an italic or a wide last glyph): count whichever is wider.
    return std::max(extents.x_advance, extents.x_bearing + extents.width);
}

std::vector<std::string> wrap_text(FontSet& fonts, bool bold, double size, std::string_view text, double width) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (true) {
        const std::size_t nl = text.find('\n', pos);
        wrap_paragraph(fonts, bold, size, text.substr(pos, nl == std::string_view::npos ? nl : nl - pos), width, out);
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    // Blank lines inside a text stay (a customer's paragraph break); trailing ones say nothing.
    while (out.size() > 1 && out.back().empty()) out.pop_back();
    return out;
}

double PageFlow::next_line(double size) {
    if (y_ + line_height(size) > band_.bottom && y_ > band_.top) {
        ++page_;
        y_ = band_.top;
    }
    const double baseline = y_ + size * 1.1;
    y_ += line_height(size);
    return baseline;
}

void PageFlow::paragraph(std::string_view text, bool bold, double size, double indent, std::string_view mark) {
    const double hang = mark.empty() ? 0 : size * 1.6;
    const double x = band_.left + indent + hang;
    bool first = true;
    for (std::string& line : wrap_text(fonts_, bold, size, text, band_.width - indent - hang)) {
        const double baseline = next_line(size);
        if (first && !mark.empty()) texts_.push_back({page_, band_.left + indent, baseline, bold, size, std::string(mark)});
        first = false;
        if (!line.empty()) texts_.push_back({page_, x, baseline, bold, size, std::move(line)});
    }
}

void PageFlow::field(std::string_view label, std::string_view value, double size, double label_width) {
    if (label_width <= 0) {
        paragraph(label, true, size);
        paragraph(value, false, size, size);
        return;
    }
    const double gutter = size;
    const std::vector<std::string> labels = wrap_text(fonts_, true, size, label, label_width - gutter);
    const std::vector<std::string> values = wrap_text(fonts_, false, size, value, band_.width - label_width);
    for (std::size_t i = 0; i < std::max(labels.size(), values.size()); ++i) {
        const double baseline = next_line(size);
        if (i < labels.size() && !labels[i].empty()) texts_.push_back({page_, band_.left, baseline, true, size, labels[i]});
        if (i < values.size() && !values[i].empty()) {
            texts_.push_back({page_, band_.left + label_width, baseline, false, size, values[i]});
        }
    }
}

void PageFlow::gap(double points) { y_ = std::min(y_ + points, band_.bottom); }

PlacedBox PageFlow::square(double side) {
    if (y_ + side > band_.bottom && y_ > band_.top) {
        ++page_;
        y_ = band_.top;
    }
    PlacedBox box{page_, band_.left, y_, side};
    y_ += side;
    return box;
}

}  // namespace fc::receipt_pdf_parts
