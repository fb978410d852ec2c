// One renderer, two places: the same sealed visit gives the same PDF bytes in another process, at
// another time and in another time zone, so the depot's rendering is the tablet's.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "receipt/receipt_pdf.h"
#include "tests/receipt/pdf_tools.h"
#include "tests/receipt/receipt_walks.h"

using namespace fc;
using namespace fc::receipt_test;

namespace {

constexpr const char* kChildCase = "receipt bytes: a child process writes its rendering where FIELDCHECK_RECEIPT_OUT names";

std::string render(const std::string& template_id, Paper paper) {
    const Visit v = walk_completed(template_id, End::Completed).value();
    return receipt_pdf(make_receipt(v, kCode).value(), paper).value();
}

std::string self_exe() {
    char buf[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace

TEST_CASE("receipt bytes: a child process writes its rendering where FIELDCHECK_RECEIPT_OUT names") {
    const char* out = std::getenv("FIELDCHECK_RECEIPT_OUT");
    if (!out) return;  // run by the byte-identity test below, not on its own
    std::ofstream(std::string(out) + ".a4", std::ios::binary) << render(std::getenv("FIELDCHECK_RECEIPT_TEMPLATE"), Paper::A4);
    std::ofstream(std::string(out) + ".80mm", std::ios::binary)
        << render(std::getenv("FIELDCHECK_RECEIPT_TEMPLATE"), Paper::Roll80mm);
}

TEST_CASE("receipt bytes: two processes in two time zones render every demo template's receipt byte for byte alike") {
    for (const std::string& id : demo_template_ids()) {
        CAPTURE(id);
        const std::string a4 = render(id, Paper::A4);
        const std::string roll = render(id, Paper::Roll80mm);
        CHECK(a4 == render(id, Paper::A4));
        // The seal's local time (cairo 1.16 writes the date without its "D:" prefix).
        CHECK(a4.find("/CreationDate (20240311") != std::string::npos);
        int child = 0;
        for (const char* tz : {"UTC", "America/Los_Angeles"}) {
            const auto out = scratch_dir() / ("child-" + id + "-" + std::to_string(++child));
            run("TZ=" + std::string(tz) + " FIELDCHECK_RECEIPT_OUT='" + out.string() + "' FIELDCHECK_RECEIPT_TEMPLATE=" + id + " '" +
                self_exe() + "' -tc='" + kChildCase + "' > /dev/null 2>&1");
            CHECK(golden::read_bytes(out.string() + ".a4") == a4);
            CHECK(golden::read_bytes(out.string() + ".80mm") == roll);
        }
    }
}
