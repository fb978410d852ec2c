// Group commit (visit_commit_queue.h) on a real depot store and a real depot on 127.0.0.1: visits
// that queued while a commit ran are committed together, each answered with its own receipt only
// after that commit; one bad visit fails alone; a failed commit acknowledges none; a visit sent
// twice at once is stored once. Batches are formed by a gate that holds the first commit until the
// others have queued (counted, never timed). Also: the store's reads beside a held write lock, and
// its statement cache.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <set>
#include <thread>

#include "sync/depot/db/sqlite_depot_db.h"
#include "sync/depot/depot_statements.h"
#include "sync/depot/visit_commit_queue.h"
#include "sync/storage/sqlite_statement.h"
#include "sync/wire/wire_messages.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/sqlite_only.h"

namespace fc {
namespace {

using test::TempDir;

ReceivedVisit received_sealed(const std::string& visit_id, const std::string& seal) {
    ReceivedVisit v;
    v.visit_id = visit_id;
    v.technician_id = "tech-a";
    v.job_id = "job-" + visit_id;
    v.template_id = "fiber-modem-install-en";
    v.template_version = 1;
    v.seal = seal;
    v.record = "{}";
    v.outcome = "completed";
    v.survey_status = "submitted";
    v.tablet_sealed_ms = 1'700'000'000'000;
    return v;
}

std::string seal_of(int n) { return std::string(63, 'a') + static_cast<char>('0' + n % 10); }

// The real store, with its first commit held until `hold_for` other visits queued behind it.
struct GatedStore final : VisitBatchStore {
    DepotStore& real;
    VisitCommitQueue* queue = nullptr;
    std::size_t hold_for = 0;
    std::atomic<bool> first_entered{false};
    std::atomic<bool> released{false};  // the held commit went on: every visit of `rest` had queued
    std::vector<std::size_t> batch_sizes;  // written by the one committing thread at a time

    explicit GatedStore(DepotStore& store) : real(store) {}
    Expected<std::vector<Expected<StoredVisit>>> store_visits(std::vector<VisitToStore>& batch) override {
        if (!first_entered.exchange(true)) {
            while (queue->waiting() < hold_for) std::this_thread::yield();
            released = true;
        }
        batch_sizes.push_back(batch.size());
        return real.store_visits(batch);
    }
};

// One lone visit, then `rest` that queued during its commit, in its order: `rest` is one batch.
struct GroupRun {
    std::vector<Expected<StoredVisit>> answers;
};

GroupRun run_group(VisitCommitQueue& queue, GatedStore& gate, const ReceivedVisit& first, const std::vector<ReceivedVisit>& rest) {
    gate.queue = &queue;
    gate.hold_for = rest.size();
    std::vector<std::optional<Expected<StoredVisit>>> answers(rest.size() + 1);
    std::thread lone([&] { answers[0] = queue.store(first, 5000); });
    while (!gate.first_entered) std::this_thread::yield();
    std::vector<std::thread> others;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        others.emplace_back([&, i] { answers[i + 1] = queue.store(rest[i], 6000 + static_cast<std::int64_t>(i)); });
        // One at a time into the queue, so `rest`'s order is the batch's order (the cases rely on it).
        // Once the last one queued, the held commit goes on and the next one may empty the queue
        // before this thread looks: `released` ends the wait then (the count alone hung under load).
        while (!gate.released && queue.waiting() < i + 1) std::this_thread::yield();
    }
    lone.join();
    for (auto& t : others) t.join();
    GroupRun run;
    for (auto& a : answers) run.answers.push_back(std::move(*a));
    return run;
}

struct OpenStore {
    TempDir tmp;
    std::unique_ptr<DepotStore> store;
    OpenStore() {
        auto opened = DepotStore::open(test::test_depot_location(tmp.path / "depot"));
        REQUIRE(opened.ok());
        store = std::move(opened).value();
    }
};

}  // namespace

TEST_CASE("group commit: visits that queued during a commit share one, each answered with its own receipt, as a lone commit gives") {
    OpenStore s;
    GatedStore gate(*s.store);
    VisitCommitQueue queue(gate);
    std::vector<ReceivedVisit> rest;
    for (int i = 1; i <= 7; ++i) rest.push_back(received_sealed("v-" + std::to_string(i), seal_of(i)));
    const GroupRun run = run_group(queue, gate, received_sealed("v-0", seal_of(0)), rest);

    CHECK(gate.batch_sizes == std::vector<std::size_t>{1, 7});
    CHECK(queue.commits() == 2);
    CHECK(queue.largest_batch() == 7);
    std::set<std::int64_t> seqs;
    for (std::size_t i = 0; i < run.answers.size(); ++i) {
        REQUIRE(run.answers[i].ok());
        const auto& [outcome, receipt] = run.answers[i].value();
        CHECK(outcome == StoreVisitOutcome::Created);
        CHECK(receipt.visit_id == "v-" + std::to_string(i));
        CHECK(receipt.seal == seal_of(static_cast<int>(i)));
        CHECK(receipt.received_at_ms == (i == 0 ? 5000 : 6000 + static_cast<std::int64_t>(i) - 1));
        // What the store holds, and what a replay of it answers, is the very receipt handed out.
        auto head = s.store->visit_head(receipt.visit_id);
        REQUIRE(head.ok());
        REQUIRE(head.value().has_value());
        CHECK(head.value()->receipt == receipt);
        auto again = s.store->store_visit(received_sealed(receipt.visit_id, receipt.seal), 9999);
        REQUIRE(again.ok());
        CHECK(again->first == StoreVisitOutcome::Replay);
        CHECK(again->second == receipt);
        seqs.insert(receipt.depot_seq);
    }
    CHECK(seqs.size() == 8);
    CHECK(s.store->visit_count().value() == 8);
}

TEST_CASE("group commit: a lone visit is committed at once, alone, with nothing to wait for") {
    OpenStore s;
    VisitCommitQueue queue(*s.store);
    for (int i = 0; i < 5; ++i) {
        auto stored = queue.store(received_sealed("v-" + std::to_string(i), seal_of(i)), 1000 + i);
        REQUIRE(stored.ok());
        CHECK(stored->first == StoreVisitOutcome::Created);
        CHECK(queue.commits() == i + 1);  // answered by its own commit, not a later one
    }
    CHECK(queue.largest_batch() == 1);
    CHECK(queue.waiting() == 0);
}

TEST_CASE("group commit: one visit that fails inside a batch fails alone, and the others of its commit are stored") {
    OpenStore s;
    GatedStore gate(*s.store);
    VisitCommitQueue queue(gate);
    std::vector<ReceivedVisit> rest = {received_sealed("v-1", seal_of(1)), received_sealed("v-2", seal_of(2)), received_sealed("v-3", seal_of(3))};
    // Its conflict row breaks the conflicts table's CHECK, after its visit and history rows were
    // written: the savepoint must take those back, and only those.
    rest[1].withdrawn = Withdrawal{"v-2", "tech-a", "lost", "why", 1};
    const GroupRun run = run_group(queue, gate, received_sealed("v-0", seal_of(0)), rest);

    CHECK(gate.batch_sizes == std::vector<std::size_t>{1, 3});
    REQUIRE(run.answers.size() == 4);
    CHECK(run.answers[0].ok());
    CHECK(run.answers[1].ok());
    CHECK_FALSE(run.answers[2].ok());
    CHECK(run.answers[3].ok());
    CHECK(s.store->visit_count().value() == 3);
    CHECK_FALSE(s.store->visit_head("v-2").value().has_value());
    const auto rows = s.store->with_db([](DepotDb& db, const std::filesystem::path&) {
        auto st = db.prepare("SELECT count(*) FROM history WHERE visit_id = 'v-2'");
        REQUIRE(st);
        REQUIRE(st->step().value());
        return st->int64(0);
    });
    CHECK(rows == 0);
    // The failed visit can come again and be stored on its own.
    auto retried = queue.store(received_sealed("v-2", seal_of(2)), 7000);
    REQUIRE(retried.ok());
    CHECK(retried->first == StoreVisitOutcome::Created);
}

namespace {
int refuse_commit(void*) { return 1; }  // SQLite turns the COMMIT into a ROLLBACK
}  // namespace

TEST_CASE("group commit: a commit that fails acknowledges no visit of its batch, and stores none" * FC_SQLITE_ONLY) {
    OpenStore s;
    GatedStore gate(*s.store);
    VisitCommitQueue queue(gate);
    s.store->with_db([](DepotDb& db, const std::filesystem::path&) { return sqlite3_commit_hook(db.sqlite_handle(), refuse_commit, nullptr); });
    std::vector<ReceivedVisit> rest;
    for (int i = 1; i <= 5; ++i) rest.push_back(received_sealed("v-" + std::to_string(i), seal_of(i)));
    const GroupRun run = run_group(queue, gate, received_sealed("v-0", seal_of(0)), rest);

    CHECK(gate.batch_sizes == std::vector<std::size_t>{1, 5});
    for (const auto& answer : run.answers) {
        REQUIRE_FALSE(answer.ok());
        CHECK(answer.error().code == ErrorCode::sqlite_error);
    }
    CHECK(s.store->visit_count().value() == 0);
    // Sent again once the disk takes commits, every one is stored.
    s.store->with_db([](DepotDb& db, const std::filesystem::path&) { return sqlite3_commit_hook(db.sqlite_handle(), nullptr, nullptr); });
    for (int i = 0; i <= 5; ++i) {
        auto stored = queue.store(received_sealed("v-" + std::to_string(i), seal_of(i)), 8000);
        REQUIRE(stored.ok());
        CHECK(stored->first == StoreVisitOutcome::Created);
    }
    CHECK(s.store->visit_count().value() == 6);
}

TEST_CASE("group commit: the same visit twice in one batch is stored once, the second gets the first's receipt") {
    OpenStore s;
    GatedStore gate(*s.store);
    VisitCommitQueue queue(gate);
    const std::vector<ReceivedVisit> rest = {received_sealed("v-1", seal_of(1)), received_sealed("v-1", seal_of(1)), received_sealed("v-1", seal_of(7))};
    const GroupRun run = run_group(queue, gate, received_sealed("v-0", seal_of(0)), rest);

    CHECK(gate.batch_sizes == std::vector<std::size_t>{1, 3});
    REQUIRE(run.answers[1].ok());
    REQUIRE(run.answers[2].ok());
    REQUIRE(run.answers[3].ok());
    // Queue order decides which of the two identical ones is first; each outcome comes once.
    const auto& a = run.answers[1].value();
    const auto& b = run.answers[2].value();
    CHECK(((a.first == StoreVisitOutcome::Created && b.first == StoreVisitOutcome::Replay) ||
           (a.first == StoreVisitOutcome::Replay && b.first == StoreVisitOutcome::Created)));
    CHECK(a.second == b.second);
    CHECK(run.answers[3]->first == StoreVisitOutcome::Conflict);
    CHECK(s.store->visit_count().value() == 2);
}

namespace {

// A running depot with `n` visits of the fiber template assigned to tech-a, each walked and sealed.
struct IngestDepot {
    test::RunningDepot depot;
    std::string token;
    std::vector<Assignment> plan;
    std::vector<test::SealedVisit> visits;

    explicit IngestDepot(int n) {
        const auto t = test::repo_template(test::kTemplateName);
        depot.add_template(*t);
        token = depot.token_for("tech-a");
        for (int i = 0; i < n; ++i) plan.push_back(test::make_assignment("v-" + std::to_string(i), "tech-a", *t, "job-" + std::to_string(i)));
        depot.assign(plan);
        for (const Assignment& a : plan) {
            test::WalkPlan walk;
            walk.salt = a.visit_id;
            visits.push_back(test::sealed_visit(a, t, walk));
        }
    }

    // The visit's files, then the visit; the visit's answer.
    httplib::Result send(httplib::Client& c, std::size_t i) const {
        for (const auto& [sha, bytes] : visits[i].files) {
            auto put = c.Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
            if (!put || (put->status != 200 && put->status != 201)) return put;
        }
        return send_record(c, i);
    }
    httplib::Result send_record(httplib::Client& c, std::size_t i) const {
        return c.Put(("/api/v1/visits/" + plan[i].visit_id).c_str(), visits[i].record, "application/json");
    }
};

}  // namespace

TEST_CASE("a real depot: 16 concurrent tablets each get their own receipt, and retries racing each other store a visit once") {
    IngestDepot d(16);
    constexpr int kSendsPerVisit = 3;  // the tablet's send and two retries, all at once
    struct SendAnswer {
        int status = 0;
        DepotReceipt receipt;
    };
    std::vector<std::vector<SendAnswer>> answers(d.visits.size(), std::vector<SendAnswer>(kSendsPerVisit));
    std::atomic<bool> go{false};
    std::vector<std::thread> senders;
    for (std::size_t i = 0; i < d.visits.size(); ++i) {
        for (int k = 0; k < kSendsPerVisit; ++k) {
            senders.emplace_back([&, i, k] {
                auto c = d.depot.client(d.token);
                while (!go) std::this_thread::yield();
                auto r = d.send(*c, i);
                if (!r) return;
                answers[i][static_cast<std::size_t>(k)].status = r->status;
                if (auto receipt = decode_receipt(r->body)) answers[i][static_cast<std::size_t>(k)].receipt = receipt.value();
            });
        }
    }
    go = true;
    for (auto& t : senders) t.join();

    std::set<std::int64_t> seqs;
    for (std::size_t i = 0; i < d.visits.size(); ++i) {
        int created = 0;
        for (const SendAnswer& a : answers[i]) {
            CHECK((a.status == 201 || a.status == 200));
            created += a.status == 201 ? 1 : 0;
            CHECK(a.receipt.visit_id == d.plan[i].visit_id);
            CHECK(a.receipt.seal == d.visits[i].seal);
            // The same receipt to every send: the one stored.
            CHECK(a.receipt.depot_seq == answers[i][0].receipt.depot_seq);
            CHECK(a.receipt.received_at_ms == answers[i][0].receipt.received_at_ms);
        }
        CHECK(created == 1);
        auto head = d.depot.store->visit_head(d.plan[i].visit_id);
        REQUIRE(head.ok());
        REQUIRE(head.value().has_value());
        CHECK(head.value()->receipt.depot_seq == answers[i][0].receipt.depot_seq);
        seqs.insert(answers[i][0].receipt.depot_seq);
    }
    CHECK(seqs.size() == d.visits.size());
    CHECK(d.depot.store->visit_count().value() == static_cast<std::int64_t>(d.visits.size()));
}

TEST_CASE("a real depot: a commit that fails answers 503 to every visit in it, and sent again, each is stored once" * FC_SQLITE_ONLY) {
    IngestDepot d(8);
    {
        auto c = d.depot.client(d.token);
        for (std::size_t i = 0; i < d.visits.size(); ++i) {
            for (const auto& [sha, bytes] : d.visits[i].files) {
                auto put = c->Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
                REQUIRE(put);
                REQUIRE(put->status == 201);
            }
        }
    }
    d.depot.store->with_db([](DepotDb& db, const std::filesystem::path&) { return sqlite3_commit_hook(db.sqlite_handle(), refuse_commit, nullptr); });
    std::vector<int> statuses(d.visits.size());
    std::vector<std::thread> senders;
    for (std::size_t i = 0; i < d.visits.size(); ++i) {
        senders.emplace_back([&, i] {
            auto c = d.depot.client(d.token);
            auto r = d.send_record(*c, i);
            statuses[i] = r ? r->status : -1;
        });
    }
    for (auto& t : senders) t.join();
    for (int status : statuses) CHECK(status == 503);
    CHECK(d.depot.store->visit_count().value() == 0);

    d.depot.store->with_db([](DepotDb& db, const std::filesystem::path&) { return sqlite3_commit_hook(db.sqlite_handle(), nullptr, nullptr); });
    auto c = d.depot.client(d.token);
    for (std::size_t i = 0; i < d.visits.size(); ++i) {
        auto r = d.send_record(*c, i);
        REQUIRE(r);
        CHECK(r->status == 201);
    }
    CHECK(d.depot.store->visit_count().value() == static_cast<std::int64_t>(d.visits.size()));
}

TEST_CASE("a real depot: token checks, HEADs and assignment pages are answered while the write lock is held") {
    IngestDepot d(1);
    std::atomic<bool> holding{false};
    std::atomic<bool> release{false};
    // with_db holds the writing connection's lock, as a long commit does.
    std::thread writer([&] {
        d.depot.store->with_db([&](DepotDb&, const std::filesystem::path&) {
            holding = true;
            while (!release) std::this_thread::yield();
            return 0;
        });
    });
    while (!holding) std::this_thread::yield();
    auto c = d.depot.client(d.token);
    // Behind the write lock these would wait until the client's read timeout and fail.
    c->set_read_timeout(20, 0);
    auto head = c->Head(("/api/v1/attachments/" + std::string(64, '0')).c_str());
    auto page = c->Get("/api/v1/assignments");
    auto templates = c->Get("/api/v1/templates");
    release = true;
    writer.join();
    REQUIRE(head);
    CHECK(head->status == 404);
    REQUIRE(page);
    CHECK(page->status == 200);
    REQUIRE(templates);
    CHECK(templates->status == 200);
}

TEST_CASE("the depot's statement cache prepares each statement once, and a nested use gets its own") {
    TempDir tmp;
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((tmp.path / "t.db").c_str(), &db) == SQLITE_OK);
    REQUIRE(exec_sql(db, "CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1), (2), (3)", "test").ok());
    {
        SqliteDepotDb statements(db, (tmp.path / "t.db").string(), SqliteDepotDb::Handle::borrowed);
        const std::string sql = "SELECT x FROM t WHERE x >= ? ORDER BY x";
        for (int round = 0; round < 3; ++round) {
            auto st = statements.prepare(sql);
            REQUIRE(st.ok());
            st->bind(1, 2);
            std::vector<std::int64_t> xs;
            while (st->next_row()) xs.push_back(st->int64(0));
            REQUIRE(st->done().ok());
            CHECK(xs == std::vector<std::int64_t>{2, 3});
        }
        CHECK(statements.prepared() == 1);
        // Bindings are cleared when a statement is given back: an unbound ? is NULL, no row matches.
        {
            auto st = statements.prepare(sql);
            REQUIRE(st.ok());
            CHECK_FALSE(st->step().value());
        }
        auto outer = statements.prepare(sql);
        REQUIRE(outer.ok());
        outer->bind(1, 1);
        REQUIRE(outer->step().value());
        auto inner = statements.prepare(sql);
        REQUIRE(inner.ok());
        inner->bind(1, 3);
        REQUIRE(inner->step().value());
        CHECK(inner->int64(0) == 3);
        CHECK(outer->int64(0) == 1);  // the outer one kept its own row
        CHECK(statements.prepared() == 1);
    }
    sqlite3_close(db);
}

}  // namespace fc
