// Record formats: the depot replays each record under the rules of its own format. The golden
// format-1 to format-4 records (tests/checklists/golden/format1 … format4) are uploaded to a real
// depot and must be accepted forever; a format this depot does not know is refused with 422 and says so.
#include <doctest/doctest.h>

#include <map>

#include "tests/checklists/golden_walks_format4.h"
#include "tests/sync/depot/depot_test_support.h"
#include "sync/depot/depot_export.h"
#include "sync/wire/wire_messages.h"
#include "tests/error_code_doctest.h"

using namespace fc;
using namespace fc::test;

namespace {

// The golden walks record attachments by the SHA-256 of placeholder bytes; these are those bytes.
std::map<std::string, std::string> golden_attachment_bytes() {
    std::map<std::string, std::string> out;
    for (const char* what : {"V-20240311-01 modem photo", "V-20240311-01 signature", "V-20240311-02 socket photo",
                             "V-20240311-11 modem photo", "V-20240311-11 customer signature",
                             "V-20240311-31 modem photo", "V-20240311-31 customer signature",
                             "V-20240311-32 modem photo", "V-20240311-32 customer signature",
                             "V-20240311-41 modem photo 1", "V-20240311-41 modem photo 2",
                             "V-20240311-41 fiber box close-up", "V-20240311-41 customer signature",
                             "V-20240311-42 socket photo", "V-20240311-42 alarm photo",
                             "V-20240311-42 customer signature"}) {
        const std::string bytes = std::string("golden attachment: ") + what;
        out[sha256_hex(bytes)] = bytes;
    }
    return out;
}

// What the intake confirmed for the record, as the planner gave it to the depot: the depot takes an
// intake event only when it holds the same confirmation itself.
void confirm_intake_of(DepotStore& store, const VisitRecord& record) {
    for (const VisitEvent& e : record.events) {
        if (e.actor != Actor::Intake || !e.new_answer) continue;
        const PrecheckConfirmation c{record.assignment.visit_id, e.item, e.new_answer->text, e.wall_ms};
        const auto stored = store.confirm_precheck(c, e.wall_ms);
        REQUIRE_MESSAGE(stored.ok(), (stored.ok() ? "" : stored.error().message));
    }
}

// Every golden walk, format 1 first.
std::vector<golden::GoldenWalk> all_golden_walks() {
    std::vector<golden::GoldenWalk> out = golden::golden_walks();
    for (const golden::GoldenWalk& w : golden::golden_walks_format2()) out.push_back(w);
    for (const golden::GoldenWalk& w : golden::golden_walks_format3()) out.push_back(w);
    for (const golden::GoldenWalk& w : golden::golden_walks_format4()) out.push_back(w);
    return out;
}

// A depot holding the pinned templates, every golden visit (both formats) assigned to its
// technician, and the placeholder files; `token` is that technician's.
struct GoldenDepot {
    RunningDepot depot;
    std::string token;

    GoldenDepot() {
        std::vector<Assignment> assignments;
        for (const golden::GoldenWalk& w : all_golden_walks()) {
            auto t = golden::load_template(golden::golden_template_path(w.template_id, w.format));
            REQUIRE_MESSAGE(t.ok(), (t.ok() ? "" : t.error().message));
            depot.add_template(**t);
            const auto record = decode_visit_record(bytes_of(w));
            REQUIRE_MESSAGE(record.ok(), (record.ok() ? "" : record.error().message));
            assignments.push_back(record->assignment);
        }
        depot.assign(assignments);
        for (const golden::GoldenWalk& w : all_golden_walks()) confirm_intake_of(*depot.store, decode_visit_record(bytes_of(w)).value());
        token = depot.token_for(assignments.front().technician_id);
        auto c = depot.client(token);
        for (const auto& [sha, bytes] : golden_attachment_bytes()) {
            auto r = c->Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
            REQUIRE(r);
            REQUIRE((r->status == 201 || r->status == 200));
        }
    }

    static std::string bytes_of(const golden::GoldenWalk& w) {
        const auto bytes = golden::read_bytes(golden::record_path(w.name, w.format));
        REQUIRE_MESSAGE(bytes.has_value(), "missing " << golden::record_path(w.name, w.format).string());
        return *bytes;
    }

    httplib::Result put_visit(const std::string& id, const std::string& body) {
        return depot.client(token)->Put(("/api/v1/visits/" + id).c_str(), body, "application/json");
    }
};

// The record with a "format" key in front. The seal covers assignment, template and events only,
// so the key leaves the seal as it was: only the format decides.
std::string with_format(const std::string& record, const std::string& value) {
    REQUIRE(!record.empty());
    REQUIRE(record.front() == '{');
    return "{\"format\":" + value + "," + record.substr(1);
}

}  // namespace

TEST_CASE("every golden format-1 record is accepted by a real depot with 201, and again with 200") {
    GoldenDepot g;
    for (const golden::GoldenWalk& w : golden::golden_walks()) {
        CAPTURE(w.name);
        const std::string bytes = GoldenDepot::bytes_of(w);
        const auto record = decode_visit_record(bytes);
        REQUIRE(record.ok());
        CHECK(record->format == 1);  // no "format" key: format 1
        const std::string id = record->assignment.visit_id;
        auto first = g.put_visit(id, bytes);
        REQUIRE(first);
        CHECK_MESSAGE(first->status == 201, first->body);
        const auto receipt = decode_receipt(first->body);
        REQUIRE(receipt.ok());
        CHECK(receipt->seal == *golden::read_seal(w.name));
        auto again = g.put_visit(id, bytes);
        REQUIRE(again);
        CHECK(again->status == 200);
    }
    const auto received = g.depot.store->received_visits();
    REQUIRE(received.ok());
    CHECK(received->size() == golden::golden_walks().size());
    // What the depot keeps is the record byte for byte.
    for (const ReceivedVisit& r : *received) {
        for (const golden::GoldenWalk& w : golden::golden_walks()) {
            if (*golden::read_seal(w.name) == r.seal) CHECK(r.record == GoldenDepot::bytes_of(w));
        }
    }
}

TEST_CASE("a record naming format 1 explicitly is format 1, and an unknown format is refused with 422 unknown_format") {
    GoldenDepot g;
    const golden::GoldenWalk& w = golden::golden_walks().front();
    const std::string bytes = GoldenDepot::bytes_of(w);
    const std::string id = decode_visit_record(bytes).value().assignment.visit_id;

    for (const char* unknown : {"6", "0", "-1", "999"}) {
        CAPTURE(unknown);
        auto r = g.put_visit(id, with_format(bytes, unknown));
        REQUIRE(r);
        CHECK(r->status == 422);
        const auto e = decode_wire_error(r->body);
        REQUIRE_MESSAGE(e.ok(), r->body);
        CHECK(e->code == ErrorCode::unknown_format);
        CHECK(e->message.find("format " + std::string(unknown)) != std::string::npos);
        CHECK(e->message.find("replays record formats 1, 2, 3, 4, 5") != std::string::npos);
    }
    CHECK(g.depot.store->visit_count().value() == 0);

    // Not a number at all: not a record this depot can read.
    auto text = g.put_visit(id, with_format(bytes, "\"1\""));
    REQUIRE(text);
    CHECK(text->status == 400);

    auto explicit_one = g.put_visit(id, with_format(bytes, "1"));
    REQUIRE(explicit_one);
    CHECK_MESSAGE(explicit_one->status == 201, explicit_one->body);
}

TEST_CASE("every golden format-2 record is accepted by a real depot with 201, and again with 200, beside format 1") {
    GoldenDepot g;
    for (const golden::GoldenWalk& w : golden::golden_walks_format2()) {
        CAPTURE(w.name);
        const std::string bytes = GoldenDepot::bytes_of(w);
        const auto record = decode_visit_record(bytes);
        REQUIRE(record.ok());
        CHECK(record->format == 2);
        auto first = g.put_visit(record->assignment.visit_id, bytes);
        REQUIRE(first);
        CHECK_MESSAGE(first->status == 201, first->body);
        const auto receipt = decode_receipt(first->body);
        REQUIRE(receipt.ok());
        CHECK(receipt->seal == *golden::read_seal(w.name, w.format));
        auto again = g.put_visit(record->assignment.visit_id, bytes);
        REQUIRE(again);
        CHECK(again->status == 200);
    }
    // Format 1 is still received on the same depot.
    const golden::GoldenWalk& old = golden::golden_walks().front();
    auto r = g.put_visit(decode_visit_record(GoldenDepot::bytes_of(old)).value().assignment.visit_id, GoldenDepot::bytes_of(old));
    REQUIRE(r);
    CHECK_MESSAGE(r->status == 201, r->body);
}

TEST_CASE("a format-2 record whose customer's signature the depot does not hold is refused until it is uploaded") {
    // A fresh depot without the signature file: the visit names it, so it waits for the upload.
    RunningDepot bare;
    const golden::GoldenWalk& w = golden::golden_walks_format2().front();
    auto t = golden::load_template(golden::golden_template_path(w.template_id, w.format));
    REQUIRE(t.ok());
    bare.add_template(**t);
    const std::string bytes = GoldenDepot::bytes_of(w);
    const auto record = decode_visit_record(bytes).value();
    bare.assign({record.assignment});
    confirm_intake_of(*bare.store, record);
    auto c = bare.client(bare.token_for(record.assignment.technician_id));
    const std::string photo = "golden attachment: V-20240311-11 modem photo";
    auto put = c->Put(("/api/v1/attachments/" + sha256_hex(photo)).c_str(), photo, "application/octet-stream");
    REQUIRE(put);
    auto refused = c->Put(("/api/v1/visits/" + record.assignment.visit_id).c_str(), bytes, "application/json");
    REQUIRE(refused);
    CHECK(refused->status == 422);
    CHECK(refused->body.find(golden::attachment_hash("V-20240311-11 customer signature")) != std::string::npos);
    const std::string signature = "golden attachment: V-20240311-11 customer signature";
    put = c->Put(("/api/v1/attachments/" + sha256_hex(signature)).c_str(), signature, "application/octet-stream");
    REQUIRE(put);
    auto accepted = c->Put(("/api/v1/visits/" + record.assignment.visit_id).c_str(), bytes, "application/json");
    REQUIRE(accepted);
    CHECK_MESSAGE(accepted->status == 201, accepted->body);
}

TEST_CASE("every golden format-4 record is accepted by a real depot with 201, and exported with its serials and photo count") {
    GoldenDepot g;
    for (const golden::GoldenWalk& w : golden::golden_walks_format4()) {
        CAPTURE(w.name);
        const std::string bytes = GoldenDepot::bytes_of(w);
        const auto record = decode_visit_record(bytes);
        REQUIRE(record.ok());
        CHECK(record->format == 4);
        auto first = g.put_visit(record->assignment.visit_id, bytes);
        REQUIRE(first);
        CHECK_MESSAGE(first->status == 201, first->body);
        CHECK(decode_receipt(first->body).value().seal == *golden::read_seal(w.name, w.format));
        auto again = g.put_visit(record->assignment.visit_id, bytes);
        REQUIRE(again);
        CHECK(again->status == 200);
    }
    const auto received = g.depot.store->received_visits().value();
    REQUIRE(received.size() == 2);
    const std::string csv = export_visits_csv(received);
    CHECK(csv.find(",serials,photos,") != std::string::npos);
    CHECK(csv.find(",modem-serial=ZTEG-C8A31122,3,") != std::string::npos);
    CHECK(csv.find(",modem-article=8712345678906,2,") != std::string::npos);
    const std::string json = export_visits_json(received);
    CHECK(json.find(R"("photos":3,)") != std::string::npos);
    CHECK(json.find(R"("serials":{"modem-serial":"ZTEG-C8A31122"})") != std::string::npos);
}

namespace {

// The golden fiber record with `from` replaced by `to`, sealed anew as a forging tablet would, so
// only the depot's replay of the rules can refuse it.
std::string forged_fiber_record(const std::string& from, const std::string& to) {
    const golden::GoldenWalk& w = golden::golden_walks_format4().front();
    std::string bytes = GoldenDepot::bytes_of(w);
    const auto at = bytes.find(from);
    REQUIRE(at != std::string::npos);
    bytes.replace(at, from.size(), to);
    auto record = decode_visit_record(bytes);
    REQUIRE(record.ok());
    const std::string old_seal = record->seal;
    const std::string seal_at = "\"seal\":\"" + old_seal + "\"";
    const auto seal_pos = bytes.find(seal_at);
    REQUIRE(seal_pos != std::string::npos);
    // Replayed under the template's rules the forged events are refused before any seal is computed,
    // so the seal can stay; it is replaced all the same, so that no seal check could be what refuses.
    bytes.replace(seal_pos, seal_at.size(), "\"seal\":\"" + std::string(64, '0') + "\"");
    return bytes;
}

}  // namespace

TEST_CASE("the depot's replay refuses a forged format-4 record with a bad serial or too many photos: 422 with the code") {
    GoldenDepot g;
    const std::string id = "V-20240311-41";
    const std::string sep = "\\\",\\\"";  // between hashes inside the answer's escaped JSON
    const std::string first = golden::attachment_hash(id + " modem photo 1");
    const std::string extra = golden::attachment_hash("V-20240311-01 modem photo");  // a file the depot holds
    const std::string five = first + sep + extra + sep + golden::attachment_hash("V-20240311-11 modem photo") + sep +
                             golden::attachment_hash("V-20240311-31 modem photo") + sep +
                             golden::attachment_hash("V-20240311-32 modem photo");
    const std::pair<std::string, ErrorCode> forgeries[] = {
        {forged_fiber_record("ZTEG-C8A31122", "ZTEG-C8A3112Z"), ErrorCode::serial_pattern_mismatch},
        {forged_fiber_record(first, five), ErrorCode::photos_too_many},
        {forged_fiber_record(first + sep + golden::attachment_hash(id + " modem photo 2"), first + sep + first),
         ErrorCode::invalid_answer},
    };
    for (const auto& [bytes, code] : forgeries) {
        CAPTURE(code);
        auto r = g.put_visit(id, bytes);
        REQUIRE(r);
        CHECK(r->status == 422);
        const auto e = decode_wire_error(r->body);
        REQUIRE_MESSAGE(e.ok(), r->body);
        CHECK(e->code == code);
    }
    CHECK(g.depot.store->visit_count().value() == 0);
}

TEST_CASE("a format-4 record is refused until every photo of its lists is uploaded") {
    RunningDepot bare;
    const golden::GoldenWalk& w = golden::golden_walks_format4().front();
    auto t = golden::load_template(golden::golden_template_path(w.template_id, w.format));
    REQUIRE(t.ok());
    bare.add_template(**t);
    const std::string bytes = GoldenDepot::bytes_of(w);
    const auto record = decode_visit_record(bytes).value();
    bare.assign({record.assignment});
    auto c = bare.client(bare.token_for(record.assignment.technician_id));
    const auto upload = [&](const std::string& what) {
        const std::string file = "golden attachment: V-20240311-41 " + what;
        auto put = c->Put(("/api/v1/attachments/" + sha256_hex(file)).c_str(), file, "application/octet-stream");
        REQUIRE(put);
    };
    for (const char* what : {"modem photo 1", "modem photo 2", "customer signature"}) upload(what);
    auto refused = c->Put(("/api/v1/visits/" + record.assignment.visit_id).c_str(), bytes, "application/json");
    REQUIRE(refused);
    CHECK(refused->status == 422);
    CHECK(refused->body.find(golden::attachment_hash("V-20240311-41 fiber box close-up")) != std::string::npos);
    upload("fiber box close-up");
    auto accepted = c->Put(("/api/v1/visits/" + record.assignment.visit_id).c_str(), bytes, "application/json");
    REQUIRE(accepted);
    CHECK_MESSAGE(accepted->status == 201, accepted->body);
}
