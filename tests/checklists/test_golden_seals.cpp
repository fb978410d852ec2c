// Golden records of every record format: the bytes a tablet uploads and the seal over them, each on the
// templates pinned beside them (format 1 from the engine as it was before the structure change; format 2
// with intake events, the customer's handover and signature; format 3 with the survey on the customer's phone; format 4 with photo lists and serials on format-3 templates; format 5 with the customer's receipt). The rule: a refactor may move code, never
// these bytes, and each format's rules replay on its records forever.
// FIELDCHECK_WRITE_GOLDEN=N (re)writes format N's fixtures; only do that on purpose, and say why in the commit.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "golden_walks_format5.h"

using namespace fc;
using namespace fc::golden;

namespace {

std::string describe(const Error& e) { return std::string(to_string(e.code)) + ": " + e.message; }

bool writing_golden(int format) {
    const char* v = std::getenv("FIELDCHECK_WRITE_GOLDEN");
    return v != nullptr && std::string(v) == std::to_string(format);
}

// The golden walks of each record format, oldest format first.
std::vector<std::vector<GoldenWalk>> walks_by_format() {
    return {golden_walks(), golden_walks_format2(), golden_walks_format3(), golden_walks_format4(),
            golden_walks_format5()};
}

std::vector<GoldenWalk> every_golden_walk() {
    std::vector<GoldenWalk> out;
    for (const auto& walks : walks_by_format()) out.insert(out.end(), walks.begin(), walks.end());
    return out;
}

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    REQUIRE_MESSAGE(out.good(), "cannot write " << p.string());
}

// A template is copied from templates/ only when no pinned copy exists yet: once pinned, a later edit
// of the demo template must not silently become part of the golden records.
void pin_template(const std::string& id, int format) {
    if (std::filesystem::exists(golden_template_path(id, format))) return;
    const auto bytes = read_bytes(demo_template_path(id));
    REQUIRE_MESSAGE(bytes.has_value(), "cannot read " << demo_template_path(id).string());
    write_bytes(golden_template_path(id, format), *bytes);
}

void write_fixture(const GoldenWalk& w) {
    pin_template(w.template_id, w.format);
    const auto v = walk_on_pinned_template(w);
    REQUIRE_MESSAGE(v.ok(), w.name << ": " << (v.ok() ? "" : describe(v.error())));
    write_bytes(record_path(w.name, w.format), encode_visit_record(*v));
    write_bytes(seal_path(w.name, w.format), v->seal() + "\n");
    MESSAGE("wrote " << record_path(w.name, w.format).string());
}

// Every file under golden/formatN belongs to one of its walks, and every walk has its files: a
// fixture that vanished or one left over from a removed walk is noticed.
void check_fixture_set(const std::vector<GoldenWalk>& walks, int format) {
    std::set<std::string> expected;
    for (const GoldenWalk& w : walks) {
        expected.insert(record_path(w.name, format).filename().string());
        expected.insert(seal_path(w.name, format).filename().string());
        expected.insert("templates/" + golden_template_path(w.template_id, format).filename().string());
    }
    REQUIRE_MESSAGE(std::filesystem::is_directory(golden_dir(format)), "missing " << golden_dir(format).string());
    std::set<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(golden_dir(format))) {
        if (entry.is_regular_file()) found.insert(entry.path().lexically_relative(golden_dir(format)).generic_string());
    }
    CHECK(found == expected);
}

Expected<std::shared_ptr<const ChecklistTemplate>> pinned(const GoldenWalk& w) {
    return load_template(golden_template_path(w.template_id, w.format));
}

// The case of the first letter flipped: one byte, still valid UTF-8 and JSON, still an answer the
// rules accept, so only the seal can tell.
std::string with_one_answer_byte_flipped(std::string bytes, const std::string& answer_text) {
    const auto at = bytes.find(answer_text);
    REQUIRE_MESSAGE(at != std::string::npos, "the record does not contain " << answer_text);
    REQUIRE_MESSAGE(bytes.find(answer_text, at + 1) == std::string::npos, "the record contains more than once: " << answer_text);
    REQUIRE(((bytes[at] >= 'A' && bytes[at] <= 'Z') || (bytes[at] >= 'a' && bytes[at] <= 'z')));
    bytes[at] = static_cast<char>(bytes[at] ^ 0x20);
    return bytes;
}

}  // namespace

TEST_CASE("golden records: written from the engine only when FIELDCHECK_WRITE_GOLDEN names their format, and every walk has its fixture files") {
    for (const auto& walks : walks_by_format()) {
        const int format = walks.front().format;
        CAPTURE(format);
        if (writing_golden(format)) {
            for (const GoldenWalk& w : walks) write_fixture(w);
        }
        check_fixture_set(walks, format);
    }
    CHECK(golden_walks().size() >= 5);
    CHECK(golden_walks_format2().size() >= 3);
    // The format-2 records are walked on format-2 templates: they exercise the customer's handover.
    for (const GoldenWalk& w : golden_walks_format2()) CHECK(pinned(w).value()->format == 2);
    CHECK(golden_walks_format3().size() >= 2);
    for (const GoldenWalk& w : golden_walks_format3()) CHECK(pinned(w).value()->format == 2);
    CHECK(golden_walks_format4().size() >= 2);
    for (const GoldenWalk& w : golden_walks_format4()) CHECK(pinned(w).value()->format == 3);
    CHECK(golden_walks_format5().size() >= 3);
    for (const GoldenWalk& w : golden_walks_format5()) CHECK(pinned(w).value()->format == 3);
}

TEST_CASE("golden records: re-walking the recorded visits yields the same record bytes and seal") {
    for (const GoldenWalk& w : every_golden_walk()) {
        CAPTURE(w.name);
        const auto stored = read_bytes(record_path(w.name, w.format));
        const auto stored_seal = read_seal(w.name, w.format);
        REQUIRE_MESSAGE(stored.has_value(), "missing " << record_path(w.name, w.format).string());
        REQUIRE_MESSAGE(stored_seal.has_value(), "missing " << seal_path(w.name, w.format).string());
        const auto v = walk_on_pinned_template(w);
        REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : describe(v.error())));
        CHECK(v->seal() == *stored_seal);
        CHECK(encode_visit_record(*v) == *stored);
    }
}

TEST_CASE("golden records: each stored record decodes as its format, replays through the rules and recomputes its stored seal") {
    for (const GoldenWalk& w : every_golden_walk()) {
        CAPTURE(w.name);
        const auto stored = read_bytes(record_path(w.name, w.format));
        const auto stored_seal = read_seal(w.name, w.format);
        REQUIRE((stored.has_value() && stored_seal.has_value()));
        const auto record = decode_visit_record(*stored);
        REQUIRE_MESSAGE(record.ok(), (record.ok() ? "" : describe(record.error())));
        CHECK(record->format == w.format);
        CHECK(record->seal == *stored_seal);
        auto t = pinned(w);
        REQUIRE_MESSAGE(t.ok(), (t.ok() ? "" : describe(t.error())));
        const auto v = replay_visit(*record, *t);
        REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : describe(v.error())));
        CHECK(v->seal() == *stored_seal);
        CHECK(encode_visit_record(*v) == *stored);
        // What each walk claims to cover, read back from the replayed visit.
        CHECK(v->outcome() == w.outcome);
        CHECK(v->survey_status() == w.survey);
        CHECK(v->cause().has_value() == w.cause.has_value());
        if (v->cause() && w.cause) CHECK(v->cause()->kind == *w.cause);
    }
}

TEST_CASE("golden records: one byte of an answer changed in a stored record fails the seal check") {
    for (const GoldenWalk& w : every_golden_walk()) {
        CAPTURE(w.name);
        const auto stored = read_bytes(record_path(w.name, w.format));
        REQUIRE(stored.has_value());
        const std::string tampered = with_one_answer_byte_flipped(*stored, w.answer_text);
        const auto record = decode_visit_record(tampered);
        REQUIRE_MESSAGE(record.ok(), (record.ok() ? "" : describe(record.error())));
        auto t = pinned(w);
        REQUIRE(t.ok());
        const auto v = replay_visit(*record, *t);
        REQUIRE_FALSE(v.ok());
        CHECK(v.error().code == ErrorCode::seal_mismatch);
    }
}
