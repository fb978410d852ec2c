// The live depot under attack: the real `fieldcheck-depot serve` on 127.0.0.1 takes a catalogue of
// hostile requests sent through raw sockets from other loopback addresses (malformed, truncated and
// non-UTF-8 visits, a 1,000,000-deep nesting, a 64 MiB body, a 2 GB chunked body, endless lines, a
// client sending one header byte a second, header floods, ids with ../ %2e%2e %2F NUL and SQL
// quotes on every id route, wrong hashes and seals, oversized, guessed and revoked tokens, 40 idle
// connections from one address), from several threads at once, while a well-behaved tablet keeps
// walking and syncing visits with photos. Every hostile request gets a 4xx or is closed (never a
// 2xx, never a 5xx but the 503 for connections over the per-address cap), every tablet pass
// succeeds, the depot's memory stays within FIELDCHECK_ATTACK_RSS_MB (20) of where it started, and
// every row and file it stored before is byte for byte what it was.
//
// Sizes: FIELDCHECK_ATTACK_SECONDS (how long the catalogue is repeated, default 12),
// FIELDCHECK_ATTACK_THREADS (attackers at once, 4), FIELDCHECK_ATTACK_STREAM_MB (the chunked body
// and the endless lines, 2048), FIELDCHECK_ATTACK_TABLET_VISITS (visits the tablet may walk, 40),
// FIELDCHECK_ATTACK_RSS_MB (the bound, 20; under ASan plus its own allowance, see below),
// FIELDCHECK_ATTACK_SKIP (comma-separated parts of attack names to leave out, for finding a culprit).
// The figures of a run (one line per attack, the RSS) are printed for docs/reliability.md.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "tests/sync/depot/depot_process.h"
#include "tests/sync/depot/hostile_client.h"
#include "sync/client/sync_client.h"
#include "sync/wire/wire_messages.h"
#include "tests/test_clock.h"
#include "tests/test_text.h"

using namespace fc;
using namespace fc::test;

namespace {

// Each attacker has its own loopback address (any 127.x reaches 127.0.0.1 on Linux), as separate
// machines in a depot yard would: the depot caps head-phase connections and slows bad tokens per
// address, so one attacker's throttling or cap must not decide another attack's expected answer,
// and the tablet on 127.0.0.1 must never feel either.
constexpr const char* kGuesser = "127.0.0.2";  // no valid token: guessed, oversized, revoked; broken heads
constexpr const char* kThief = "127.0.0.3";    // a valid token of its own technician (a stolen tablet)
constexpr const char* kHoarder = "127.0.0.4";  // opens connections and says nothing

constexpr int kHeadTimeoutS = 3;        // --request-head-timeout: short, to keep the test short
constexpr int kPerAddress = 32;         // --max-connections-per-address
constexpr int kDepotThreads = 64;       // --threads (the depot's default, given so the figures below hold)
constexpr int kIdleConnections = 40;
constexpr int kClosed = 0;              // in an expected set: closed by the depot without an answer
constexpr int kBadTokensBeforeThrottle = 10;


// Why more room for RSS under AddressSanitizer (scripts/test.sh builds the depot with it): its
// allocator keeps a region per size class that never shrinks, a cache of free chunks per thread,
// and shadow memory for both. As the depot's worker threads each come to serve every kind of
// request, that alone adds about 1 MiB per thread, whatever the requests (measured with
// FIELDCHECK_ATTACK_SECONDS=120: +68 MiB within 45 s, then flat for the remaining 75 s). The
// 20 MB bound itself holds, and is checked, in a build without ASan.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kSanitizerAllowanceKiB = kDepotThreads * 1280L;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr long kSanitizerAllowanceKiB = kDepotThreads * 1280L;
#else
constexpr long kSanitizerAllowanceKiB = 0;
#endif
#else
constexpr long kSanitizerAllowanceKiB = 0;
#endif

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}


// VmRSS of `pid` in KiB; -1 once it is gone.
long rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    }
    return -1;
}

// ---------------------------------------------------------------------------------------------
// What the depot had stored: every row of every table, and every file, to compare byte for byte.

struct StoredRow {
    std::string bytes;                          // every column, typed and length-prefixed
    std::map<std::string, std::string> text;    // column -> value as text, for naming new rows
};

struct StoredData {
    std::string schema;                                               // sqlite_schema, in order
    std::map<std::string, std::map<std::int64_t, StoredRow>> tables;  // table -> rowid -> row
    std::map<std::string, std::string> files;                         // path under the data dir -> SHA-256 ("dir" for a directory)
    std::string integrity;
};

std::string column_bytes(sqlite3_stmt* st, int i) {
    const int type = sqlite3_column_type(st, i);
    std::string out(1, static_cast<char>('0' + type));
    if (type == SQLITE_NULL) return out;
    const auto* data = type == SQLITE_BLOB ? static_cast<const char*>(sqlite3_column_blob(st, i))
                                           : reinterpret_cast<const char*>(sqlite3_column_text(st, i));
    const int size = sqlite3_column_bytes(st, i);
    out += std::to_string(size) + ":";
    if (data) out.append(data, static_cast<std::size_t>(size));
    return out;
}

// Read through SQLite's C API, read-only, as a second process would.
StoredData snapshot(const std::filesystem::path& data) {
    StoredData s;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2((data / "depot.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open depot.db read-only");
    }
    sqlite3_busy_timeout(db, 5000);
    const auto rows = [&](const std::string& sql, const std::function<void(sqlite3_stmt*)>& each) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
            const std::string why = sqlite3_errmsg(db);
            sqlite3_finalize(st);
            throw std::runtime_error(sql + ": " + why);
        }
        while (sqlite3_step(st) == SQLITE_ROW) each(st);
        sqlite3_finalize(st);
    };
    std::vector<std::string> tables;
    rows("SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name", [&](sqlite3_stmt* st) {
        for (int i = 0; i < 3; ++i) s.schema += column_bytes(st, i);
        if (std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "table") {
            tables.push_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
        }
    });
    for (const std::string& table : tables) {
        // The back office's weekly roll-ups are counts derived from the visits (the tablet's new visits
        // move them); test_office_rollups.cpp checks they equal a recount. Every stored fact is here.
        if (table == "score_weeks" || table == "cause_weeks" || table == "survey_samples") continue;
        rows("SELECT rowid, * FROM \"" + table + "\" ORDER BY rowid", [&](sqlite3_stmt* st) {
            StoredRow row;
            for (int i = 1; i < sqlite3_column_count(st); ++i) {
                row.bytes += column_bytes(st, i);
                const auto* text = sqlite3_column_text(st, i);
                row.text[sqlite3_column_name(st, i)] = text ? reinterpret_cast<const char*>(text) : "";
            }
            s.tables[table][sqlite3_column_int64(st, 0)] = std::move(row);
        });
    }
    rows("PRAGMA integrity_check", [&](sqlite3_stmt* st) { s.integrity += reinterpret_cast<const char*>(sqlite3_column_text(st, 0)); });
    sqlite3_close(db);
    for (const auto& e : std::filesystem::recursive_directory_iterator(data)) {
        const std::string rel = std::filesystem::relative(e.path(), data).string();
        if (rel.rfind("depot.db", 0) == 0) continue;  // the database and its WAL: compared row by row
        s.files[rel] = e.is_directory() ? "dir" : sha256_hex(read_file(e.path()));
    }
    return s;
}

// Every path under `root` outside `inside`.
std::set<std::string> paths_outside(const std::filesystem::path& root, const std::filesystem::path& inside) {
    std::set<std::string> out;
    for (auto it = std::filesystem::recursive_directory_iterator(root); it != std::filesystem::recursive_directory_iterator(); ++it) {
        if (it->path() == inside) {
            it.disable_recursion_pending();
            continue;
        }
        out.insert(std::filesystem::relative(it->path(), root).string());
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The catalogue.

// What every attack needs to know about the depot and the attacker's loot.
struct Target {
    int port = 0;
    std::string thief_token;    // valid: technician tech-x
    std::string revoked_token;  // was tech-a's
    std::string tablet_token;   // only its shape is borrowed, with one digit changed
    std::string x1_record;      // tech-x's own visit x-1, sealed
    std::string x1_seal;
    std::string x2_record;
    std::string stranger_record;  // a sealed visit for x-404, which the depot never assigned
    std::string v1_forged;        // tablet visit v-1 with other content, claiming tech-a
    std::uint64_t stream_bytes = 0;
};

struct Attack {
    std::string name;
    const char* from;
    std::set<int> answers;  // accepted statuses (kClosed: a close without an answer)
    std::function<std::vector<Exchange>(const Target&)> run;
    std::uint64_t cut_off_by = 0;  // >0: the depot must hang up before the request ends, by this many bytes
    double close_within_s = 0;     // >0: the exchange must end within this many seconds
    bool must_close = false;       // an answer must say "Connection: close" (the depot leaves bytes unread)
    // Whatever else must hold over one run's exchanges; returns a problem, "" when fine.
    std::function<std::string(const std::vector<Exchange>&)> also = nullptr;
};

std::string request(const std::string& method, const std::string& target, const std::vector<std::string>& headers,
                    const std::string& body = {}) {
    std::string r = method + " " + target + " HTTP/1.1\r\nHost: depot\r\n";
    for (const auto& h : headers) r += h + "\r\n";
    if (!body.empty() || method == "PUT") r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    r += "\r\n" + body;
    return r;
}

std::string bearer(const std::string& token) { return "Authorization: Bearer " + token; }

std::string random_hex(std::size_t n) {
    static std::mutex m;
    static std::mt19937_64 random(std::random_device{}());
    std::lock_guard lock(m);
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += "0123456789abcdef"[random() % 16];
    return s;
}

// One request on its own connection.
std::function<std::vector<Exchange>(const Target&)> one(const char* from, std::function<Outgoing(const Target&)> make,
                                                        double deadline_s = 10) {
    return [from, make, deadline_s](const Target& t) { return std::vector<Exchange>{exchange(from, t.port, make(t), deadline_s)}; };
}

std::function<std::vector<Exchange>(const Target&)> one_whole(const char* from, std::function<std::string(const Target&)> make) {
    return one(from, [make](const Target& t) { return whole(make(t)); });
}

// `record` with the first occurrence of `what` replaced by `with` (the attack's mutation).
std::string mutate(std::string record, const std::string& what, const std::string& with) {
    const auto at = record.find(what);
    if (at == std::string::npos) throw std::runtime_error("the record holds no '" + what + "' to mutate");
    return record.replace(at, what.size(), with);
}

std::vector<Attack> catalogue() {
    std::vector<Attack> list;
    const std::set<int> refused_token = {401, 429};
    // A header past the depot's 64 KiB head limit is refused before the token is looked at.
    const std::set<int> refused_head = {400, 431};
    const std::set<int> refused_big_token = {400, 401, 429, 431};
    const auto visit_put = [](const Target& t, const std::string& id, const std::string& body) {
        return request("PUT", "/api/v1/visits/" + id, {bearer(t.thief_token), "Content-Type: application/json"}, body);
    };

    // --- bodies of visits, with a valid token ---
    const auto body_attack = [&](const std::string& name, std::set<int> answers, std::function<std::string(const Target&)> body) {
        list.push_back({name, kThief, std::move(answers), one_whole(kThief, [visit_put, body](const Target& t) { return visit_put(t, "x-1", body(t)); })});
    };
    body_attack("malformed JSON visit", {400}, [](const Target&) { return std::string(R"({"visit_id":"x-1",,"seal":})"); });
    body_attack("truncated JSON visit (first half)", {400}, [](const Target& t) { return t.x1_record.substr(0, t.x1_record.size() / 2); });
    body_attack("truncated JSON visit (last byte missing)", {400}, [](const Target& t) { return t.x1_record.substr(0, t.x1_record.size() - 1); });
    body_attack("binary junk as a visit", {400}, [](const Target&) {
        std::string junk;
        for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 151 + 7) & 0xff);
        return junk;
    });
    body_attack("empty visit body", {400}, [](const Target&) { return std::string(); });
    body_attack("invalid UTF-8 byte 0xFF in a string", {400}, [](const Target& t) { return mutate(t.x1_record, "Test-Klant", "Test\xff-Klant"); });
    body_attack("overlong UTF-8 (C0 AF) in a string", {400}, [](const Target& t) { return mutate(t.x1_record, "Test-Klant", "Test\xc0\xaf-Klant"); });
    body_attack("UTF-16 surrogate as UTF-8 (ED A0 80)", {400}, [](const Target& t) { return mutate(t.x1_record, "Test-Klant", "Test\xed\xa0\x80-Klant"); });
    body_attack("lone surrogate escape \\ud800", {400}, [](const Target& t) { return mutate(t.x1_record, "Test-Klant", "Test\\ud800-Klant"); });
    body_attack("1,000,000-deep [ nesting", {400}, [](const Target&) { return std::string(1'000'000, '['); });
    body_attack("1,000,000-deep [ ] balanced", {400}, [](const Target&) { return std::string(1'000'000, '[') + std::string(1'000'000, ']'); });
    body_attack("visit record 1 byte over 4 MiB", {413}, [](const Target&) { return std::string((4u << 20) + 1, ' '); });
    body_attack("wrong visit seal", {400, 409, 422}, [](const Target& t) { return mutate(t.x1_record, t.x1_seal, sha256_hex("forged")); });
    body_attack("visit x-2 sent as x-1", {400}, [](const Target& t) { return t.x2_record; });
    list.push_back({"someone else's stored visit, other content", kThief, {403, 409},
                    one_whole(kThief, [visit_put](const Target& t) { return visit_put(t, "v-1", t.v1_forged); })});
    list.push_back({"a visit the depot never assigned", kThief, {422},
                    one_whole(kThief, [visit_put](const Target& t) { return visit_put(t, "x-404", t.stranger_record); })});

    // --- bodies too large or never ending, with a valid token ---
    const std::uint64_t mib = 1u << 20;
    list.push_back({"64 MiB body (Content-Length) to a visit", kThief, {413, kClosed},
                    one(kThief, [](const Target& t) {
                        return head_and_filler("PUT /api/v1/visits/x-1 HTTP/1.1\r\nHost: depot\r\n" + bearer(t.thief_token) +
                                                   "\r\nContent-Length: " + std::to_string(64 * mib) + "\r\n\r\n",
                                               64 * mib, ' ');
                    }, 30)});
    list.push_back({"64 MiB body (Content-Length) to an attachment", kThief, {413, kClosed},
                    one(kThief, [](const Target& t) {
                        return head_and_filler("PUT /api/v1/attachments/" + sha256_hex("64 MiB of x") + " HTTP/1.1\r\nHost: depot\r\n" +
                                                   bearer(t.thief_token) + "\r\nContent-Length: " + std::to_string(64 * mib) + "\r\n\r\n",
                                               64 * mib, 'x');
                    }, 30)});
    list.push_back({"64 MiB body (Content-Length) to GET /healthz", kGuesser, {413, kClosed},
                    one(kGuesser, [](const Target&) {
                        return head_and_filler("GET /healthz HTTP/1.1\r\nHost: depot\r\nContent-Length: " + std::to_string(64 * mib) + "\r\n\r\n",
                                               64 * mib, ' ');
                    }, 30)});
    list.push_back({"Content-Length 2 GiB announced to a visit", kThief, {413, kClosed},
                    one(kThief, [](const Target& t) {
                        return head_and_filler("PUT /api/v1/visits/x-1 HTTP/1.1\r\nHost: depot\r\n" + bearer(t.thief_token) +
                                                   "\r\nContent-Length: 2147483648\r\n\r\n",
                                               2048 * mib, ' ');
                    }, 30), 80 * mib});
    list.push_back({"2 GB chunked body to a visit", kThief, {413, kClosed},
                    one(kThief, [](const Target& t) {
                        return head_and_chunks("PUT /api/v1/visits/x-1 HTTP/1.1\r\nHost: depot\r\n" + bearer(t.thief_token) +
                                                   "\r\nTransfer-Encoding: chunked\r\n\r\n",
                                               t.stream_bytes);
                    }, 30), 80 * mib});
    list.push_back({"2 GB chunked body to an attachment", kThief, {413, kClosed},
                    one(kThief, [](const Target& t) {
                        return head_and_chunks("PUT /api/v1/attachments/" + sha256_hex("2 GB") + " HTTP/1.1\r\nHost: depot\r\n" +
                                                   bearer(t.thief_token) + "\r\nTransfer-Encoding: chunked\r\n\r\n",
                                               t.stream_bytes);
                    }, 30), 80 * mib});
    list.push_back({"chunk-size line that never ends", kThief, {400, 413, kClosed},
                    one(kThief, [](const Target& t) {
                        return head_and_filler("PUT /api/v1/visits/x-1 HTTP/1.1\r\nHost: depot\r\n" + bearer(t.thief_token) +
                                                   "\r\nTransfer-Encoding: chunked\r\n\r\n",
                                               t.stream_bytes, '0');
                    }, 30), 8 * mib});
    list.push_back({"chunk size that is not hex", kThief, {400, kClosed},
                    one_whole(kThief, [](const Target& t) {
                        return "PUT /api/v1/visits/x-1 HTTP/1.1\r\nHost: depot\r\n" + bearer(t.thief_token) +
                               "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n";
                    })});
    for (const char* length : {"abc", "-1", "99999999999999999999", "1e3"}) {
        list.push_back({std::string("Content-Length: ") + length, kThief, {400, kClosed},
                        one_whole(kThief, [length](const Target& t) {
                            return "PUT /api/v1/visits/x-1 HTTP/1.1\r\nHost: depot\r\n" + bearer(t.thief_token) + "\r\nContent-Length: " +
                                   length + "\r\n\r\n{}";
                        })});
    }
    {
        Attack broken_off{"attachment upload broken off half-way", kThief, {kClosed}, nullptr};
        broken_off.run = one(kThief, [](const Target& t) {
            Outgoing o = head_and_filler("PUT /api/v1/attachments/" + sha256_hex(std::string(100'000, 'h')) + " HTTP/1.1\r\nHost: depot\r\n" +
                                             bearer(t.thief_token) + "\r\nContent-Length: 100000\r\n\r\n",
                                         50'000, 'h');
            o.hang_up_after = true;
            return o;
        });
        list.push_back(broken_off);
    }

    // --- attachments whose bytes do not match their name ---
    list.push_back({"attachment body not matching its SHA-256", kThief, {400},
                    one_whole(kThief, [](const Target& t) {
                        return request("PUT", "/api/v1/attachments/" + sha256_hex("the truth"), {bearer(t.thief_token)}, "a lie");
                    })});
    list.push_back({"attachment named by uppercase SHA-256", kThief, {400},
                    one_whole(kThief, [](const Target& t) {
                        std::string sha = sha256_hex("upper");
                        for (char& c : sha) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                        return request("PUT", "/api/v1/attachments/" + sha, {bearer(t.thief_token)}, "upper");
                    })});
    list.push_back({"attachment 32 MiB + 1", kThief, {413, kClosed},
                    one(kThief, [](const Target& t) {
                        const std::uint64_t size = 32 * (1u << 20) + 1;
                        return head_and_filler("PUT /api/v1/attachments/" + sha256_hex("too big") + " HTTP/1.1\r\nHost: depot\r\n" +
                                                   bearer(t.thief_token) + "\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n",
                                               size, 'b');
                    }, 30)});

    // --- hostile ids on every id route, with a valid token: the shape check, never SQL or a file ---
    const std::vector<std::pair<std::string, std::string>> ids = {
        {"../", "../../../etc/passwd"},
        {"../ to depot.db", "..%2F..%2Fdepot.db"},
        {"%2e%2e", "%2e%2e%2f%2e%2e%2fdepot.db"},
        {"%2e%2e alone", "%2e%2e"},
        {"%2F inside", "x-1%2Fx-2"},
        {"NUL (%00)", "x-1%00"},
        {"SQL quotes", "x-1'%3B%20DROP%20TABLE%20visits%3B--"},
        {"SQL quotes, no spaces", "'OR'1'='1"},
        {"65 characters", std::string(65, 'z')},  // not hex either: no assignment cursor
    };
    for (const auto& [label, id] : ids) {
        list.push_back({"id " + label + " on every id route", kThief, {400, 404}, [id = id](const Target& t) {
                            const std::vector<std::pair<std::string, Outgoing>> routes = {
                                {"", whole(request("GET", "/api/v1/templates/" + id + "/1", {bearer(t.thief_token)}))},
                                {"", whole(request("GET", "/api/v1/templates/" + std::string(kTemplateName) + "/" + id, {bearer(t.thief_token)}))},
                                {"", whole(request("GET", "/api/v1/attachments/" + id, {bearer(t.thief_token)}))},
                                {"HEAD", whole(request("HEAD", "/api/v1/attachments/" + id, {bearer(t.thief_token)}))},
                                {"", whole(request("PUT", "/api/v1/attachments/" + id, {bearer(t.thief_token)}, "bytes"))},
                                {"", whole(request("PUT", "/api/v1/visits/" + id, {bearer(t.thief_token)}, t.x1_record))},
                                {"", whole(request("GET", "/api/v1/assignments?since=" + id, {bearer(t.thief_token)}))},
                            };
                            std::vector<Exchange> out;
                            for (auto [method, o] : routes) {
                                o.answer_has_body = method != "HEAD";
                                out.push_back(exchange(kThief, t.port, o, 10));
                            }
                            return out;
                        }});
    }
    list.push_back({"raw NUL byte in the request line", kThief, {400, 404, kClosed},
                    one_whole(kThief, [](const Target& t) {
                        return request("GET", std::string("/api/v1/attachments/ab\0cd", 25), {bearer(t.thief_token)});
                    })});

    // --- tokens ---
    list.push_back({"1 MiB Authorization header", kGuesser, refused_big_token,
                    one_whole(kGuesser, [](const Target&) { return request("GET", "/api/v1/assignments", {bearer(std::string(1u << 20, 'a'))}); })});
    list.push_back({"100 KB token", kGuesser, refused_big_token,
                    one_whole(kGuesser, [](const Target&) { return request("GET", "/api/v1/assignments", {bearer(std::string(100'000, 'b'))}); })});
    list.push_back({"64 random hex digits as a token", kGuesser, refused_token,
                    one_whole(kGuesser, [](const Target&) { return request("GET", "/api/v1/templates", {bearer(random_hex(64))}); })});
    list.push_back({"the tablet's token with one digit changed", kGuesser, refused_token,
                    one_whole(kGuesser, [](const Target& t) {
                        std::string token = t.tablet_token;
                        token.back() = token.back() == '0' ? '1' : '0';
                        return request("GET", "/api/v1/assignments", {bearer(token)});
                    })});
    list.push_back({"revoked token", kGuesser, refused_token,
                    one_whole(kGuesser, [](const Target& t) { return request("GET", "/api/v1/assignments", {bearer(t.revoked_token)}); })});
    list.push_back({"revoked token uploading a visit", kGuesser, refused_token,
                    one_whole(kGuesser, [](const Target& t) {
                        return request("PUT", "/api/v1/visits/v-1", {bearer(t.revoked_token)}, t.v1_forged);
                    })});
    list.push_back({"Basic credentials instead of a token", kGuesser, refused_token,
                    one_whole(kGuesser, [](const Target&) { return request("GET", "/api/v1/templates", {"Authorization: Basic dGVjaDpzZWNyZXQ="}); })});
    list.push_back({"no token, chunked upload", kGuesser, {401, 429, kClosed},
                    one(kGuesser, [](const Target& t) {
                        return head_and_chunks("PUT /api/v1/visits/v-1 HTTP/1.1\r\nHost: depot\r\nTransfer-Encoding: chunked\r\n\r\n", t.stream_bytes);
                    }, 30), 80 * mib});
    {
        Attack storm{std::to_string(2 * kBadTokensBeforeThrottle) + " guessed tokens in a row", kGuesser, refused_token, nullptr};
        storm.run = [](const Target& t) {
            std::vector<Exchange> out;
            for (int i = 0; i < 2 * kBadTokensBeforeThrottle; ++i) {
                out.push_back(exchange(kGuesser, t.port, whole(request("GET", "/api/v1/assignments", {bearer(random_hex(64))})), 10));
            }
            return out;
        };
        // More than kBadTokensBeforeThrottle from one address: slowed down with 429 and a Retry-After.
        storm.also = [](const std::vector<Exchange>& xs) -> std::string {
            int throttled = 0;
            for (const Exchange& x : xs) {
                if (x.status != 429) continue;
                ++throttled;
                if (x.header("Retry-After").empty()) return "a 429 without Retry-After";
            }
            return throttled > 0 ? "" : "no 429 after " + std::to_string(xs.size()) + " bad tokens from one address";
        };
        list.push_back(storm);
    }

    // --- heads ---
    list.push_back({"10,000 header lines", kGuesser, refused_head, one_whole(kGuesser, [](const Target&) {
                        std::vector<std::string> flood;
                        for (int i = 0; i < 10'000; ++i) flood.push_back("X-Flood-" + std::to_string(i) + ": " + std::to_string(i));
                        return request("GET", "/healthz", flood);
                    })});
    list.push_back({"one 1 MiB header line", kGuesser, refused_head,
                    one_whole(kGuesser, [](const Target&) { return request("GET", "/healthz", {"X-Big: " + std::string(1u << 20, 'h')}); })});
    list.push_back({"1 MiB request target", kGuesser, {400, 414, kClosed},
                    one_whole(kGuesser, [](const Target&) { return request("GET", "/healthz?" + std::string(1u << 20, 'q'), {}); })});
    list.push_back({"header line that never ends", kGuesser, {400, 431, kClosed},
                    one(kGuesser, [](const Target& t) { return head_and_filler("GET /healthz HTTP/1.1\r\nHost: depot\r\nX-Endless: ", t.stream_bytes, 'e'); },
                        30),
                    8 * mib});
    list.push_back({"request line that never ends", kGuesser, {400, 414, kClosed},
                    one(kGuesser, [](const Target& t) { return head_and_filler("GET /", t.stream_bytes, 'r'); }, 30), 8 * mib});
    list.push_back({"TLS handshake bytes to the HTTP port", kGuesser, {400, kClosed},
                    one_whole(kGuesser, [](const Target&) { return std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + std::string(500, '\x42'); })});
    list.push_back({"unknown method", kGuesser, {400, 404, 405},
                    one_whole(kGuesser, [](const Target&) { return request("BREW", "/healthz", {}); })});
    {
        // One byte a second: the head is never whole; the depot must hang up after its head timeout.
        Attack slow{"one header byte per second", kGuesser, {408, kClosed}, nullptr, 0, kHeadTimeoutS + 2.0};
        slow.run = one(kGuesser, [](const Target&) {
            return drip("GET /healthz HTTP/1.1\r\nHost: depot\r\nX-Slow: " + std::string(200, 's') + "\r\n\r\n", 1000);
        }, kHeadTimeoutS + 8.0);
        list.push_back(slow);
    }

    // --- connections that say nothing ---
    {
        Attack hoard{std::to_string(kIdleConnections) + " idle connections from one address", kHoarder, {503, 408, kClosed}, nullptr, 0,
                     kHeadTimeoutS + 2.0};
        hoard.run = [](const Target& t) { return idle_connections(kHoarder, t.port, kIdleConnections, kHeadTimeoutS + 8.0); };
        hoard.also = [](const std::vector<Exchange>& xs) -> std::string {
            int busy = 0;
            for (const Exchange& x : xs) {
                if (x.status != 503) continue;
                ++busy;
                if (x.answer_s > 2.0) return "a 503 came only after " + std::to_string(x.answer_s) + " s";
            }
            if (busy != kIdleConnections - kPerAddress) {
                return std::to_string(busy) + " connections got 503, expected " + std::to_string(kIdleConnections - kPerAddress) +
                       " (those over the cap of " + std::to_string(kPerAddress) + ")";
            }
            return "";
        };
        list.push_back(hoard);
    }

    // Refusals that leave request bytes unread, or a head or body the depot gave up on: the answer
    // must end the connection, so none of those bytes is ever taken for a next request.
    const std::set<std::string> closing = {
        "64 MiB body (Content-Length) to GET /healthz", "Content-Length 2 GiB announced to a visit", "2 GB chunked body to a visit",
        "2 GB chunked body to an attachment", "chunk-size line that never ends", "chunk size that is not hex",
        "Content-Length: abc", "Content-Length: -1", "Content-Length: 99999999999999999999", "Content-Length: 1e3",
        "1 MiB Authorization header", "100 KB token", "no token, chunked upload", "10,000 header lines", "one 1 MiB header line",
        "1 MiB request target", "header line that never ends", "request line that never ends", "TLS handshake bytes to the HTTP port",
    };
    for (Attack& a : list) a.must_close = closing.count(a.name) == 1;
    return list;
}

// Why one exchange is not what the attack allows; "" when it is.
std::string judge(const Attack& a, const Exchange& x) {
    std::ostringstream why;
    if (!x.failure.empty()) return "no connection: " + x.failure;
    // Once the guesser has sent more than kBadTokensBeforeThrottle bad tokens, the depot may slow
    // everything from its address down: a 429 is a refusal like any other 4xx.
    if (std::string(a.from) == kGuesser && x.status == 429 && x.answered) return "";
    if (x.status >= 200 && x.status < 300) why << "answered " << x.status << " (a 2xx to a hostile request); ";
    if (x.status >= 500 && !a.answers.count(x.status)) why << "answered " << x.status << "; ";
    if (x.status != 0 && !a.answers.count(x.status)) why << "status " << x.status << " not among the expected; ";
    if (x.status == 0 && !x.hung_up) {
        if (x.timed_out) why << "neither answered nor closed within " << x.seconds << " s; ";
        else if (!a.answers.count(kClosed)) why << "closed without an answer; ";
    }
    if (x.hung_up && !a.answers.count(kClosed)) why << "we hung up before any answer; ";
    if (x.answered && a.must_close && !x.says_close) why << "the answer keeps the connection open; ";
    // Bytes of a refused request left unread must never be read as the next request.
    if (x.answered && x.says_close && !x.closed_by_depot) why << "the answer says Connection: close, the connection stayed open; ";
    if (a.cut_off_by > 0) {
        if (x.all_sent) why << "the depot took the whole " << x.bytes_sent << "-byte request; ";
        if (x.bytes_sent > a.cut_off_by) why << "the depot took " << x.bytes_sent << " bytes before it stopped, more than " << a.cut_off_by << "; ";
    }
    if (a.close_within_s > 0 && x.seconds > a.close_within_s && !(x.answered && x.status == 503)) {
        why << "ended after " << x.seconds << " s, later than " << a.close_within_s << " s; ";
    }
    return why.str();
}

struct AttackRun {
    std::size_t attack = 0;
    std::vector<Exchange> exchanges;
    double start_s = 0, end_s = 0;  // from the attack's start
};

// The tablet's side: one sync pass and what it proved.
struct TabletPass {
    std::string visit_id;  // the visit walked before this pass ("" when all were sent)
    std::string problem;   // "" when the pass did what it must
    double start_s = 0, end_s = 0;  // the sync itself (not the walk), from the attack's start
};

std::string describe(const Exchange& x) {
    std::ostringstream s;
    s << "status " << x.status << ", " << x.bytes_sent << " bytes sent, " << x.seconds << " s"
      << (x.closed_by_depot ? ", closed by the depot" : "") << (x.timed_out ? ", timed out" : "") << (x.all_sent ? ", all sent" : "");
    return s.str();
}

std::string human_bytes(std::uint64_t n) {
    char buf[32];
    if (n >= (1u << 20)) std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(n) / (1u << 20));
    else if (n >= 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(n) / 1024);
    else std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
    return buf;
}

}  // namespace

TEST_CASE("a live depot under attack answers every hostile request with a 4xx or a close, keeps its memory within "
          "20 MB, keeps serving a tablet and keeps every stored byte") {
    REQUIRE_MESSAGE(std::filesystem::exists(depot_binary()), "build fieldcheck-depot first: " << depot_binary());
    const double attack_seconds = static_cast<double>(fc::test::env_number("FIELDCHECK_ATTACK_SECONDS", 12));
    const int attackers = static_cast<int>(fc::test::env_number("FIELDCHECK_ATTACK_THREADS", 4));
    const long rss_limit_kib = static_cast<long>(fc::test::env_number("FIELDCHECK_ATTACK_RSS_MB", 20)) * 1024;
    const int tablet_visits = static_cast<int>(fc::test::env_number("FIELDCHECK_ATTACK_TABLET_VISITS", 40));

    TempDir tmp;
    const auto data = tmp.path / "depot";
    const auto t = repo_template(kTemplateName);
    {
        auto store = DepotStore::open(test_depot_location(data));
        REQUIRE(store.ok());
        REQUIRE(store.value()->import_template(*t, 1).ok());
        std::vector<Assignment> plan;
        // One job per visit: storing one visit then bumps no other assignment's sequence number.
        for (int i = 1; i <= tablet_visits; ++i) plan.push_back(make_assignment("v-" + std::to_string(i), "tech-a", *t, "job-v" + std::to_string(i)));
        plan.push_back(make_assignment("x-1", "tech-x", *t, "job-x1"));
        plan.push_back(make_assignment("x-2", "tech-x", *t, "job-x2"));
        REQUIRE(store.value()->put_assignments(plan, 1).ok());
    }
    const auto create_token = [&](const std::string& technician, const std::string& device) {
        const CommandResult r = run_depot({"token", "create", "--data", data.string(), "--technician", technician, "--device", device});
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        return fc::test::trim_line_end(r.out);
    };
    Target target;
    target.tablet_token = create_token("tech-a", "tablet 1");
    target.thief_token = create_token("tech-x", "stolen tablet");
    target.revoked_token = create_token("tech-a", "lost tablet");
    REQUIRE(run_depot({"token", "revoke", "--data", data.string(), target.revoked_token}).exit_code == 0);
    target.stream_bytes = fc::test::env_number("FIELDCHECK_ATTACK_STREAM_MB", 2048) << 20;
    {
        WalkPlan plan;
        plan.salt = "x-1";
        const SealedVisit x1 = sealed_visit(make_assignment("x-1", "tech-x", *t, "job-x1"), t, plan);
        target.x1_record = x1.record;
        target.x1_seal = x1.seal;
        target.x2_record = sealed_visit(make_assignment("x-2", "tech-x", *t, "job-x2"), t).record;
        target.stranger_record = sealed_visit(make_assignment("x-404", "tech-x", *t, "job-x404"), t).record;
        plan.salt = "forged";
        target.v1_forged = sealed_visit(make_assignment("v-1", "tech-a", *t, "job-v1"), t, plan).record;
    }
    // The mutations below need these in the record.
    REQUIRE(target.x1_record.find("Test-Klant") != std::string::npos);
    REQUIRE(target.x1_record.find(target.x1_seal) != std::string::npos);

    // Why quarantine_size_mb=0: under AddressSanitizer (scripts/test.sh builds everything with it)
    // freed blocks are held in a quarantine of up to 256 MB to catch use-after-free, so the
    // depot's RSS would grow with every request whatever the depot does; the check here is about
    // the depot keeping memory, so the child frees for real. The options are ignored without ASan.
    const char* inherited = std::getenv("ASAN_OPTIONS");
    const std::string asan = "ASAN_OPTIONS=" + std::string(inherited && *inherited ? std::string(inherited) + ":" : "") +
                             "quarantine_size_mb=0:thread_local_quarantine_size_kb=0";
    TempDir logs;
    const auto log = logs.path / "depot.log";
    DepotProcess depot(data,
                       {"--request-head-timeout", std::to_string(kHeadTimeoutS), "--max-connections-per-address", std::to_string(kPerAddress),
                        "--threads", std::to_string(kDepotThreads)},
                       {asan}, log);
    target.port = depot.port;

    // The well-behaved tablet, warmed up: enrolled, its day fetched, one visit sent.
    TempDir tablet_dir;
    auto opened = DeviceStore::open(tablet_dir.path / "tablet", fc::test::still_clock());
    REQUIRE(opened.ok());
    std::unique_ptr<DeviceStore> tablet = std::move(opened).value();
    REQUIRE(enroll_with_depot(*tablet, depot.url(), target.tablet_token).ok());
    pin_depot_key_of(*tablet, data);
    std::set<std::string> tablet_files;  // SHA-256 of every photo and signature the tablet made
    const auto walk = [&](const std::string& id) -> Status {
        auto loaded = tablet->load_visit(id);
        if (!loaded) return loaded.error();
        Visit v = std::move(loaded).value();
        WalkPlan plan;
        plan.photo_bytes = 200 * 1024;
        plan.signature_bytes = 20 * 1024;
        plan.salt = "tablet " + id;
        WalkSinks sinks;
        sinks.record = [&](const Visit& after, const Events& events) { return tablet->append_events(after, events); };
        sinks.attach = [&](const std::string& bytes) {
            auto sha = tablet->put_attachment(bytes, "image/jpeg");
            if (sha) tablet_files.insert(sha.value());
            return sha;
        };
        return walk_visit(v, plan, sinks);
    };
    const auto sync_pass = [&](const std::string& walked) -> std::string {
        SyncOptions o;
        o.ignore_backoff = true;
        auto r = sync_with_depot(*tablet, o);
        if (!r) return "the pass could not start: " + r.error().message;
        if (!r->depot_reached) return "the depot was not reached";
        if (!r->problems.empty()) return "problem: " + r->problems.front();
        if (r->set_aside || r->retry_later) return "a visit was set aside or kept for later";
        if (walked.empty()) return r->sent == 0 ? "" : "sent a visit nobody walked";
        if (r->sent != 1) return "sent " + std::to_string(r->sent) + " visits, expected 1";
        auto outbox = tablet->outbox();
        if (!outbox) return outbox.error().message;
        for (const OutboxItem& item : outbox.value()) {
            if (item.visit_id != walked) continue;
            if (item.state != OutboxState::Sent) return walked + " is not marked sent";
            auto receipt = decode_receipt(item.receipt);
            if (!receipt || receipt->visit_id != walked || receipt->seal != item.seal) return walked + " has no matching receipt";
            return "";
        }
        return walked + " is not in the outbox";
    };
    {
        SyncOptions o;
        o.ignore_backoff = true;
        auto down = sync_with_depot(*tablet, o);
        REQUIRE(down.ok());
        REQUIRE(down->assignments_received == tablet_visits);
        REQUIRE(walk("v-1").ok());
        const std::string warm = sync_pass("v-1");
        REQUIRE_MESSAGE(warm.empty(), warm);
    }
    std::set<std::string> tablet_visits_sent = {"v-1"};

    const long rss_start = rss_kib(depot.pid);
    REQUIRE(rss_start > 0);
    const StoredData before = snapshot(data);
    REQUIRE(before.integrity == "ok");
    const std::set<std::string> outside_before = paths_outside(tmp.path, data);

    // --- the attack, with the tablet syncing and the RSS sampled all along ---
    std::vector<Attack> attacks = catalogue();
    // FIELDCHECK_ATTACK_SKIP=a,b leaves out the attacks whose names contain a or b (to find which
    // one costs memory, in a long run); the CI run leaves out nothing.
    if (const char* skip = std::getenv("FIELDCHECK_ATTACK_SKIP"); skip && *skip) {
        std::stringstream words(skip);
        for (std::string word; std::getline(words, word, ',');) {
            std::erase_if(attacks, [&](const Attack& a) { return !word.empty() && a.name.find(word) != std::string::npos; });
        }
        MESSAGE("FIELDCHECK_ATTACK_SKIP=" << std::string(skip) << ": " << attacks.size() << " attacks left");
    }
    REQUIRE_FALSE(attacks.empty());
    std::atomic<bool> attack_over{false};
    std::atomic<long> rss_max{rss_start};
    std::atomic<int> rss_samples{0};
    const auto attack_start = std::chrono::steady_clock::now();
    std::string rss_each_second;  // the curve, for the figures: does it level off or keep climbing?
    std::thread sampler([&] {
        while (!attack_over) {
            const long now = rss_kib(depot.pid);
            if (now > rss_max) rss_max = now;
            if (rss_samples++ % 10 == 0) rss_each_second += " " + std::to_string(now / 1024);
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    std::vector<TabletPass> passes;
    std::thread tablet_thread([&] {
        int next = 2;
        while (!attack_over) {
            TabletPass pass;
            if (next <= tablet_visits) {
                pass.visit_id = "v-" + std::to_string(next++);
                if (Status s = walk(pass.visit_id); !s) pass.problem = "walking " + pass.visit_id + ": " + s.error().message;
            }
            pass.start_s = seconds_since(attack_start);
            if (pass.problem.empty()) pass.problem = sync_pass(pass.visit_id);
            pass.end_s = seconds_since(attack_start);
            passes.push_back(pass);
            // Every visit sent: the tablet still checks in, as its background sync would, not in a busy loop.
            if (pass.visit_id.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
    });
    std::mutex runs_mutex;
    std::vector<AttackRun> runs;
    std::atomic<std::size_t> next_attack{0};
    // No attack runs twice at once: two floods of idle connections from one address would make
    // each other's 503s, and the catalogue's expected answers are for one run.
    std::vector<std::atomic<bool>> running(attacks.size());
    std::vector<std::thread> attacker_threads;
    for (int i = 0; i < attackers; ++i) {
        attacker_threads.emplace_back([&] {
            for (;;) {
                const std::size_t n = next_attack++;
                // Every attack once, then round after round until the time is up.
                if (n >= attacks.size() && seconds_since(attack_start) >= attack_seconds) return;
                AttackRun run;
                run.attack = n % attacks.size();
                if (running[run.attack].exchange(true)) continue;
                run.start_s = seconds_since(attack_start);
                try {
                    run.exchanges = attacks[run.attack].run(target);
                } catch (const std::exception& e) {
                    Exchange broken;
                    broken.failure = std::string("the attack itself failed: ") + e.what();
                    run.exchanges.push_back(broken);
                }
                running[run.attack] = false;
                run.end_s = seconds_since(attack_start);
                std::lock_guard lock(runs_mutex);
                runs.push_back(std::move(run));
            }
        });
    }
    for (auto& th : attacker_threads) th.join();
    const double attack_s = seconds_since(attack_start);
    attack_over = true;
    sampler.join();
    tablet_thread.join();

    // The depot is still the same process, alive.
    int wait_status = 0;
    REQUIRE_MESSAGE(waitpid(depot.pid, &wait_status, WNOHANG) == 0, "the depot died during the attack");
    const long rss_end = rss_kib(depot.pid);

    // --- every hostile request got what the catalogue allows ---
    std::map<std::size_t, std::vector<const AttackRun*>> by_attack;
    for (const AttackRun& run : runs) by_attack[run.attack].push_back(&run);
    std::ostringstream table;
    table << "\n| attack | from | runs | answers | bytes sent before the end (max) | time (max) | tablet syncs meanwhile |\n"
             "|---|---|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < attacks.size(); ++i) {
        const Attack& a = attacks[i];
        CAPTURE(a.name);
        REQUIRE_MESSAGE(by_attack.count(i) == 1, a.name << " never ran");
        std::map<std::string, int> answers;
        std::uint64_t max_bytes = 0;
        double max_s = 0;
        int overlapping = 0;  // tablet syncs that ran while this attack did
        for (const TabletPass& pass : passes) {
            for (const AttackRun* run : by_attack[i]) {
                if (pass.start_s < run->end_s && run->start_s < pass.end_s) {
                    ++overlapping;
                    break;
                }
            }
        }
        for (const AttackRun* run : by_attack[i]) {
            for (const Exchange& x : run->exchanges) {
                const std::string problem = judge(a, x);
                CHECK_MESSAGE(problem.empty(), a.name << ": " << problem << " (" << describe(x) << ")");
                answers[x.status ? std::to_string(x.status) : x.hung_up ? "we hung up" : x.timed_out ? "no end" : "closed"]++;
                max_bytes = std::max(max_bytes, x.bytes_sent);
                max_s = std::max(max_s, x.seconds);
            }
            if (a.also) {
                const std::string problem = a.also(run->exchanges);
                CHECK_MESSAGE(problem.empty(), a.name << ": " << problem);
            }
        }
        std::string answer_text;
        for (const auto& [status, count] : answers) answer_text += (answer_text.empty() ? "" : ", ") + status + " ×" + std::to_string(count);
        char time[32];
        std::snprintf(time, sizeof time, "%.2f s", max_s);
        table << "| " << a.name << " | " << a.from << " | " << by_attack[i].size() << " | " << answer_text << " | " << human_bytes(max_bytes)
              << " | " << time << " | " << overlapping << " |\n";
        // The hoarded connections are the attack most likely to starve others: the tablet must have synced through one.
        if (std::string_view(a.from) == kHoarder) CHECK_MESSAGE(overlapping >= 1, "no tablet sync ran while " << a.name << " did");
    }

    // --- the tablet kept syncing, every pass ---
    int walked = 0;
    for (const TabletPass& pass : passes) {
        CHECK_MESSAGE(pass.problem.empty(), "tablet pass for " << (pass.visit_id.empty() ? "(nothing new)" : pass.visit_id) << ": " << pass.problem);
        if (!pass.visit_id.empty()) {
            ++walked;
            tablet_visits_sent.insert(pass.visit_id);
        }
    }
    CHECK_MESSAGE(walked >= 2, "the tablet walked and sent only " << walked << " visits during the attack");
    CHECK(every_sealed_visit_acknowledged(*tablet).value());

    // --- memory ---
    CHECK_MESSAGE(rss_max - rss_start <= rss_limit_kib + kSanitizerAllowanceKiB,
                  "the depot's RSS grew from " << rss_start / 1024 << " MiB to " << rss_max / 1024 << " MiB (allowed: "
                                               << (rss_limit_kib + kSanitizerAllowanceKiB) / 1024 << " MiB more)");

    // --- nothing personal in the log ---
    const std::string log_text = read_file(log);
    for (const std::string& secret : {target.tablet_token, target.thief_token, target.revoked_token, std::string("Test-Klant")}) {
        CHECK_MESSAGE(log_text.find(secret) == std::string::npos, "the depot's log holds '" << secret.substr(0, 12) << "...'");
    }

    // An orderly stop (under ASan the leak check runs here too).
    CHECK(depot.stop() == 0);

    // --- the stored data: every earlier row and file as it was, nothing new but the tablet's ---
    const StoredData after = snapshot(data);
    CHECK(after.integrity == "ok");
    CHECK(after.schema == before.schema);
    std::map<std::string, int> new_rows;
    for (const auto& [table_name, rows] : after.tables) {
        CAPTURE(table_name);
        const auto& earlier = before.tables.count(table_name) ? before.tables.at(table_name) : std::map<std::int64_t, StoredRow>{};
        for (const auto& [rowid, row] : earlier) {
            REQUIRE_MESSAGE(rows.count(rowid) == 1, table_name << " row " << rowid << " is gone");
            if (table_name == "sequence") continue;  // the depot's counter: checked below
            CHECK_MESSAGE(rows.at(rowid).bytes == row.bytes, table_name << " row " << rowid << " changed");
        }
        for (const auto& [rowid, row] : rows) {
            if (earlier.count(rowid)) continue;
            ++new_rows[table_name];
            // Only the tablet's visits, their history entries and their files are new.
            if (table_name == "visits" || table_name == "history") {
                CHECK_MESSAGE(tablet_visits_sent.count(row.text.at("visit_id")) == 1, table_name << " has a new row for " << row.text.at("visit_id"));
                if (table_name == "history") CHECK(row.text.at("source") == "received");
            } else if (table_name == "attachments") {
                CHECK_MESSAGE(tablet_files.count(row.text.at("sha256")) == 1, "a new attachment row " << row.text.at("sha256") << " the tablet never made");
            } else {
                FAIL_CHECK(table_name << " has a new row " << rowid);
            }
        }
    }
    const std::size_t visits_during = tablet_visits_sent.size() - 1;
    CHECK(static_cast<std::size_t>(new_rows["visits"]) == visits_during);   // each exactly once
    CHECK(static_cast<std::size_t>(new_rows["history"]) == visits_during);
    // The sequence counter moved by one per stored visit: no other assignment was touched.
    const auto seq = [](const StoredData& s) { return std::stoll(s.tables.at("sequence").begin()->second.text.at("value")); };
    CHECK(seq(after) - seq(before) == static_cast<long long>(visits_during));
    for (const auto& [path, sha] : before.files) {
        REQUIRE_MESSAGE(after.files.count(path) == 1, path << " is gone");
        CHECK_MESSAGE(after.files.at(path) == sha, path << " changed");
    }
    int new_files = 0;
    for (const auto& [path, sha] : after.files) {
        if (before.files.count(path)) continue;
        ++new_files;
        const std::string name = std::filesystem::path(path).filename().string();
        CHECK_MESSAGE(path == "attachments/" + name, "a new file " << path);
        CHECK_MESSAGE(tablet_files.count(name) == 1, "a new file " << path << " the tablet never made");
        CHECK_MESSAGE(sha == name, path << " does not hold the bytes its name promises");
    }
    CHECK(new_files == new_rows["attachments"]);
    CHECK(paths_outside(tmp.path, data) == outside_before);

    char figures[1024];
    std::snprintf(figures, sizeof figures,
                  "attack: %zu attacks, %zu runs by %d threads in %.1f s; tablet: %zu passes, %d visits sent during the attack; "
                  "depot RSS: %.1f MiB at the start, %.1f MiB max (%+.1f MiB, %d samples every 100 ms), %.1f MiB at the end; "
                  "%d new rows in visits, %d new files; RSS in MiB each second:",
                  attacks.size(), runs.size(), attackers, attack_s, passes.size(), walked, rss_start / 1024.0, rss_max / 1024.0,
                  (rss_max - rss_start) / 1024.0, rss_samples.load(), rss_end / 1024.0, new_rows["visits"], new_files);
    MESSAGE(figures << rss_each_second << table.str());
}
