#include "app/tablet/demo_day.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>

#include "app/tablet/pin_setting.h"
#include "checklists/demo_day.h"
#include "checklists/template_parser.h"
#include "sync/store/device_store.h"

namespace fc {
namespace {

Expected<std::string> read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return make_error(ErrorCode::io_error, "cannot read the demo template " + p.string());
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return make_error(ErrorCode::io_error, "reading the demo template " + p.string() + " failed");
    return bytes;
}

}  // namespace

Status fill_demo_day(DeviceStore& store, const std::filesystem::path& templates_dir, std::int64_t day_start_ms,
                     const std::string& technician_id) {
    // Only a missing PIN is filled in; an unreadable one is the technician's to set again.
    if (auto pin = stored_technician_pin(store); !pin && pin.error().code == ErrorCode::pin_not_set) {
        if (Status s = store_technician_pin(store, kDemoPin); !s) return s;
    }
    auto visits = store.list_visits();
    if (!visits) return visits.error();
    if (!visits->empty()) return {};  // never mix the demo into a real day

    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(templates_dir, ec)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    if (ec) return make_error(ErrorCode::io_error, "cannot list the demo templates in " + templates_dir.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    std::map<std::string, int> newest;
    for (const auto& file : files) {
        auto bytes = read_file(file);
        if (!bytes) return bytes.error();
        TemplateParseResult parsed = parse_template(*bytes);
        if (!parsed.checklist) {
            const TemplateProblem& p = parsed.problems.front();
            return make_error(ErrorCode::invalid_template, file.string() + ": " + p.path + ": " + p.message);
        }
        if (Status s = store.put_template(*parsed.checklist); !s) return s;
        int& v = newest[parsed.checklist->id];
        v = std::max(v, parsed.checklist->version);
    }

    Clock& clock = store.clock();
    for (Assignment a : demo_assignments(day_start_ms, technician_id)) {
        const auto found = newest.find(a.template_id);
        if (found == newest.end()) {
            return make_error(ErrorCode::template_missing, "the demo needs template " + a.template_id + " in " + templates_dir.string());
        }
        a.template_version = found->second;
        if (Status s = store.put_assignment(a); !s) return s;
        auto visit = store.load_visit(a.visit_id);
        if (!visit) return visit.error();
        // What the intake and the network operator confirmed the evening before (all but one patch),
        // sealed as the down-sync would: the intake's events, not the technician's.
        for (const PrecheckConfirmation& c : demo_confirmations(a, visit->checklist(), day_start_ms)) {
            auto decided = visit->record_intake(c, clock.now());
            if (!decided) return decided.error();
            if (Status s = store.append_events(decided->next, decided->events); !s) return s;
            *visit = std::move(decided->next);
        }
    }
    return {};
}

}  // namespace fc
