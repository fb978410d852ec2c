// Attachments (photos, signatures): files named by their SHA-256, in place before their row.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "checklists/sha256.h"
#include "tests/sync/store/open_store.h"
#include "tests/sync/store/store_fixtures.h"
#include "tests/sync/depot/visit_walker.h"
#include "tests/sync/store/visit_walk.h"
#include "sync/store/device_store.h"

using namespace fc;
using fc::test::RawDatabase;
using fc::test::open_store;
using fc::test::TempDir;

namespace {

std::string photo_bytes(std::size_t size, unsigned seed) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 2654435761u + seed) >> 13);
    return bytes;
}

std::size_t files_under(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("an attachment's file is in place, named by its SHA-256 and with the right bytes, when put_attachment returns") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    const std::string bytes = photo_bytes(300'000, 1);
    auto sha = store->put_attachment(bytes, "image/jpeg");
    REQUIRE_MESSAGE(sha.ok(), sha.error().message);
    CHECK(*sha == sha256_hex(bytes));
    const auto path = tmp.path() / "attachments" / sha->substr(0, 2) / *sha;
    CHECK(store->attachment_path(*sha) == path);
    REQUIRE(std::filesystem::is_regular_file(path));
    CHECK(sha256_hex(test::file_bytes(path)) == *sha);
    CHECK(files_under(tmp.path() / "attachments") == 1);  // no temporary file left behind
    struct stat st{};
    REQUIRE(::stat(path.parent_path().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    RawDatabase raw(test::database_path(tmp.path()));
    CHECK(raw.column("SELECT media_type || ':' || size FROM attachments WHERE sha256 = '" + *sha + "'") ==
          std::vector<std::string>{"image/jpeg:300000"});
    CHECK(store->read_attachment(*sha).value() == bytes);
}

TEST_CASE("an attachment row is never stored when its file cannot be written") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    const std::string bytes = photo_bytes(10'000, 2);
    const std::string sha = sha256_hex(bytes);
    // The folder the file belongs in is taken by a plain file, so the write must fail.
    test::write_bytes(tmp.path() / "attachments" / sha.substr(0, 2), "in the way");
    auto put = store->put_attachment(bytes, "image/png");
    REQUIRE_FALSE(put.ok());
    RawDatabase raw(test::database_path(tmp.path()));
    CHECK(raw.count("SELECT COUNT(*) FROM attachments") == 0);
    auto read = store->read_attachment(sha);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == ErrorCode::not_found);
}

TEST_CASE("the same bytes twice reuse one file, and a damaged file under their name is replaced by the right bytes") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    const std::string bytes = photo_bytes(50'000, 3);
    const std::string sha = store->put_attachment(bytes, "image/jpeg").value();
    CHECK(store->put_attachment(bytes, "image/jpeg").value() == sha);
    CHECK(files_under(tmp.path() / "attachments") == 1);

    test::write_bytes(store->attachment_path(sha), "half a photo");
    CHECK(store->put_attachment(bytes, "image/jpeg").value() == sha);
    CHECK(test::file_bytes(store->attachment_path(sha)) == bytes);
    RawDatabase raw(test::database_path(tmp.path()));
    CHECK(raw.count("SELECT COUNT(*) FROM attachments") == 1);
}

TEST_CASE("reading an attachment verifies its hash: a damaged or missing file is reported, never returned") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    const std::string bytes = photo_bytes(20'000, 4);
    const std::string sha = store->put_attachment(bytes, "image/jpeg").value();
    std::string damaged = bytes;
    damaged[1234] ^= 0x01;
    test::write_bytes(store->attachment_path(sha), damaged);
    auto read = store->read_attachment(sha);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == ErrorCode::corrupt);
    CHECK(read.error().message.find(store->attachment_path(sha).string()) != std::string::npos);

    std::filesystem::remove(store->attachment_path(sha));
    auto missing = store->read_attachment(sha);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::attachment_missing);
}

TEST_CASE("an attachment name that is not a SHA-256 never becomes a path") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    CHECK(store->attachment_path("../../etc/passwd").empty());
    CHECK(store->attachment_path(std::string(64, 'A')).empty());
    auto read = store->read_attachment("../fieldcheck.db");
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == ErrorCode::invalid_hash);
    auto put = store->put_attachment("bytes", "");
    REQUIRE_FALSE(put.ok());
    CHECK(put.error().code == ErrorCode::invalid_media_type);
}

TEST_CASE("a photo answer whose file is not stored is refused as attachment_missing, naming the step, and nothing is written") {
    TempDir tmp;
    auto store = open_store(tmp.path(), {1});
    REQUIRE(store->put_assignment(test::walk_assignment(0)).ok());
    // Walk to the photo step (everything up to, not including, the start of the handover).
    Visit v = store->load_visit(test::walk_visit_id(0)).value();
    const auto actions = test::walk_actions(0);
    for (std::size_t i = 0; i < actions.size(); ++i) {
        if (v.current_step() >= 0 && v.checklist().steps[static_cast<std::size_t>(v.current_step())].id == "photo") break;
        auto events = test::walk_step(v, 0, i);
        REQUIRE_MESSAGE(events.ok(), "action " << i << ": " << events.error().message);
        Visit after = v;
        REQUIRE(after.apply(*events).ok());
        REQUIRE(store->append_events(after, *events).ok());
        v = std::move(after);
    }
    REQUIRE(v.phase() == VisitPhase::Steps);
    REQUIRE(v.checklist().steps[static_cast<std::size_t>(v.current_step())].id == "photo");

    const std::string bytes = photo_bytes(20'000, 9);
    const std::string sha = sha256_hex(bytes);  // a real hash, but the file was never put
    const Instant now{1'700'000'900'000, 900'000};
    // Record format 4: the photo step's answer lists its photos; the missing one is named all the same.
    REQUIRE(v.format() >= kFirstPhotoListFormat);
    auto events = test::events_of(v.answer_step("photo", Answer::photos({sha}), now));
    REQUIRE(events.ok());
    Visit after = v;
    REQUIRE(after.apply(*events).ok());
    RawDatabase raw(test::database_path(tmp.path()));
    const auto stored_before = raw.count("SELECT count(*) FROM events");
    const auto row_before = raw.column("SELECT phase || event_count || updated_ms FROM visits");

    const Status refused = store->append_events(after, *events);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::attachment_missing);
    CHECK(refused.error().message.find("Photo of the installed modem") != std::string::npos);  // the step's title
    CHECK(refused.error().message.find(sha) != std::string::npos);
    CHECK(refused.error().message.find("Nothing was stored") != std::string::npos);
    CHECK(raw.count("SELECT count(*) FROM events") == stored_before);
    CHECK(raw.column("SELECT phase || event_count || updated_ms FROM visits") == row_before);
    CHECK(store->load_visit(test::walk_visit_id(0)).value().events() == v.events());

    // Once the file is stored, the very same answer is taken.
    REQUIRE(store->put_attachment(bytes, "image/jpeg").value() == sha);
    REQUIRE(store->append_events(after, *events).ok());
    CHECK(store->load_visit(test::walk_visit_id(0)).value().step_answer("photo") ==
          std::optional<Answer>(Answer::photos({sha})));
}

TEST_CASE("template format 2: the customer's handover signature is refused as attachment_missing until its file is stored") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    ChecklistTemplate t = test::fiber_template("fiber-install", 2);
    t.format = 2;
    t.handover.push_back({"signature", "Your signature", "", "", HandoverItem::Kind::Signature});
    REQUIRE(store->put_template(t).ok());
    REQUIRE(store->put_assignment(test::fiber_assignment("v-sign", "fiber-install", 2)).ok());
    Visit v = store->load_visit("v-sign").value();
    REQUIRE(v.handover_is_customers());  // the template's format survived the store

    std::string unstored;
    test::WalkSinks sinks;
    sinks.record = [&](const Visit& after, const Events& events) { return store->append_events(after, events); };
    sinks.attach = [&](const std::string& bytes) -> Expected<std::string> {
        if (bytes.find(":signature:") == std::string::npos) return store->put_attachment(bytes, "image/jpeg");
        unstored = bytes;  // the signature's file never reaches the store
        return sha256_hex(bytes);
    };
    const Status walked = test::walk_visit(v, test::WalkPlan{}, sinks);
    REQUIRE_FALSE(walked.ok());
    CHECK(walked.error().code == ErrorCode::attachment_missing);
    CHECK(walked.error().message.find("signature for handover item \"Your signature\"") != std::string::npos);
    CHECK_FALSE(store->load_visit("v-sign").value().handover_confirmed("signature"));

    // With the file stored the same signature is taken.
    REQUIRE(store->put_attachment(unstored, "image/png").ok());
    Visit resumed = store->load_visit("v-sign").value();
    const auto signed_ = resumed.sign_handover("signature", Answer::attachment(sha256_hex(unstored)), {1'700'000'900'000, 900'000});
    REQUIRE(signed_.ok());
    REQUIRE(store->append_events(signed_->next, signed_->events).ok());
    CHECK(store->load_visit("v-sign").value().handover_answer("signature") ==
          std::optional<Answer>(Answer::attachment(sha256_hex(unstored))));
}
