// Golden format-2 records: the bytes a tablet of record format 2 uploads and the seal over them, on
// the format-2 templates pinned beside them. The rule: a refactor may move code, never these bytes;
// and format 2's own rules (intake events, the customer's handover and signature, no "not possible"
// past an open blocking precheck except "customer absent") replay on them forever.
// FIELDCHECK_WRITE_GOLDEN=2 (re)writes these fixtures; only do that on purpose, and say why in the commit.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "golden_walks_format2.h"

using namespace fc;
using namespace fc::golden;

namespace {

std::string describe(const Error& e) { return std::string(to_string(e.code)) + ": " + e.message; }

bool writing_golden() {
    const char* v = std::getenv("FIELDCHECK_WRITE_GOLDEN");
    return v != nullptr && std::string(v) == "2";
}

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    REQUIRE_MESSAGE(out.good(), "cannot write " << p.string());
}

// Copied from templates/ only when no pinned copy exists yet (see test_golden_seals.cpp).
void pin_template(const std::string& id) {
    if (std::filesystem::exists(golden_template_path(id, kFormat2))) return;
    const auto bytes = read_bytes(demo_template_path(id));
    REQUIRE_MESSAGE(bytes.has_value(), "cannot read " << demo_template_path(id).string());
    write_bytes(golden_template_path(id, kFormat2), *bytes);
}

Expected<std::shared_ptr<const ChecklistTemplate>> pinned(const GoldenWalk& w) {
    return load_template(golden_template_path(w.template_id, kFormat2));
}

}  // namespace

TEST_CASE("golden format-2 records: written from the engine only when FIELDCHECK_WRITE_GOLDEN is 2, and every walk has its fixture files") {
    if (writing_golden()) {
        for (const GoldenWalk& w : golden_walks_format2()) {
            pin_template(w.template_id);
            const auto v = walk_on_pinned_template(w);
            REQUIRE_MESSAGE(v.ok(), w.name << ": " << (v.ok() ? "" : describe(v.error())));
            write_bytes(record_path(w.name, kFormat2), encode_visit_record(*v));
            write_bytes(seal_path(w.name, kFormat2), v->seal() + "\n");
        }
    }
    std::set<std::string> expected;
    for (const GoldenWalk& w : golden_walks_format2()) {
        expected.insert(record_path(w.name, kFormat2).filename().string());
        expected.insert(seal_path(w.name, kFormat2).filename().string());
        expected.insert("templates/" + golden_template_path(w.template_id, kFormat2).filename().string());
    }
    REQUIRE_MESSAGE(std::filesystem::is_directory(golden_dir(kFormat2)), "missing " << golden_dir(kFormat2).string());
    std::set<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(golden_dir(kFormat2))) {
        if (entry.is_regular_file()) found.insert(entry.path().lexically_relative(golden_dir(kFormat2)).generic_string());
    }
    CHECK(found == expected);
    // The pinned templates are format 2: the records exercise the customer's handover.
    for (const GoldenWalk& w : golden_walks_format2()) {
        auto t = pinned(w);
        REQUIRE(t.ok());
        CHECK((*t)->format == 2);
    }
}

TEST_CASE("golden format-2 records: re-walking the recorded visits yields the same record bytes and seal") {
    for (const GoldenWalk& w : golden_walks_format2()) {
        CAPTURE(w.name);
        const auto stored = read_bytes(record_path(w.name, kFormat2));
        const auto stored_seal = read_seal(w.name, kFormat2);
        REQUIRE_MESSAGE(stored.has_value(), "missing " << record_path(w.name, kFormat2).string());
        REQUIRE(stored_seal.has_value());
        const auto v = walk_on_pinned_template(w);
        REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : describe(v.error())));
        CHECK(v->seal() == *stored_seal);
        CHECK(encode_visit_record(*v) == *stored);
    }
}

TEST_CASE("golden format-2 records: each stored record decodes as format 2, replays through the rules and recomputes its seal") {
    for (const GoldenWalk& w : golden_walks_format2()) {
        CAPTURE(w.name);
        const auto stored = read_bytes(record_path(w.name, kFormat2));
        const auto stored_seal = read_seal(w.name, kFormat2);
        REQUIRE((stored.has_value() && stored_seal.has_value()));
        const auto record = decode_visit_record(*stored);
        REQUIRE_MESSAGE(record.ok(), (record.ok() ? "" : describe(record.error())));
        CHECK(record->format == 2);
        auto t = pinned(w);
        REQUIRE_MESSAGE(t.ok(), (t.ok() ? "" : describe(t.error())));
        const auto v = replay_visit(*record, *t);
        REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : describe(v.error())));
        CHECK(v->seal() == *stored_seal);
        CHECK(encode_visit_record(*v) == *stored);
        CHECK(v->outcome() == w.outcome);
        CHECK(v->survey_status() == w.survey);
        CHECK(v->cause().has_value() == w.cause.has_value());
        if (v->cause() && w.cause) CHECK(v->cause()->kind == *w.cause);
    }
}

TEST_CASE("golden format-2 records: what each one pins about format 2") {
    const auto replay = [](const std::string& name) {
        for (const GoldenWalk& w : golden_walks_format2()) {
            if (w.name != name) continue;
            const auto record = decode_visit_record(*read_bytes(record_path(w.name, kFormat2)));
            REQUIRE(record.ok());
            return replay_visit(*record, *pinned(w)).value();
        }
        FAIL("no golden walk " << name);
        return Visit(Assignment{}, nullptr);
    };
    const Visit completed = replay("fiber_intake_completed");
    CHECK(completed.events().front().actor == Actor::Intake);
    CHECK(completed.handover_answer("customer-signature").has_value());
    CHECK(completed.attachment_hashes() ==
          std::vector<std::string>{attachment_hash("V-20240311-11 modem photo"), attachment_hash("V-20240311-11 customer signature")});
    for (const VisitEvent& e : completed.events()) CHECK(e.kind != EventKind::CustomerModeEntered);
    const Visit absent = replay("dsl_customer_absent_nl");
    CHECK_FALSE(absent.precheck_answer("alarm-asked-at-intake").has_value());
    // The same close with any other cause is refused under format 2.
    Visit reopened(absent.assignment(), absent.checklist_ptr(), 2);
    Events events = absent.events();
    events.back().cause->kind = FailureCause::Kind::NetworkFault;
    CHECK(reopened.apply(events).error().code == ErrorCode::precheck_open);
}

TEST_CASE("golden format-2 records: one byte of an answer changed in a stored record fails the seal check") {
    for (const GoldenWalk& w : golden_walks_format2()) {
        CAPTURE(w.name);
        std::string bytes = *read_bytes(record_path(w.name, kFormat2));
        const auto at = bytes.find(w.answer_text);
        REQUIRE(at != std::string::npos);
        REQUIRE(bytes.find(w.answer_text, at + 1) == std::string::npos);
        bytes[at] = static_cast<char>(bytes[at] ^ 0x20);
        const auto record = decode_visit_record(bytes);
        REQUIRE(record.ok());
        const auto v = replay_visit(*record, *pinned(w));
        REQUIRE_FALSE(v.ok());
        CHECK(v.error().code == ErrorCode::seal_mismatch);
    }
}
