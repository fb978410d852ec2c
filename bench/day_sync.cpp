// day_sync [DIR]: how long a tablet's end-of-day sync takes, beside `curl` sending the same requests.
// A real depot (in-process DepotServer on 127.0.0.1) and a real tablet store holding 8 sealed visits
// of the shipped fiber template, each with a ~2 MB photo and a signature (~17 MB in all), enrolled
// with a device key. Ours: the real sync client's pass (sync_with_depot), timed end to end. The
// baseline: the same requests (same methods, paths, bodies and headers, signed by this harness just
// before the run, since a signature carries its time and a nonce) sent by one `curl` process, one
// request after another on one keep-alive connection (`--next`), as a fair client would. Every run
// gets a fresh copy of the same depot and tablet, and the depot's request log of each curl run must
// match the tablet's (method, route, status, in order), so both really did the same work.
// Ours and curl alternate, kRounds each. Prints FIGURE tablet_day_sync and curl_day_sync (s, medians).
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/bench_figure.h"
#include "sync/client/device_credentials.h"
#include "sync/client/sync_client.h"
#include "sync/storage/secret_file.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/signed_tablet.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

constexpr int kVisits = 8;
constexpr int kRounds = 4;
constexpr std::size_t kPhotoBytes = 2'000'000;
constexpr std::size_t kSignatureBytes = 100'000;
constexpr const char* kTechnician = "tech-day";

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "day_sync: %s\n", what.c_str());
    std::exit(1);
}

void check(const fc::Status& s, const std::string& what) {
    if (!s) die(what + ": " + s.error().message);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// The depot's request log of one run: "METHOD route status" per request, in order.
struct RequestLog {
    std::FILE* file = std::tmpfile();
    ~RequestLog() { std::fclose(file); }
    std::vector<std::string> lines() const {
        std::vector<std::string> out;
        std::rewind(file);
        char buf[1024];
        while (std::fgets(buf, sizeof buf, file)) {
            std::string line(buf);
            const auto at = line.find(" depot: ");  // after the time stamp
            out.push_back(line.substr(at == std::string::npos ? 0 : at + 8));
        }
        return out;
    }
};

// The day before the sync, kept in `prep`: a depot with the template, the day's assignments and the
// tablet's key; a tablet enrolled, its survey key registered and its day fetched, then walked.
void prepare_day(const fs::path& prep) {
    fc::SystemClock clock;
    auto depot = std::make_unique<fc::test::RunningDepot>(fc::DepotServerOptions{}, prep / "depot");
    const auto t = fc::test::repo_template(fc::test::kTemplateName);
    depot->add_template(*t);
    std::vector<fc::Assignment> day;
    for (int i = 0; i < kVisits; ++i) {
        day.push_back(fc::test::make_assignment("day-" + std::to_string(i), kTechnician, *t, "job-" + std::to_string(i)));
    }
    depot->assign(day);
    auto tablet = fc::DeviceStore::open(prep / "tablet", clock);
    if (!tablet) die(tablet.error().message);
    fc::DeviceStore& store = *tablet.value();
    check(fc::enroll_with_depot(store, depot->url(), depot->token_for(kTechnician)), "enroll");
    const fc::DeviceSigner signer = fc::test::register_signer(*depot->store, kTechnician);
    check(fc::write_secret_file(store.dir() / fc::kDeviceKeyFileName, signer.key.seed()), "device key");
    check(store.set_setting(fc::kSettingDeviceKeyId, signer.key_id), "device key id");
    fc::test::pin_depot_key_of(store, depot->dir);
    fc::SyncOptions o;
    o.ignore_backoff = true;
    auto first = fc::sync_with_depot(store, o);  // the morning's pass: assignments down, survey key up
    if (!first || first->assignments_received != kVisits) die("the morning's pass did not fetch the day");
    for (int i = 0; i < kVisits; ++i) {
        fc::test::WalkPlan plan;
        plan.photo_bytes = kPhotoBytes;
        plan.signature_bytes = kSignatureBytes;
        plan.salt = day[static_cast<std::size_t>(i)].visit_id;
        check(fc::test::walk_stored_visit(store, day[static_cast<std::size_t>(i)].visit_id, plan), "walk");
    }
}

// A fresh copy of the prepared day, with a depot serving it; the tablet is told the depot's new port.
struct DayCopy {
    fs::path dir;
    RequestLog log;
    std::unique_ptr<fc::test::RunningDepot> depot;
    fc::SystemClock clock;
    std::unique_ptr<fc::DeviceStore> tablet;

    DayCopy(const fs::path& prep, const fs::path& at) : dir(at) {
        fs::remove_all(dir);
        fs::copy(prep, dir, fs::copy_options::recursive);
        ::sync();  // no photo bytes of the copy left for the runs' fsyncs to write
        fc::DepotServerOptions options;
        options.log = log.file;
        depot = std::make_unique<fc::test::RunningDepot>(options, dir / "depot");
        auto opened = fc::DeviceStore::open(dir / "tablet", clock);
        if (!opened) die(opened.error().message);
        tablet = std::move(opened).value();
        check(tablet->set_setting(fc::kSettingDepotUrl, depot->url()), "depot url");
    }
    // The depot's log, once it stopped (every answer logged).
    std::vector<std::string> finish() {
        depot.reset();
        tablet.reset();
        auto lines = log.lines();
        fs::remove_all(dir);
        return lines;
    }
};

double tablet_run(const fs::path& prep, const fs::path& at, std::vector<std::string>* log) {
    DayCopy day(prep, at);
    fc::SyncOptions o;
    o.ignore_backoff = true;
    std::int64_t uploads_us = 0, records_us = 0;
    o.on_visit_upload = [&](const fc::VisitUploadTiming& t) {
        uploads_us += t.whole_us;
        records_us += t.record_us;
    };
    const auto start = SteadyClock::now();
    auto report = fc::sync_with_depot(*day.tablet, o);
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    std::printf("           (visits' uploads %.3f s, of which their records %.3f s; the rest of the pass %.3f s)\n",
                uploads_us / 1e6, records_us / 1e6, seconds - uploads_us / 1e6);
    if (!report) die("the day's pass failed: " + report.error().message);
    if (report->sent != kVisits) {
        die("the day's pass sent " + std::to_string(report->sent) + " visits: " +
            (report->problems.empty() ? std::string() : report->problems.front()));
    }
    *log = day.finish();
    return seconds;
}

// A curl config string: quoted, with `"` and `\` escaped.
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// Writes one request of the curl config: signed (unless /healthz) with the tablet's key, now.
struct CurlConfig {
    std::ofstream out;
    std::string base;
    const fc::DeviceSigner* signer;
    int requests = 0;

    void request(const std::string& method, const std::string& path, const std::string& body_file, const std::string& body,
                 const char* content_type, const std::string& record_signature = {}) {
        if (requests++ > 0) out << "next\n";
        out << "url = " << quoted(base + path) << "\nsilent\noutput = \"/dev/null\"\n";
        if (method == "HEAD") out << "head\n";
        if (!body_file.empty()) {
            // -T streams the file as the PUT body; no 100-continue round trip, as the tablet waits for none.
            out << "upload-file = " << quoted(body_file) << "\nheader = \"Expect:\"\n";
            out << "header = " << quoted(std::string("Content-Type: ") + content_type) << "\n";
        }
        if (path == "/healthz") return;
        const std::int64_t now_s = fc::SystemClock().now().wall_ms / 1000;
        for (const auto& [name, value] : fc::test::signed_headers(*signer, method, path, body, now_s)) {
            out << "header = " << quoted(name + ": " + value) << "\n";
        }
        if (!record_signature.empty()) out << "header = " << quoted("Fieldcheck-Record-Signature: " + record_signature) << "\n";
    }
};

// The requests the tablet's pass sends, in its order, from the tablet's own store: the health probe,
// each waiting visit's files (HEAD, then PUT: the depot has none of them) and record, then the
// assignments since the tablet's cursor and the template list.
int write_day_requests(fc::DeviceStore& tablet, const std::string& base, const fs::path& files, const fs::path& config) {
    auto seed = fc::read_secret_file(tablet.dir() / fc::kDeviceKeyFileName);
    auto key_id = tablet.setting(fc::kSettingDeviceKeyId);
    auto cursor = tablet.setting(fc::kSettingAssignmentCursor);
    if (!seed || !key_id || !*key_id || !cursor) die("the tablet's key or cursor cannot be read");
    auto key = fc::SigningKey::from_seed(*seed);
    if (!key) die("the tablet's key cannot be read");
    const fc::DeviceSigner signer{**key_id, *key};
    fs::create_directories(files);
    CurlConfig c{std::ofstream(config), base, &signer};
    c.request("GET", "/healthz", {}, {}, nullptr);
    auto outbox = tablet.outbox();
    if (!outbox) die(outbox.error().message);
    for (const fc::OutboxItem& item : *outbox) {
        auto sealed = tablet.sealed_record(item.visit_id);
        if (!sealed) die(sealed.error().message);
        for (const std::string& sha : sealed->attachments) {
            auto bytes = tablet.read_attachment(sha);
            if (!bytes) die(bytes.error().message);
            const std::string path = "/api/v1/attachments/" + sha;
            fc::test::write_file(files / sha, *bytes);
            c.request("HEAD", path, {}, {}, nullptr);
            c.request("PUT", path, (files / sha).string(), *bytes, "application/octet-stream");
        }
        const std::string record_file = (files / (item.visit_id + ".json")).string();
        fc::test::write_file(record_file, sealed->bytes);
        c.request("PUT", "/api/v1/visits/" + item.visit_id, record_file, sealed->bytes, "application/json",
                  fc::record_signature_header(signer.key, item.visit_id, item.seal));
    }
    const std::string since = cursor->value_or("");
    c.request("GET", "/api/v1/assignments" + (since.empty() ? std::string() : "?since=" + since), {}, {}, nullptr);
    c.request("GET", "/api/v1/templates", {}, {}, nullptr);
    return c.requests;
}

double run_curl(const fs::path& config) {
    const std::string config_arg = config.string();
    char* const argv[] = {const_cast<char*>("curl"), const_cast<char*>("--config"), const_cast<char*>(config_arg.c_str()),
                          nullptr};
    pid_t pid = 0;
    const auto start = SteadyClock::now();
    if (::posix_spawnp(&pid, "curl", nullptr, nullptr, argv, environ) != 0) die("cannot start curl");
    int status = 0;
    ::waitpid(pid, &status, 0);
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) die("curl failed (status " + std::to_string(status) + ")");
    return seconds;
}

double curl_run(const fs::path& prep, const fs::path& at, std::vector<std::string>* log) {
    DayCopy day(prep, at);
    const fs::path config = day.dir / "curl.config";
    // Signed here, just before the run: the depot accepts a signature's time within minutes only.
    write_day_requests(*day.tablet, day.depot->url(), day.dir / "bodies", config);
    ::sync();
    const double seconds = run_curl(config);
    *log = day.finish();
    return seconds;
}

}  // namespace

int main(int argc, char** argv) {
    fs::path dir;
    if (argc > 1) {
        dir = argv[1];
    } else {
        std::string pattern = (fs::current_path() / "day-sync-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) die("cannot create a scratch directory");
        dir = pattern;
    }
    fs::create_directories(dir);
    const fs::path prep = dir / "prepared-day";
    fs::remove_all(prep);
    try {
        prepare_day(prep);
        std::uintmax_t bytes = 0;
        for (const auto& e : fs::recursive_directory_iterator(prep / "tablet" / "attachments")) {
            if (e.is_regular_file()) bytes += e.file_size();
        }
        std::printf("day_sync: %d sealed visits, %.1f MB of photos and signatures, in %s\n", kVisits, bytes / 1e6,
                    fs::absolute(dir).c_str());
        std::vector<double> ours, curls;
        std::vector<std::string> tablet_log;
        for (int round = 0; round < kRounds; ++round) {
            // Alternating which goes first, so neither always finds the disk after the other.
            for (int turn = 0; turn < 2; ++turn) {
                std::vector<std::string> log;
                if ((round + turn) % 2 == 0) {
                    ours.push_back(tablet_run(prep, dir / "run", &log));
                    tablet_log = log;
                    std::printf("  round %d  tablet %.3f s  (%zu requests)\n", round + 1, ours.back(), log.size());
                } else {
                    curls.push_back(curl_run(prep, dir / "run", &log));
                    std::printf("  round %d  curl   %.3f s  (%zu requests)\n", round + 1, curls.back(), log.size());
                    if (!tablet_log.empty() && log != tablet_log) die("curl's requests differ from the tablet's (the depot's log)");
                }
                std::fflush(stdout);
            }
        }
        std::printf("tablet day sync  median %.3f s\ncurl, same requests  median %.3f s\nratio %.2f\n", median(ours),
                    median(curls), median(ours) / median(curls));
        fc::bench::print_figure("tablet_day_sync", median(ours), "s");
        fc::bench::print_figure("curl_day_sync", median(curls), "s");
    } catch (const std::exception& e) {
        die(e.what());
    }
    if (argc <= 1) fs::remove_all(dir);
    return 0;
}
