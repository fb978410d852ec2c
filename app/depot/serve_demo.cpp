#include "serve_demo.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <system_error>
#include <vector>

#include "checklists/demo_day.h"
#include "checklists/time_format.h"
#include "depot_files.h"

namespace fc {
namespace {

bool import_templates(DepotStore& store, const std::filesystem::path& dir, Clock& clock) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (it->path().extension() == ".json") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "fieldcheck-depot serve: no template files in %s\n", dir.c_str());
        return false;
    }
    for (const auto& f : files) {
        auto imported = import_template_file(store, f, clock.now().wall_ms);
        if (!imported) {
            std::fprintf(stderr, "%s", imported.error().message.c_str());
            return false;
        }
    }
    return true;
}

// The tablet's own demo day (checklists/demo_day.h), on the newest template versions here.
bool assign_demo_day(DepotStore& store, const std::vector<TemplateListing>& templates, const std::filesystem::path& dir,
                     const std::string& technician, Clock& clock) {
    std::map<std::string, int> newest;
    for (const TemplateListing& t : templates) newest[t.id] = std::max(newest[t.id], t.version);
    std::vector<Assignment> assignments = demo_assignments(local_day_start_ms(clock.now().wall_ms), technician);
    for (Assignment& a : assignments) {
        const auto found = newest.find(a.template_id);
        if (found == newest.end()) {
            std::fprintf(stderr, "fieldcheck-depot serve: the demo needs template %s in %s\n", a.template_id.c_str(), dir.c_str());
            return false;
        }
        a.template_version = found->second;
    }
    // The planner's confirmations of the evening before: only the open patch stays red (story 000).
    std::vector<PrecheckConfirmation> confirmations;
    for (const Assignment& a : assignments) {
        auto t = store.template_for(a.template_id, a.template_version);
        if (!t) {
            std::fprintf(stderr, "fieldcheck-depot serve: %s\n", t.error().message.c_str());
            return false;
        }
        const auto mine = demo_confirmations(a, *t.value(), local_day_start_ms(clock.now().wall_ms));
        confirmations.insert(confirmations.end(), mine.begin(), mine.end());
    }
    auto result = store.put_assignments(assignments, clock.now().wall_ms, confirmations);
    if (!result) {
        std::fprintf(stderr, "fieldcheck-depot serve: demo assignments: %s\n", result.error().message.c_str());
        return false;
    }
    std::fprintf(stderr,
                 "demo: %zu templates from %s; %d new assignments for technician '%s' today, %d prechecks confirmed.\n"
                 "demo: give a tablet a token with: fieldcheck-depot token create --data %s --technician %s\n",
                 templates.size(), dir.c_str(), result->created, technician.c_str(), result->confirmed, store.dir().c_str(),
                 technician.c_str());
    return true;
}

}  // namespace

std::filesystem::path find_templates_dir() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::vector<std::filesystem::path> candidates;
    if (!ec) {
        candidates.push_back(exe.parent_path() / "../../templates");
        candidates.push_back(exe.parent_path() / "../../../templates");
        candidates.push_back(exe.parent_path() / "../share/fieldcheck/templates");
    }
    candidates.push_back(std::filesystem::current_path(ec) / "templates");
    for (const auto& c : candidates) {
        if (std::filesystem::is_directory(c, ec)) return std::filesystem::weakly_canonical(c, ec);
    }
    return {};
}

bool load_demo(DepotStore& store, const std::filesystem::path& dir, const std::string& technician, Clock& clock) {
    if (!import_templates(store, dir, clock)) return false;
    auto templates = store.list_templates();
    if (!templates) {
        std::fprintf(stderr, "fieldcheck-depot serve: %s\n", templates.error().message.c_str());
        return false;
    }
    return assign_demo_day(store, templates.value(), dir, technician, clock) && ensure_demo_office_account(store, clock);
}

}  // namespace fc
