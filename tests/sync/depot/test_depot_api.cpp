// HTTP API v1 against a real depot on 127.0.0.1: every status code the issue names, auth, limits,
// hostile ids and bodies. Each bad request gets a 4xx with a JSON error and changes nothing stored.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checklists/canonical_json.h"
#include "tests/error_code_doctest.h"
#include "checklists/visit_json.h"
#include "tests/sync/depot/depot_test_support.h"
#include "sync/wire/wire_assignment_page.h"
#include "sync/wire/wire_messages.h"

using namespace fc;
using namespace fc::test;

namespace {

constexpr std::size_t kSmallVisitLimit = 256 * 1024;
constexpr std::size_t kSmallAttachmentLimit = 512 * 1024;

DepotServerOptions small_limits(std::FILE* log = stderr) {
    DepotServerOptions o;
    o.log = log;
    o.max_visit_bytes = kSmallVisitLimit;
    o.max_attachment_bytes = kSmallAttachmentLimit;
    return o;
}

// A depot with the fiber template, visit v-1 (job-1) for tech-a, v-2 (job-2) for tech-b.
struct ApiDepot {
    // Declared first so it is closed last, after the depot's threads have stopped writing to it.
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> log_file{std::tmpfile(), &std::fclose};
    std::FILE* log = log_file.get();
    ManualClock clock{{1'800'000'000'000, 1'000}};  // receipts carry this time
    RunningDepot depot{small_limits(log), {}, &clock};
    std::shared_ptr<const ChecklistTemplate> t = repo_template(kTemplateName);
    std::string token_a;
    std::string token_b;
    Assignment a1;
    Assignment a2;

    ApiDepot() {
        depot.add_template(*t);
        a1 = make_assignment("v-1", "tech-a", *t, "job-1");
        a2 = make_assignment("v-2", "tech-b", *t, "job-2");
        depot.assign({a1, a2});
        token_a = depot.token_for("tech-a");
        token_b = depot.token_for("tech-b");
    }

    // Waits (up to 5 s) for the depot's log to show a line containing `text`: the depot's own word
    // on what it answered, for requests whose client hung up before reading the answer.
    bool log_shows(const std::string& text, std::size_t times = 1) {
        for (int i = 0; i < 500; ++i) {
            std::fflush(log);
            std::rewind(log);
            std::string all;
            char buf[4096];
            std::size_t n = 0;
            while ((n = std::fread(buf, 1, sizeof buf, log)) > 0) all.append(buf, n);
            std::size_t count = 0;
            for (auto at = all.find(text); at != std::string::npos; at = all.find(text, at + 1)) ++count;
            if (count >= times) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }

    void upload_files(const SealedVisit& s, const std::string& token) {
        auto c = depot.client(token);
        for (const auto& [sha, bytes] : s.files) {
            auto r = c->Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
            REQUIRE(r);
            REQUIRE((r->status == 201 || r->status == 200));
        }
    }

    httplib::Result put_visit(const std::string& id, const std::string& body, const std::string& token) {
        return depot.client(token)->Put(("/api/v1/visits/" + id).c_str(), body, "application/json");
    }

    std::int64_t stored_visits() { return depot.store->visit_count().value(); }
};

// The depot's error body: {"error": code, "message": sentence}.
ErrorCode error_code(const httplib::Result& r) {
    REQUIRE(r);
    CHECK(r->get_header_value("Content-Type") == "application/json");
    auto e = decode_wire_error(r->body);
    REQUIRE_MESSAGE(e.ok(), r->body);
    CHECK_FALSE(e->message.empty());
    return e->code;
}

// Re-encodes a (tampered) record the way encode_visit_record does.
std::string encode_record(const VisitRecord& r) {
    auto events = CanonicalJson::array();
    for (const VisitEvent& e : r.events) events.push(event_json(e));
    auto record = CanonicalJson::object();
    record.set("assignment", assignment_json(r.assignment, r.format))
        .set("template", CanonicalJson::object().set("id", r.template_id).set("version", r.template_version))
        .set("events", std::move(events))
        .set("seal", r.seal);
    if (r.format != 1) record.set("format", r.format);
    return record.dump();
}

// Drops the first event of `kind` and renumbers the rest, as a tablet forging its history would.
VisitRecord without_event(VisitRecord r, EventKind kind, const std::string& item = {}) {
    for (auto it = r.events.begin(); it != r.events.end(); ++it) {
        if (it->kind == kind && (item.empty() || it->item == item)) {
            r.events.erase(it);
            break;
        }
    }
    for (std::size_t i = 0; i < r.events.size(); ++i) r.events[i].seq = static_cast<std::int64_t>(i) + 1;
    return r;
}

std::size_t files_under(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for (auto it = std::filesystem::recursive_directory_iterator(dir); it != std::filesystem::recursive_directory_iterator(); ++it) {
        if (it->is_regular_file()) ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("healthz answers 200 without a token, every other route needs a valid bearer token (401)") {
    ApiDepot d;
    auto anonymous = d.depot.client();
    auto health = anonymous->Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->get_header_value("X-Fieldcheck-Depot") == "1");
    for (const char* path : {"/api/v1/templates", "/api/v1/assignments", "/api/v1/templates/x/1"}) {
        auto r = anonymous->Get(path);
        REQUIRE(r);
        CHECK(r->status == 401);
        CHECK(error_code(r) == ErrorCode::unauthorized);
    }
    auto wrong = d.depot.client(std::string(64, 'f'))->Get("/api/v1/templates");
    CHECK(wrong->status == 401);
    auto garbage = d.depot.client("not a token at all")->Get("/api/v1/templates");
    CHECK(garbage->status == 401);
    auto visit = anonymous->Put("/api/v1/visits/v-1", "{}", "application/json");
    CHECK(visit->status == 401);
}

TEST_CASE("a sealed visit with its files is stored (201) with a receipt of id, seal, depot time and sequence") {
    ApiDepot d;
    const SealedVisit s = sealed_visit(d.a1, d.t);
    d.upload_files(s, d.token_a);
    auto r = d.put_visit("v-1", s.record, d.token_a);
    REQUIRE(r);
    CHECK(r->status == 201);
    auto receipt = decode_receipt(r->body);
    REQUIRE_MESSAGE(receipt.ok(), r->body);
    CHECK(receipt->visit_id == "v-1");
    CHECK(receipt->seal == s.seal);
    CHECK(receipt->received_at_ms == 1'800'000'000'000);
    CHECK(receipt->depot_seq > 0);

    auto visits = d.depot.store->received_visits();
    REQUIRE(visits->size() == 1);
    const ReceivedVisit& v = visits->front();
    CHECK(v.outcome == "completed");
    CHECK(v.survey_status == "submitted");
    CHECK(v.scores.size() == 4);
    CHECK(v.flags.empty());  // the walk answered at a customer's pace
    CHECK(v.tablet_sealed_ms > 1'700'000'000'000);
    CHECK(v.tablet_sealed_ms < v.received_ms);
    CHECK(v.record == s.record);
}

TEST_CASE("the identical visit sent again gets 200 and its first receipt, and is stored once") {
    ApiDepot d;
    const SealedVisit s = sealed_visit(d.a1, d.t);
    d.upload_files(s, d.token_a);
    auto first = d.put_visit("v-1", s.record, d.token_a);
    REQUIRE(first->status == 201);
    auto again = d.put_visit("v-1", s.record, d.token_a);
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(decode_receipt(again->body).value() == decode_receipt(first->body).value());
    CHECK(d.stored_visits() == 1);
}

TEST_CASE("the same visit id with other content is a conflict (409) and the first stays") {
    ApiDepot d;
    const SealedVisit s = sealed_visit(d.a1, d.t);
    d.upload_files(s, d.token_a);
    REQUIRE(d.put_visit("v-1", s.record, d.token_a)->status == 201);
    WalkPlan other;
    other.scores = {1, 1, 2, 1};
    const SealedVisit s2 = sealed_visit(d.a1, d.t, other);
    REQUIRE(s2.seal != s.seal);
    d.upload_files(s2, d.token_a);
    auto r = d.put_visit("v-1", s2.record, d.token_a);
    CHECK(r->status == 409);
    CHECK(error_code(r) == ErrorCode::conflict);
    CHECK(d.depot.store->visit_head("v-1").value()->seal == s.seal);
}

TEST_CASE("a visit of another technician is refused with 403, whichever side claims it") {
    ApiDepot d;
    const SealedVisit s = sealed_visit(d.a1, d.t);
    d.upload_files(s, d.token_b);
    auto r = d.put_visit("v-1", s.record, d.token_b);  // tech-b sends tech-a's visit
    CHECK(r->status == 403);
    CHECK(error_code(r) == ErrorCode::not_your_visit);
    Assignment forged = d.a2;
    forged.technician_id = "tech-a";  // tech-a claims tech-b's visit as its own
    const SealedVisit s2 = sealed_visit(forged, d.t);
    d.upload_files(s2, d.token_a);
    CHECK(d.put_visit("v-2", s2.record, d.token_a)->status == 403);
    CHECK(d.stored_visits() == 0);
}

TEST_CASE("malformed visit bodies are refused with 400 and a JSON error") {
    ApiDepot d;
    CHECK(error_code(d.put_visit("v-1", "{not json", d.token_a)) == ErrorCode::malformed);
    CHECK(d.put_visit("v-1", "", d.token_a)->status == 400);
    CHECK(d.put_visit("v-1", R"({"assignment":7})", d.token_a)->status == 400);
    CHECK(d.put_visit("v-1", "\xff\xfe{}", d.token_a)->status == 400);
    const SealedVisit s = sealed_visit(d.a1, d.t);
    auto mismatch = d.put_visit("v-2", s.record, d.token_a);  // URL and body name different visits
    CHECK(mismatch->status == 400);
    CHECK(error_code(mismatch) == ErrorCode::id_mismatch);
    CHECK(d.stored_visits() == 0);
}

TEST_CASE("deeply nested JSON is refused with 400 before any parser sees it") {
    ApiDepot d;
    const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
    auto r = d.put_visit("v-1", deep, d.token_a);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(error_code(r) == ErrorCode::too_deep);
    const std::string objects = [] {
        std::string s;
        for (int i = 0; i < 20'000; ++i) s += "{\"a\":";
        return s + "1" + std::string(20'000, '}');
    }();
    CHECK(d.put_visit("v-1", objects, d.token_a)->status == 400);
    CHECK(d.depot.client(d.token_a)->Get("/healthz")->status == 200);  // still serving
}

// Sends `total` bytes as a chunked body (no Content-Length); returns how many the client got to send.
httplib::Result put_chunked(httplib::Client& c, const std::string& path, std::size_t total, std::size_t& offered) {
    const std::string chunk(64 * 1024, 'x');
    offered = 0;
    return c.Put(
        path.c_str(),
        [&](std::size_t, httplib::DataSink& sink) {
            if (offered >= total) {
                sink.done();
                return true;
            }
            const std::size_t n = std::min(chunk.size(), total - offered);
            offered += n;
            return sink.write(chunk.data(), n);
        },
        "application/octet-stream");
}

TEST_CASE("a body over the route's limit is refused with 413, by Content-Length and when sent chunked") {
    ApiDepot d;
    auto c = d.depot.client(d.token_a);
    const std::string big(kSmallVisitLimit + 1, ' ');
    auto declared = d.put_visit("v-1", big, d.token_a);
    REQUIRE(declared);
    CHECK(declared->status == 413);
    CHECK(error_code(declared) == ErrorCode::too_large);

    // Chunked: no Content-Length, so only counting the bytes as they arrive can catch it.
    std::size_t offered = 0;
    auto chunked = put_chunked(*c, "/api/v1/visits/v-1", 3 * kSmallVisitLimit, offered);
    REQUIRE(chunked);
    CHECK(chunked->status == 413);
    CHECK(error_code(chunked) == ErrorCode::too_large);

    const std::string photo(kSmallAttachmentLimit + 10, 'p');
    const std::string photo_path = "/api/v1/attachments/" + sha256_hex(photo);
    auto too_big_file = c->Put(photo_path.c_str(), photo, "application/octet-stream");
    REQUIRE(too_big_file);
    CHECK(too_big_file->status == 413);
    auto chunked_file = put_chunked(*c, photo_path, 2 * kSmallAttachmentLimit, offered);
    REQUIRE(chunked_file);
    CHECK(chunked_file->status == 413);
    CHECK(files_under(d.depot.store->attachments_dir()) == 0);  // no half file left behind

    // A body on a route that takes none.
    auto post_with_body = c->Post("/api/v1/assignments", std::string(1000, 'x'), "text/plain");
    REQUIRE(post_with_body);
    CHECK(post_with_body->status == 413);
    CHECK(d.stored_visits() == 0);
    CHECK(c->Get("/healthz")->status == 200);
}

TEST_CASE("an endless chunked body is cut off after a bounded number of bytes") {
    ApiDepot d;
    auto c = d.depot.client(d.token_a);
    std::size_t offered = 0;
    const std::size_t endless = kMaxDrainedBytes + (32u << 20);
    auto r = put_chunked(*c, "/api/v1/visits/v-1", endless, offered);
    // The client may see the 413, or only the connection the depot closed while it was still sending.
    if (r) CHECK(r->status == 413);
    CHECK(d.log_shows("PUT /api/v1/visits/{id} 413\n"));
    CHECK(offered < endless);
    CHECK(d.stored_visits() == 0);
    CHECK(d.depot.client(d.token_a)->Get("/healthz")->status == 200);
}

TEST_CASE("a visit whose seal does not match its content is refused with 422") {
    ApiDepot d;
    SealedVisit s = sealed_visit(d.a1, d.t);
    d.upload_files(s, d.token_a);
    auto record = decode_visit_record(s.record).value();
    record.seal = sha256_hex("something else");
    auto r = d.put_visit("v-1", encode_record(record), d.token_a);
    CHECK(r->status == 422);
    CHECK(error_code(r) == ErrorCode::seal_mismatch);
    // An answer changed after sealing, with the old seal kept.
    record = decode_visit_record(s.record).value();
    for (VisitEvent& e : record.events) {
        if (e.kind == EventKind::SurveyAnswered && e.item == "rate-result") e.new_answer = Answer::score(1);
    }
    auto changed = d.put_visit("v-1", encode_record(record), d.token_a);
    CHECK(changed->status == 422);
    CHECK(error_code(changed) == ErrorCode::seal_mismatch);
    CHECK(d.stored_visits() == 0);
}

TEST_CASE("a visit referencing a file the depot does not have is refused with 422 until the file is sent") {
    ApiDepot d;
    const SealedVisit s = sealed_visit(d.a1, d.t);
    REQUIRE_FALSE(s.files.empty());
    auto r = d.put_visit("v-1", s.record, d.token_a);
    CHECK(r->status == 422);
    CHECK(error_code(r) == ErrorCode::attachment_missing);
    d.upload_files(s, d.token_a);
    CHECK(d.put_visit("v-1", s.record, d.token_a)->status == 201);
}

TEST_CASE("a survey answered outside customer mode is refused with 422") {
    ApiDepot d;
    const SealedVisit s = sealed_visit(d.a1, d.t);
    d.upload_files(s, d.token_a);
    // The technician never handed the tablet over: the hand-over event is gone from the history. In
    // template format 2 the survey opens with the customer's last confirmation: that one is gone.
    const VisitRecord record = decode_visit_record(s.record).value();
    std::string last_confirmed;
    bool handed_over = false;
    for (const VisitEvent& e : record.events) {
        if (e.kind == EventKind::HandoverConfirmed) last_confirmed = e.item;
        handed_over = handed_over || e.kind == EventKind::CustomerModeEntered;
    }
    VisitRecord forged = handed_over ? without_event(record, EventKind::CustomerModeEntered)
                                     : without_event(record, EventKind::HandoverConfirmed, last_confirmed);
    REQUIRE(forged.events.size() + 1 == record.events.size());
    auto r = d.put_visit("v-1", encode_record(forged), d.token_a);
    CHECK(r->status == 422);
    CHECK(d.stored_visits() == 0);
}

TEST_CASE("a visit with a required step missing is refused with 422") {
    ApiDepot d;
    const SealedVisit s = sealed_visit(d.a1, d.t);
    d.upload_files(s, d.token_a);
    VisitRecord forged = without_event(decode_visit_record(s.record).value(), EventKind::StepAnswered, "modem-serial");
    auto r = d.put_visit("v-1", encode_record(forged), d.token_a);
    CHECK(r->status == 422);
    CHECK(d.stored_visits() == 0);
}

TEST_CASE("an open (unsealed) visit is refused with 422 not_sealed") {
    ApiDepot d;
    Visit v(d.a1, d.t);
    ManualClock clock;
    auto opened = v.open(clock.now());
    REQUIRE(opened.ok());
    REQUIRE(v.apply(opened->events).ok());
    auto r = d.put_visit("v-1", encode_visit_record(v), d.token_a);
    CHECK(r->status == 422);
    CHECK(error_code(r) == ErrorCode::not_sealed);
}

TEST_CASE("a visit the depot never assigned, or walked with a template it lacks, is refused with 422") {
    ApiDepot d;
    Assignment stray = d.a1;
    stray.visit_id = "v-stray";
    const SealedVisit s = sealed_visit(stray, d.t);
    d.upload_files(s, d.token_a);
    auto r = d.put_visit("v-stray", s.record, d.token_a);
    CHECK(r->status == 422);
    CHECK(error_code(r) == ErrorCode::unknown_assignment);

    ChecklistTemplate newer = *d.t;
    newer.version += 5;
    Assignment a = d.a1;
    a.template_version = newer.version;
    const SealedVisit s2 = sealed_visit(a, std::make_shared<const ChecklistTemplate>(newer));
    d.upload_files(s2, d.token_a);
    auto r2 = d.put_visit("v-1", s2.record, d.token_a);
    CHECK(r2->status == 422);
    CHECK(error_code(r2) == ErrorCode::unknown_template);
}

TEST_CASE("attachments are content-addressed: 201 created, 200 already there, 400 when the hash does not match") {
    ApiDepot d;
    auto c = d.depot.client(d.token_a);
    const std::string photo(100'000, 'q');
    const std::string sha = sha256_hex(photo);
    const std::string path = "/api/v1/attachments/" + sha;
    CHECK(c->Head(path.c_str())->status == 404);
    auto wrong = c->Put(path.c_str(), photo + "!", "application/octet-stream");
    CHECK(wrong->status == 400);
    CHECK(error_code(wrong) == ErrorCode::hash_mismatch);
    CHECK(files_under(d.depot.store->attachments_dir()) == 0);
    auto created = c->Put(path.c_str(), photo, "application/octet-stream");
    CHECK(created->status == 201);
    CHECK(decode_attachment_ack(created->body)->sha256 == sha);
    CHECK(read_file(d.depot.store->attachments_dir() / sha) == photo);
    CHECK(c->Put(path.c_str(), photo, "application/octet-stream")->status == 200);
    CHECK(c->Head(path.c_str())->status == 200);
    CHECK(c->Head("/api/v1/attachments/ABC")->status == 400);
    CHECK(files_under(d.depot.store->attachments_dir()) == 1);
}

TEST_CASE("ids with paths in them are refused (400/404) and nothing appears outside the data directory") {
    ApiDepot d;
    const auto outside = d.depot.dir.parent_path();
    const auto before = files_under(outside);
    auto c = d.depot.client(d.token_a);
    const std::string bytes = "evil";
    const std::vector<std::string> paths = {
        "/api/v1/visits/..",
        "/api/v1/visits/..%2F..%2Fescaped",
        "/api/v1/visits/../../escaped",
        "/api/v1/visits/%2e%2e",
        "/api/v1/attachments/..%2F..%2Fescaped",
        "/api/v1/attachments/../../escaped",
        "/api/v1/attachments/" + std::string(64, '.'),
    };
    for (const auto& p : paths) {
        auto r = c->Put(p.c_str(), bytes, "application/octet-stream");
        REQUIRE(r);
        CHECK_MESSAGE((r->status == 400 || r->status == 404), p);
        CHECK(decode_wire_error(r->body).ok());
    }
    for (const char* p : {"/api/v1/templates/..%2F..%2Fdepot.db/1", "/api/v1/templates/../1", "/api/v1/templates/x/-1"}) {
        auto r = c->Get(p);
        REQUIRE(r);
        CHECK_MESSAGE((r->status == 400 || r->status == 404), p);
    }
    CHECK(files_under(outside) == before);
    CHECK_FALSE(std::filesystem::exists(outside / "escaped"));
    CHECK(d.stored_visits() == 0);
}

TEST_CASE("a revoked token is refused from the very next request, even on an open connection") {
    ApiDepot d;
    auto c = d.depot.client(d.token_a);
    c->set_keep_alive(true);
    CHECK(c->Get("/api/v1/templates")->status == 200);
    const auto tokens = d.depot.store->list_tokens().value();
    REQUIRE(d.depot.store->revoke_token(tokens.front().id, 5).ok());
    auto r = c->Get("/api/v1/templates");
    CHECK(r->status == 401);
    CHECK(d.depot.client(d.token_b)->Get("/api/v1/templates")->status == 200);  // others unaffected
}

TEST_CASE("templates are listed and served as canonical JSON per id and version, unknown ones are 404") {
    ApiDepot d;
    auto c = d.depot.client(d.token_a);
    auto list = c->Get("/api/v1/templates");
    REQUIRE(list->status == 200);
    auto listing = decode_template_list(list->body, 1 << 20);
    REQUIRE(listing.ok());
    REQUIRE(listing->size() == 1);
    CHECK(listing->front().id == d.t->id);
    auto one = c->Get(("/api/v1/templates/" + d.t->id + "/" + std::to_string(d.t->version)).c_str());
    REQUIRE(one->status == 200);
    CHECK(one->body == template_to_json(*d.t));
    CHECK(sha256_hex(one->body) == listing->front().sha256);
    CHECK(c->Get(("/api/v1/templates/" + d.t->id + "/99").c_str())->status == 404);
    CHECK(error_code(c->Get("/api/v1/nothing-here")) == ErrorCode::not_found);
}

TEST_CASE("each technician gets only their own assignments, and a foreign cursor is refused with 400") {
    ApiDepot d;
    auto a = decode_assignment_page(d.depot.client(d.token_a)->Get("/api/v1/assignments")->body);
    REQUIRE(a.ok());
    REQUIRE(a->assignments.size() == 1);
    CHECK(a->assignments[0].visit_id == "v-1");
    auto next = d.depot.client(d.token_a)->Get(("/api/v1/assignments?since=" + a->cursor).c_str());
    CHECK(decode_assignment_page(next->body)->assignments.empty());
    auto b = decode_assignment_page(d.depot.client(d.token_b)->Get("/api/v1/assignments")->body);
    REQUIRE(b->assignments.size() == 1);
    CHECK(b->assignments[0].visit_id == "v-2");
    auto bad = d.depot.client(d.token_a)->Get("/api/v1/assignments?since=%27%3B%20DROP%20TABLE");
    CHECK(bad->status == 400);
    CHECK(error_code(bad) == ErrorCode::bad_cursor);
}

TEST_CASE("a received visit's history and escalation reach the job's next assignment") {
    ApiDepot d;
    d.depot.assign({make_assignment("v-3", "tech-a", *d.t, "job-1")});
    WalkPlan failed;
    failed.not_possible = true;
    const SealedVisit s = sealed_visit(d.a1, d.t, failed);
    auto r = d.put_visit("v-1", s.record, d.token_a);
    REQUIRE(r->status == 201);
    auto page = decode_assignment_page(d.depot.client(d.token_a)->Get("/api/v1/assignments")->body);
    REQUIRE(page.ok());
    const Assignment* next = nullptr;
    for (const auto& a : page->assignments) {
        if (a.visit_id == "v-3") next = &a;
    }
    REQUIRE(next);
    REQUIRE(next->history.size() == 1);
    CHECK(next->history[0].visit_id == "v-1");
    CHECK(next->history[0].outcome == "not_possible");
    CHECK(next->history[0].cause == "precheck_not_met");
    CHECK_FALSE(next->escalation);
    auto visits = d.depot.store->received_visits().value();
    CHECK(visits[0].cause_kind == "precheck_not_met");
    CHECK_FALSE(visits[0].cause_precheck.empty());
}

TEST_CASE("a staged survey is stored with its integrity flags, never refused or dropped") {
    ApiDepot d;
    WalkPlan staged;
    staged.scores = {5, 5, 5, 5};
    staged.survey_gap_ms = 300;
    const SealedVisit s = sealed_visit(d.a1, d.t, staged);
    d.upload_files(s, d.token_a);
    auto r = d.put_visit("v-1", s.record, d.token_a);
    CHECK(r->status == 201);
    CHECK(r->body.find("impossible_pace") == std::string::npos);  // the tablet is not told
    auto visits = d.depot.store->received_visits().value();
    REQUIRE(visits.size() == 1);
    std::vector<std::string> codes;
    for (const auto& f : visits[0].flags) codes.push_back(f.code);
    CHECK(std::find(codes.begin(), codes.end(), "impossible_pace") != codes.end());
    CHECK(std::find(codes.begin(), codes.end(), "identical_and_instant") != codes.end());
}

TEST_CASE("a second depot cannot listen on a port a running depot already holds") {
    ApiDepot d;
    TempDir other_dir;
    auto other = DepotStore::open(test_depot_location(other_dir.path / "depot"));
    REQUIRE(other.ok());
    DepotServerOptions o;
    o.port = d.depot.port();
    o.log = nullptr;
    ManualClock clock;
    auto second = DepotServer::bind(*other.value(), clock, o);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == ErrorCode::bind_failed);
    CHECK(d.depot.client()->Get("/healthz")->status == 200);
}

TEST_CASE("many tablets connecting at the same moment all get through the handshake (listen backlog)") {
    // cpp-httplib 0.11 listens with a backlog of 5; the 6th and later connections made before the
    // depot accepts would wait a full second for a SYN retransmit. The depot raises the backlog.
    TempDir tmp;
    auto store = DepotStore::open(test_depot_location(tmp.path / "depot"));
    REQUIRE(store.ok());
    DepotServerOptions o;
    o.port = 0;
    o.log = nullptr;
    ManualClock clock;
    auto server = DepotServer::bind(*store.value(), clock, o);  // bound and listening, not accepting yet
    REQUIRE(server.ok());
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(server.value()->port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::vector<int> sockets;
    int connected = 0;
    for (int i = 0; i < 40; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        REQUIRE(fd >= 0);
        sockets.push_back(fd);
        ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    }
    for (int fd : sockets) {
        pollfd p{fd, POLLOUT, 0};
        int error = -1;
        socklen_t len = sizeof error;
        if (::poll(&p, 1, 500) == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0) ++connected;
    }
    for (int fd : sockets) ::close(fd);
    CHECK(connected == 40);
}

namespace {

// One request written byte for byte (the path exactly as given, no client fixing it up) and the
// answer's status line and body, read until the depot closes or 2 s pass without a byte.
struct RawAnswer {
    int status = 0;
    std::string head;
    std::string body;
};

RawAnswer raw_exchange(int port, const std::string& request) {
    RawAnswer out;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    std::string all;
    char buf[4096];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 2000) <= 0) break;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        all.append(buf, static_cast<std::size_t>(n));
        const auto end = all.find("\r\n\r\n");
        if (end == std::string::npos) continue;
        const auto cl = all.find("Content-Length: ");
        if (cl != std::string::npos && cl < end) {
            const std::size_t length = std::stoul(all.substr(cl + 16));
            if (all.size() >= end + 4 + length) break;
        }
    }
    ::close(fd);
    const auto end = all.find("\r\n\r\n");
    if (all.size() > 12 && end != std::string::npos) {
        out.status = std::stoi(all.substr(9, 3));
        out.head = all.substr(0, end);
        out.body = all.substr(end + 4);
    }
    return out;
}

std::string raw_request(const std::string& method, const std::string& path, const std::string& token,
                        const std::string& extra_headers = {}) {
    return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
           "\r\nConnection: close\r\n" + extra_headers + "\r\n";
}

}  // namespace

TEST_CASE("every id that is not an id, slashes and dot-dot included, is a 400 with a JSON error and touches nothing") {
    ApiDepot d;
    const auto outside = d.depot.dir.parent_path();
    const auto before = files_under(outside);
    const std::vector<std::pair<std::string, std::string>> requests = {
        {"PUT", "/api/v1/visits/../../escaped"},
        {"PUT", "/api/v1/visits/..%2F..%2Fescaped"},
        {"PUT", "/api/v1/visits/%2e%2e/%2e%2e/escaped"},
        {"PUT", "/api/v1/visits/v-1%00"},
        {"PUT", "/api/v1/visits/v-1%0A"},
        {"PUT", "/api/v1/visits/v-1/extra"},
        {"PUT", "/api/v1/visits/"},
        {"PUT", "/api/v1/attachments/../../escaped"},
        {"PUT", "/api/v1/attachments/..%2F..%2Fdepot%2Fdepot.db"},
        {"HEAD", "/api/v1/attachments/..%2F..%2Fdepot%2Fdepot.db"},
        {"GET", "/api/v1/attachments/" + std::string(64, 'a') + "/.."},
        {"GET", "/api/v1/templates/..%2F..%2Fdepot.db/1"},
        {"GET", "/api/v1/templates/../../depot.db"},
        {"GET", "/api/v1/templates/" + d.t->id + "/1/.."},
        {"GET", "/api/v1/templates/" + d.t->id},
        {"PUT", "/api/v1/visits/" + std::string(8000, 'a')},  // near cpp-httplib's URI limit: the regex must cope
    };
    for (const auto& [method, path] : requests) {
        const std::string body = "evil";
        const std::string extra = method == "PUT" ? "Content-Length: 4\r\n" : "";
        const RawAnswer r = raw_exchange(d.depot.port(), raw_request(method, path, d.token_a, extra) + (method == "PUT" ? body : ""));
        CHECK_MESSAGE(r.status == 400, method << " " << path << " -> " << r.status);
        if (method != "HEAD") {
            auto e = decode_wire_error(r.body);
            CHECK_MESSAGE(e.ok(), method << " " << path << ": " << r.body);
            if (e) CHECK(e->code == ErrorCode::bad_id);
        }
    }
    CHECK(files_under(outside) == before);
    CHECK_FALSE(std::filesystem::exists(outside / "escaped"));
    CHECK(d.stored_visits() == 0);
}

TEST_CASE("a Range header never cuts or wraps the depot's JSON answers") {
    ApiDepot d;
    auto c = d.depot.client(d.token_a);
    auto health = c->Get("/healthz", {{"Range", "bytes=0-5"}});
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->body == R"({"status":"ok"})");
    CHECK_FALSE(health->has_header("Content-Range"));
    auto list = c->Get("/api/v1/templates", {{"Range", "bytes=99999-"}});
    REQUIRE(list);
    CHECK(list->status == 200);
    CHECK(decode_template_list(list->body, 1 << 20).ok());
    auto refused = d.depot.client()->Get("/api/v1/templates", {{"Range", "bytes=0-5,7-9"}});
    REQUIRE(refused);
    CHECK(refused->status == 401);
    CHECK(error_code(refused) == ErrorCode::unauthorized);
    // A receipt too: the tablet would otherwise see a 200 whose body is not a receipt.
    const SealedVisit s = sealed_visit(d.a1, d.t);
    d.upload_files(s, d.token_a);
    auto stored = c->Put("/api/v1/visits/v-1", {{"Range", "bytes=0-9"}}, s.record, "application/json");
    REQUIRE(stored);
    CHECK(stored->status == 201);
    CHECK(decode_receipt(stored->body).ok());
}

TEST_CASE("the bearer scheme name is read without regard to case, the token itself exactly") {
    ApiDepot d;
    for (const std::string scheme : {"bearer ", "BEARER ", "Bearer "}) {
        auto c = d.depot.client();
        c->set_default_headers({{"Authorization", scheme + d.token_a}});
        auto r = c->Get("/api/v1/templates");
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 200, scheme);
    }
    std::string upper = d.token_a;
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    auto c = d.depot.client();
    c->set_default_headers({{"Authorization", "Bearer " + upper}});
    CHECK(c->Get("/api/v1/templates")->status == 401);
    c->set_default_headers({{"Authorization", "Basic " + d.token_a}});
    CHECK(c->Get("/api/v1/templates")->status == 401);
}

TEST_CASE("a PUT without any body is an empty body: a malformed visit, an attachment whose hash does not match") {
    ApiDepot d;
    const RawAnswer visit = raw_exchange(d.depot.port(), raw_request("PUT", "/api/v1/visits/v-1", d.token_a));
    CHECK(visit.status == 400);
    auto e = decode_wire_error(visit.body);
    REQUIRE_MESSAGE(e.ok(), visit.body);
    CHECK(e->code == ErrorCode::malformed);
    const std::string sha = sha256_hex("some photo");
    const RawAnswer file = raw_exchange(d.depot.port(), raw_request("PUT", "/api/v1/attachments/" + sha, d.token_a));
    CHECK(file.status == 400);
    auto f = decode_wire_error(file.body);
    REQUIRE_MESSAGE(f.ok(), file.body);
    CHECK(f->code == ErrorCode::hash_mismatch);
    const RawAnswer empty_file = raw_exchange(d.depot.port(), raw_request("PUT", "/api/v1/attachments/" + sha256_hex(""), d.token_a));
    CHECK(empty_file.status == 201);
    CHECK(d.stored_visits() == 0);
}
