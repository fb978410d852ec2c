#include "receipt/receipt_pdf.h"

#include <cairo-pdf.h>

#include <memory>

#include "checklists/time_format.h"
#include "receipt/pdf_layout.h"
#include "receipt/qr_drawing.h"

namespace fc {
namespace {

using namespace receipt_pdf_parts;

// PaperShape: the sizes one paper prints at. Why two: an A4 sheet reads at arm's length with labels
// beside their values; an 80 mm roll is read in the hand, one column, and gets fixed-height pages so a
// long receipt continues instead of growing into one metre of paper no viewer can show.
struct PaperShape {
    double width = 0;
    double height = 0;
    double margin = 0;
    double body = 0;
    double heading = 0;
    double title = 0;
    double label_width = 0;  // 0 = the label above its value
    double qr_side = 0;
};

PaperShape shape_of(Paper paper) {
    if (paper == Paper::A4) return {595, 842, 48, 10, 12.5, 16, 140, 150};
    return {227, 567, 10, 8, 9.5, 11, 0, 150};
}

struct Layout {
    std::vector<PlacedText> texts;
    std::optional<PlacedBox> qr;
    int pages = 1;
};

// The page's band below the practice mark (when there is one) and above the page number.
PageBand band_of(const PaperShape& s, bool practice) {
    const double top = s.margin + (practice ? s.heading * 2.2 : 0);
    return {s.margin, s.width - 2 * s.margin, top, s.height - s.margin - s.body * 2.2};
}

Layout lay_out(const Receipt& r, const PaperShape& s, FontSet& fonts) {
    PageFlow flow(fonts, band_of(s, r.practice));
    flow.paragraph(printable_utf8(r.title), true, s.title);
    flow.gap(s.body * 0.6);
    for (const ReceiptField& f : r.facts) flow.field(printable_utf8(f.label), printable_utf8(f.value), s.body, s.label_width);
    for (const ReceiptSection& section : r.sections) {
        flow.gap(s.body);
        flow.paragraph(printable_utf8(section.heading), true, s.heading);
        for (const ReceiptField& f : section.fields) {
            flow.field(printable_utf8(f.label), printable_utf8(f.value), s.body, s.label_width);
        }
        for (const std::string& line : section.lines) flow.paragraph(printable_utf8(line), false, s.body, 0, section.mark);
    }
    flow.gap(s.body);
    flow.paragraph(printable_utf8(r.privacy), false, s.body);
    flow.gap(s.body * 0.6);
    flow.field(printable_utf8(r.seal.label), printable_utf8(r.seal.value), s.body, s.label_width);
    Layout layout;
    if (!r.link.empty()) {
        flow.gap(s.body);
        flow.paragraph(printable_utf8(r.link_text), false, s.body);
        layout.qr = flow.square(s.qr_side);
        flow.paragraph(printable_utf8(r.link), false, s.body * 0.8);
    }
    layout.texts = flow.texts();
    layout.pages = flow.pages();
    return layout;
}

// Real text: glyphs with their clusters, so a viewer copies and searches the words as written.
void show_text(cairo_t* cr, FontSet& fonts, const PlacedText& t) {
    cairo_scaled_font_t* font = fonts.get(t.bold, t.size);
    cairo_set_scaled_font(cr, font);
    cairo_glyph_t* glyphs = nullptr;
    int n_glyphs = 0;
    cairo_text_cluster_t* clusters = nullptr;
    int n_clusters = 0;
    cairo_text_cluster_flags_t flags{};
    if (cairo_scaled_font_text_to_glyphs(font, t.x, t.baseline, t.text.data(), static_cast<int>(t.text.size()), &glyphs,
                                         &n_glyphs, &clusters, &n_clusters, &flags) != CAIRO_STATUS_SUCCESS) {
        return;
    }
    cairo_show_text_glyphs(cr, t.text.data(), static_cast<int>(t.text.size()), glyphs, n_glyphs, clusters, n_clusters, flags);
    cairo_glyph_free(glyphs);
    cairo_text_cluster_free(clusters);
}

// What every page carries: the practice mark on top (a practice receipt must never pass for a real
// one, whichever page is shown) and "2/3" at the bottom.
void draw_page_frame(cairo_t* cr, FontSet& fonts, const Receipt& r, const PaperShape& s, int page, int pages) {
    if (r.practice) {
        cairo_set_source_rgb(cr, 0.75, 0, 0);
        const std::vector<std::string> lines =
            wrap_text(fonts, true, s.heading, printable_utf8(r.practice_mark), s.width - 2 * s.margin);
        show_text(cr, fonts, {page, s.margin, s.margin + s.heading, true, s.heading, lines.front()});
        cairo_set_source_rgb(cr, 0, 0, 0);
    }
    const std::string number = std::to_string(page + 1) + "/" + std::to_string(pages);
    const double x = s.width - s.margin - fonts.width(false, s.body, number);
    show_text(cr, fonts, {page, x, s.height - s.margin, false, s.body, number});
}

// "2024-03-11T08:41:00+01:00": the seal's time as the tablet's clock read it.
std::string pdf_date(std::int64_t wall_ms, std::int64_t offset_minutes) {
    const std::string local = utc_iso8601_seconds(wall_ms + offset_minutes * 60'000);
    const std::int64_t magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    const auto two = [](std::int64_t v) { return std::string(1, char('0' + v / 10)) + char('0' + v % 10); };
    return local.substr(0, 19) + (offset_minutes < 0 ? "-" : "+") + two(magnitude / 60) + ":" + two(magnitude % 60);
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void set_metadata(cairo_surface_t* surface, const Receipt& r) {
    // Why fixed: the depot re-renders the receipt from the record and must get the tablet's bytes.
    const std::string date = pdf_date(r.sealed_ms, r.utc_offset_minutes);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, printable_utf8(r.title).c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "fieldcheck receipt");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
}

Status draw(cairo_surface_t* surface, const Receipt& r, const PaperShape& s, FontSet& fonts, const Layout& layout) {
    cairo_t* cr = cairo_create(surface);
    Status drawn;
    for (int page = 0; page < layout.pages; ++page) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        draw_page_frame(cr, fonts, r, s, page, layout.pages);
        for (const PlacedText& t : layout.texts) {
            if (t.page == page) show_text(cr, fonts, t);
        }
        if (layout.qr && layout.qr->page == page && drawn) {
            drawn = draw_qr(cr, r.link, layout.qr->x, layout.qr->y, layout.qr->side);
        }
        cairo_show_page(cr);
    }
    const cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    if (status != CAIRO_STATUS_SUCCESS) {
        return make_error(ErrorCode::io_error, std::string("cairo: ") + cairo_status_to_string(status));
    }
    return drawn;
}

}  // namespace

const char* to_string(Paper paper) { return paper == Paper::A4 ? "a4" : "80mm"; }

std::optional<Paper> paper_from_string(std::string_view text) {
    if (text == "a4") return Paper::A4;
    if (text == "80mm") return Paper::Roll80mm;
    return std::nullopt;
}

Expected<std::string> receipt_pdf(const Receipt& receipt, Paper paper) {
    const auto faces = receipt_fonts();
    if (!faces) return faces.error();
    const PaperShape shape = shape_of(paper);
    FontSet fonts(*faces);
    const Layout layout = lay_out(receipt, shape, fonts);
    std::string bytes;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_bytes, &bytes, shape.width, shape.height);
    set_metadata(surface, receipt);
    Status drawn = draw(surface, receipt, shape, fonts, layout);
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (!drawn) return drawn.error();
    if (status != CAIRO_STATUS_SUCCESS) {
        return make_error(ErrorCode::io_error, std::string("cairo: ") + cairo_status_to_string(status));
    }
    return bytes;
}

}  // namespace fc
