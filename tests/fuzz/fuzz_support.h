#pragma once
// FuzzSupport: what every libFuzzer target shares: the shipped demo templates, a sealed demo visit,
// and one way to report a broken promise (abort, so libFuzzer saves the input that did it).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "checklists/template_parser.h"
#include "checklists/visit.h"
#include "tests/sync/depot/visit_walker.h"

namespace fc::fuzz {

// A decoder that accepts its own output differently, or a rule the engine promises and breaks, is a
// finding like a crash: abort() makes libFuzzer write the input to crash-<sha1>.
[[noreturn]] inline void broken_promise(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "fieldcheck fuzz: broken promise: %s %s\n", what, detail.c_str());
    std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// The six shipped templates by id, parsed once. Why the real ones: they are what the tablets and
// the depot replay visits against, so the fuzzer walks the paths real records take.
inline const std::map<std::string, std::shared_ptr<const ChecklistTemplate>>& demo_templates() {
    static const auto templates = [] {
        std::map<std::string, std::shared_ptr<const ChecklistTemplate>> out;
        const std::filesystem::path dir = std::filesystem::path(FIELDCHECK_SOURCE_DIR) / "templates";
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            if (entry.path().extension() != ".json") continue;
            std::ifstream in(entry.path(), std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            TemplateParseResult parsed = parse_template(bytes);
            if (!parsed.checklist) broken_promise("a shipped template does not parse:", entry.path().string());
            auto shared = std::make_shared<const ChecklistTemplate>(std::move(*parsed.checklist));
            out.emplace(shared->id, shared);
        }
        if (out.empty()) broken_promise("no templates found in", dir.string());
        return out;
    }();
    return templates;
}

inline std::shared_ptr<const ChecklistTemplate> demo_template(const std::string& id = "fiber-modem-install-en") {
    const auto& all = demo_templates();
    const auto it = all.find(id);
    if (it == all.end()) broken_promise("missing demo template", id);
    return it->second;
}

inline Assignment demo_assignment(const std::string& visit_id, const std::string& technician_id,
                                  const ChecklistTemplate& t) {
    Assignment a;
    a.visit_id = visit_id;
    a.technician_id = technician_id;
    a.customer_name = "Mevr. E. de Boër";
    a.address = "Dorpsstraat 3, 6711 AA Ede";
    a.job_id = "job-" + visit_id;
    a.window_start_ms = 1'700'000'000'000;
    a.window_end_ms = 1'700'007'200'000;
    a.template_id = t.id;
    a.template_version = t.version;
    return a;
}

// A visit walked to its seal through the real engine, with the files its answers reference.
inline test::SealedVisit demo_sealed_visit(const std::string& visit_id, const std::string& technician_id) {
    const auto t = demo_template();
    test::WalkPlan plan;
    plan.salt = "fuzz";  // same files for every visit: uploaded once
    return test::sealed_visit(demo_assignment(visit_id, technician_id, *t), t, plan);
}

}  // namespace fc::fuzz
