// store_size: the tablet store's bytes per sealed visit, without photos or receipt (issue 17's
// footprint row). Every demo template in templates/ is walked through the real engine into a real
// DeviceStore, the way the app stores each tap (one append per decision); the store is closed (its
// WAL checkpointed) and the database file measured before and after. Photos and signatures are
// attachments, files of their own beside the database: only their references are counted. No visit
// seals a receipt.
//   usage: store_size [VISITS]   (default 600, spread over the templates)
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_figure.h"
#include "sync/store/device_store.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/visit_walker.h"

namespace {

int die(const char* what, const std::string& why) {
    std::fprintf(stderr, "store_size: %s: %s\n", what, why.c_str());
    return 1;
}

// Every template shipped in templates/, parsed by the real parser (tests' repo_template).
std::vector<std::shared_ptr<const fc::ChecklistTemplate>> demo_templates() {
    std::vector<std::shared_ptr<const fc::ChecklistTemplate>> out;
    for (const auto& entry : std::filesystem::directory_iterator(FIELDCHECK_SOURCE_DIR "/templates")) {
        if (entry.path().extension() == ".json") out.push_back(fc::test::repo_template(entry.path().stem().string()));
    }
    return out;
}

fc::Assignment assignment_for(const fc::ChecklistTemplate& t, int i) {
    fc::Assignment a;
    a.visit_id = "V-" + std::to_string(100000 + i);
    a.job_id = "J-" + std::to_string(100000 + i);
    a.technician_id = "tech-07";
    a.technician_name = "Jan de Vries";
    a.customer_name = "Customer " + std::to_string(i);
    a.address = "Kerkstraat " + std::to_string(1 + i % 200) + ", 3511 AB Utrecht";
    a.window_start_ms = 1'700'000'000'000 + static_cast<std::int64_t>(i) * 3'600'000;
    a.window_end_ms = a.window_start_ms + 2 * 3'600'000;
    a.template_id = t.id;
    a.template_version = t.version;
    return a;
}

// The database's bytes once the store is closed (DeviceStore checkpoints its WAL on close; a WAL
// left behind is counted too). Attachments live beside it as files of their own.
std::uintmax_t database_bytes(const std::filesystem::path& dir) {
    std::uintmax_t total = 0;
    for (const char* name : {"fieldcheck.db", "fieldcheck.db-wal"}) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(dir / name, ec);
        if (!ec) total += size;
    }
    return total;
}

}  // namespace

int main(int argc, char** argv) {
    const int visits = argc > 1 ? std::atoi(argv[1]) : 600;
    if (visits <= 0) return die("usage", "store_size [VISITS > 0]");
    const auto templates = demo_templates();
    if (templates.empty()) return die("templates", "no template in " FIELDCHECK_SOURCE_DIR "/templates parses");
    std::string pattern = (std::filesystem::temp_directory_path() / "store-size-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) return die("mkdtemp", "cannot make a scratch directory");
    const std::filesystem::path dir = pattern;
    fc::SystemClock clock;
    std::uintmax_t empty = 0;
    {
        auto store = fc::DeviceStore::open(dir, clock);
        if (!store) return die("open", store.error().message);
        for (const auto& t : templates) {
            if (auto s = (*store)->put_template(*t); !s) return die("put_template", s.error().message);
        }
    }
    empty = database_bytes(dir);
    {
        auto store = fc::DeviceStore::open(dir, clock);
        if (!store) return die("open", store.error().message);
        fc::test::WalkSinks sinks;
        sinks.record = [&](const fc::Visit& after, const fc::Events& events) { return (*store)->append_events(after, events); };
        // The engine takes a photo only once it is stored; its bytes go to a file beside the database.
        sinks.attach = [&](const std::string& bytes) { return (*store)->put_attachment(bytes, "image/jpeg"); };
        for (int i = 0; i < visits; ++i) {
            const auto& t = templates[static_cast<std::size_t>(i) % templates.size()];
            const fc::Assignment a = assignment_for(*t, i);
            if (auto s = (*store)->put_assignment(a); !s) return die("put_assignment", s.error().message);
            fc::Visit v(a, t);
            fc::test::WalkPlan plan;
            plan.salt = a.visit_id;
            plan.not_possible = i % 7 == 6;  // about one visit in seven cannot be done, as in the field
            if (auto s = fc::test::walk_visit(v, plan, sinks); !s) return die("walk", s.error().message);
        }
    }
    const std::uintmax_t full = database_bytes(dir);
    std::filesystem::remove_all(dir);
    const double per_visit = static_cast<double>(full - empty) / visits;
    std::printf("store_size: %d sealed visits over %zu templates: database %ju bytes empty, %ju full\n", visits,
                templates.size(), empty, full);
    fc::bench::print_figure("store_per_visit", per_visit / 1024.0, "KiB");
    return 0;
}
