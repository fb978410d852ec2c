// request_signing [DIR]: what signing costs. Client side: µs to put credentials on one request
// (an RFC 9421 signature with its Content-Digest, against a bearer header), for an empty GET and a
// visit-sized PUT body; then whole requests on loopback to a real depot, signed against bearer, in
// one run. Depot side: N visits ingested from one tablet with request and record signatures against
// the same number with a bearer token, same depot, same run.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "sync/client/wire_client.h"
#include "sync/wire/request_signature.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/signed_tablet.h"

namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr int kHeaderRounds = 5000;
constexpr int kRequestRounds = 1000;
constexpr int kVisits = 200;

double us_since(SteadyClock::time_point start) { return std::chrono::duration<double, std::micro>(SteadyClock::now() - start).count(); }

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "request_signing: %s\n", what.c_str());
    std::exit(1);
}

// µs per request to make its credentials: a signature (digest, base, Ed25519) against a bearer header.
void header_cost(const fc::DeviceSigner& signer, const std::string& body, const char* what) {
    std::size_t sink = 0;
    auto start = SteadyClock::now();
    for (int i = 0; i < kHeaderRounds; ++i) {
        const fc::SignatureParams p{1'750'000'000 + i, fc::base64_encode(fc::random_bytes(16)), signer.key_id};
        sink += fc::sign_request(signer.key, "PUT", "/api/v1/visits/V-1", body, p).signature.size();
    }
    const double signed_us = us_since(start) / kHeaderRounds;
    start = SteadyClock::now();
    for (int i = 0; i < kHeaderRounds; ++i) sink += ("Bearer " + std::string(64, static_cast<char>('a' + i % 6))).size();
    const double bearer_us = us_since(start) / kHeaderRounds;
    std::printf("  credentials for %-22s signed %8.1f us   bearer %6.2f us   (%zu)\n", what, signed_us, bearer_us, sink % 10);
}

std::unique_ptr<fc::DepotConnection> connect(const std::string& url, const fc::DepotCredentials& c) {
    auto opened = fc::DepotConnection::open(url, c, fc::DepotTimeouts{});
    if (!opened) die(opened.error().message);
    return std::move(opened).value();
}

// Whole GET requests on loopback, alternating signed and bearer so both meet the same machine state.
void request_cost(const std::string& url, const fc::DepotCredentials& signed_c, const fc::DepotCredentials& bearer_c) {
    auto s = connect(url, signed_c);
    auto b = connect(url, bearer_c);
    double signed_us = 0, bearer_us = 0;
    for (int i = 0; i < kRequestRounds; ++i) {
        auto start = SteadyClock::now();
        if (s->get("/api/v1/templates").status != 200) die("a signed request was refused");
        signed_us += us_since(start);
        start = SteadyClock::now();
        if (b->get("/api/v1/templates").status != 200) die("a bearer request was refused");
        bearer_us += us_since(start);
    }
    std::printf("  GET /api/v1/templates on loopback, %d each: signed %.1f us   bearer %.1f us per request\n", kRequestRounds,
                signed_us / kRequestRounds, bearer_us / kRequestRounds);
}

// Sends visits[from, from + n) one after another, each with its files; visits per second.
double ingest(fc::DepotConnection& c, const std::vector<fc::test::SealedVisit>& visits, int from, int n) {
    const auto start = SteadyClock::now();
    for (int i = from; i < from + n; ++i) {
        // The tablet's protocol: each file first (the same for both kinds of credentials), then the visit.
        for (const auto& [sha, bytes] : visits[static_cast<std::size_t>(i)].files) {
            if (const int st = c.put("/api/v1/attachments/" + sha, bytes, "image/jpeg").status; st != 201 && st != 200) die("a file was refused");
        }
        const auto answer = c.put_visit("b-" + std::to_string(i), visits[static_cast<std::size_t>(i)].record, visits[static_cast<std::size_t>(i)].seal);
        if (answer.status != 201) die("visit " + std::to_string(i) + " answered " + std::to_string(answer.status) + ": " + answer.body);
    }
    return n / (us_since(start) / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path dir = argc > 1 ? std::filesystem::path(argv[1]) : std::filesystem::current_path() / "request_signing";
    std::filesystem::create_directories(dir);
    fc::test::RunningDepot depot({}, dir / "depot");
    const auto t = fc::test::repo_template(fc::test::kTemplateName);
    depot.add_template(*t);
    std::vector<fc::Assignment> assignments;
    std::vector<fc::test::SealedVisit> visits;
    for (int i = 0; i < 2 * kVisits; ++i) {
        assignments.push_back(fc::test::make_assignment("b-" + std::to_string(i), "tech-bench", *t, "job-" + std::to_string(i)));
        visits.push_back(fc::test::sealed_visit(assignments.back(), t));
    }
    depot.assign(assignments);
    const fc::DeviceSigner signer = fc::test::register_signer(*depot.store, "tech-bench");
    const fc::DepotCredentials signed_c{"", signer, 0};
    const fc::DepotCredentials bearer_c{depot.token_for("tech-bench"), std::nullopt, 0};

    std::printf("client side\n");
    header_cost(signer, "", "an empty GET");
    header_cost(signer, visits[0].record, ("a " + std::to_string(visits[0].record.size() / 1024) + " KiB visit PUT").c_str());
    request_cost(depot.url(), signed_c, bearer_c);
    std::printf("depot ingest, one tablet, %d visits each, durable commits\n", kVisits);
    auto s = connect(depot.url(), signed_c);
    auto b = connect(depot.url(), bearer_c);
    const double bearer_rate = ingest(*b, visits, 0, kVisits);
    const double signed_rate = ingest(*s, visits, kVisits, kVisits);
    std::printf("  signed (request + record signature) %.1f visits/s   bearer %.1f visits/s\n", signed_rate, bearer_rate);
    return 0;
}
