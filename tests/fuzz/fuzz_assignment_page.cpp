// Hostile bytes into everything the tablet decodes from a depot's answer: the assignment page, a
// visit receipt, an attachment acknowledgement, the template list and an error body. A captive
// portal or a broken proxy can put anything there. No crash, no hang, no unbounded memory; what is
// accepted survives its own canonical encoding (a receipt most of all: it decides "sent").
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_support.h"
#include "sync/wire/wire_assignment_page.h"
#include "sync/wire/wire_messages.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace fc;
    const std::string_view body = fuzz::as_text(data, size);

    if (const auto page = decode_assignment_page(body)) {
        if (page->assignments.size() > static_cast<std::size_t>(kMaxAssignmentsPerPage)) {
            fuzz::broken_promise("a page with more assignments than the limit was accepted");
        }
        if (!is_assignment_cursor(page->cursor)) fuzz::broken_promise("a page with a malformed cursor was accepted", page->cursor);
        const std::string canonical = encode_assignment_page(page.value());
        const auto again = decode_assignment_page(canonical);
        if (!again) fuzz::broken_promise("an accepted page's canonical JSON is refused:", again.error().message);
        if (!(again.value() == page.value())) fuzz::broken_promise("a page changes through its canonical JSON", canonical);
    }
    if (const auto receipt = decode_receipt(body)) {
        const auto again = decode_receipt(encode_receipt(receipt.value()));
        if (!again || !(again.value() == receipt.value())) fuzz::broken_promise("a receipt changes through its encoding");
    }
    if (const auto ack = decode_attachment_ack(body)) {
        const auto again = decode_attachment_ack(encode_attachment_ack(ack.value()));
        if (!again || again->sha256 != ack->sha256 || again->size != ack->size) {
            fuzz::broken_promise("an attachment acknowledgement changes through its encoding");
        }
    }
    if (const auto list = decode_template_list(body, kMaxSmallMessageBytes)) {
        const auto again = decode_template_list(encode_template_list(list.value()), kMaxAssignmentPageBytes);
        if (!again || !(again.value() == list.value())) fuzz::broken_promise("a template list changes through its encoding");
    }
    if (const auto error = decode_wire_error(body)) {
        const auto again = decode_wire_error(encode_wire_error(error->code, error->message));
        if (!again || again->code != error->code || again->message != error->message) {
            fuzz::broken_promise("an error body changes through its encoding");
        }
    }
    return 0;
}
