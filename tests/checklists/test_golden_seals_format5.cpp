// What the golden format-5 records pin about format 5 itself: each close carries the customer's
// receipt (its code's hash and facts, sealed right before the close), the assignment carries the
// technician's name, and the receipt code itself is never in the record. No older format may hold
// a receipt. Their bytes, seals, replay and tamper checks are test_golden_seals.cpp's.
#include <doctest/doctest.h>

#include <string>

#include "golden_walks_format5.h"

using namespace fc;
using namespace fc::golden;

namespace {

Visit replay_format5(const GoldenWalk& w) {
    const auto record = decode_visit_record(*read_bytes(record_path(w.name, kFormat5)));
    REQUIRE(record.ok());
    CHECK(record->format == kFormat5);
    return replay_visit(*record, *load_template(golden_template_path(w.template_id, kFormat5))).value();
}

}  // namespace

TEST_CASE("golden format-5 records: every close carries the receipt's hash and facts right before it, never the code") {
    for (const GoldenWalk& w : golden_walks_format5()) {
        CAPTURE(w.name);
        const Visit v = replay_format5(w);
        const std::string id = v.assignment().visit_id;
        REQUIRE(v.receipt().has_value());
        CHECK(v.receipt()->code_hash == sha256_hex(golden_receipt_code(id)));
        CHECK(v.receipt()->technician == "Jan de Vries");
        CHECK(v.assignment().technician_name == "Jan de Vries");
        const Events& events = v.events();
        REQUIRE(events.size() >= 2);
        // The receipt goes first in the sealing verb's events: only a decline's discards lie between.
        std::size_t made = 0;
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (events[i].kind == EventKind::ReceiptMade) made = i;
        }
        CHECK(events[made].actor == Actor::System);
        CHECK(events[made].item == v.receipt()->code_hash);
        for (std::size_t i = made + 1; i + 1 < events.size(); ++i) CHECK(events[i].kind == EventKind::AnswerDiscarded);
        const std::string bytes = *read_bytes(record_path(w.name, kFormat5));
        CHECK(bytes.find(golden_receipt_code(id)) == std::string::npos);
        CHECK(bytes.find("\"receipt_made\"") != std::string::npos);
        CHECK(bytes.find("\"technician_name\":\"Jan de Vries\"") != std::string::npos);
    }
}

TEST_CASE("golden format-5 records: the wifi visit's receipt keeps the tablet's summer-time offset") {
    for (const GoldenWalk& w : golden_walks_format5()) {
        if (w.name != "wifi_receipt_other_nl") continue;
        CHECK(replay_format5(w).receipt()->utc_offset_minutes == 120);
    }
}

TEST_CASE("golden format-5 records: the same events under format 4 are refused, a receipt needs format 5") {
    for (const GoldenWalk& w : golden_walks_format5()) {
        CAPTURE(w.name);
        const Visit v = replay_format5(w);
        Assignment a = v.assignment();
        a.technician_name.clear();  // format 4 has no technician's name to carry
        Visit older(a, v.checklist_ptr(), 4);
        CHECK(older.apply(v.events()).error().code == ErrorCode::wrong_phase);
    }
}
