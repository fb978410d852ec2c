#pragma once
// Checks every rendered receipt must pass, whatever it says: each word's box inside its page and
// clear of every other word's box on that page (nothing cut, nothing overlapping).
#include <doctest/doctest.h>

#include "tests/receipt/pdf_tools.h"

namespace fc::receipt_test {

inline bool overlap(const WordBox& a, const WordBox& b) {
    // Why the tolerance: adjacent words on one line share an edge to a hundredth of a point.
    constexpr double eps = 0.2;
    return a.x0 < b.x1 - eps && b.x0 < a.x1 - eps && a.y0 < b.y1 - eps && b.y0 < a.y1 - eps;
}

inline void check_layout(const std::filesystem::path& pdf) {
    std::vector<PageBox> pages;
    const std::vector<WordBox> boxes = word_boxes(pdf, pages);
    REQUIRE_FALSE(pages.empty());
    REQUIRE_FALSE(boxes.empty());
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const WordBox& a = boxes[i];
        const PageBox& page = pages[static_cast<std::size_t>(a.page - 1)];
        CAPTURE(a.word);
        CAPTURE(a.page);
        CHECK(a.x0 >= 0);
        CHECK(a.y0 >= 0);
        CHECK(a.x1 <= page.width);
        CHECK(a.y1 <= page.height);
        for (std::size_t k = i + 1; k < boxes.size() && boxes[k].page == a.page; ++k) {
            if (overlap(a, boxes[k])) FAIL_CHECK("'" << a.word << "' overlaps '" << boxes[k].word << "' on page " << a.page);
        }
    }
}

}  // namespace fc::receipt_test
