// receipt_render [DIR]: what the customer's receipt costs on the tablet: make_receipt + receipt_pdf
// for the fiber demo visit (completed, every step and handover item), 20 runs each for A4 and the
// 80 mm roll; prints the median, the slowest run and the PDF's size in bytes. DIR is not used.
// Named receipt_render, not receipt: bench programs are named after their file and `receipt` is the library.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "receipt/receipt_pdf.h"
#include "tests/receipt/receipt_walks.h"

namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr int kRuns = 20;

void measure(const fc::Visit& visit, fc::Paper paper) {
    std::vector<double> ms;
    std::size_t bytes = 0;
    for (int i = 0; i < kRuns; ++i) {
        const auto start = SteadyClock::now();
        const auto pdf = fc::receipt_pdf(fc::make_receipt(visit, fc::receipt_test::kCode).value(), paper);
        ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count());
        if (!pdf) {
            std::fprintf(stderr, "receipt_render: %s\n", pdf.error().message.c_str());
            std::exit(1);
        }
        bytes = pdf->size();
    }
    std::sort(ms.begin(), ms.end());
    std::printf("  %-5s median %7.2f ms   slowest %7.2f ms   first %7.2f ms   size %zu bytes\n", fc::to_string(paper),
                (ms[kRuns / 2 - 1] + ms[kRuns / 2]) / 2, ms.back(), ms.front(), bytes);
}

}  // namespace

int main() {
    const auto visit = fc::receipt_test::walk_completed("fiber-modem-install-en", fc::receipt_test::End::Completed);
    if (!visit) {
        std::fprintf(stderr, "receipt_render: %s\n", visit.error().message.c_str());
        return 1;
    }
    std::printf("receipt of the fiber demo visit, make_receipt + receipt_pdf, %d runs (the first loads the fonts):\n", kRuns);
    measure(*visit, fc::Paper::A4);
    measure(*visit, fc::Paper::Roll80mm);
    return 0;
}
