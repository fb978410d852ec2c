// The visits the ingest benches send: one fiber-style template and its sealed visits, walked through
// the real engine, so the depot and its baselines receive the very same records and files.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "checklists/visit.h"
#include "tests/sync/depot/visit_walker.h"

namespace fc::bench {

constexpr const char* kBenchTechnician = "tech-bench";

// A fiber-style procedure; `with_files` adds two photo steps and a signature.
inline ChecklistTemplate bench_template(bool with_files) {
    ChecklistTemplate t;
    t.id = with_files ? "bench-photos" : "bench-meta";
    t.version = 1;
    t.title = "Fiber modem install (bench)";
    t.language = "en";
    t.prechecks = {{"patch", "Network patch confirmed", "", PrecheckMoment::BeforeDeparture, true},
                   {"socket", "Free double socket near the meter cupboard", "", PrecheckMoment::OnArrival, true}};
    const auto step = [](const char* id, StepKind kind, const char* title) {
        Step s;
        s.id = id;
        s.kind = kind;
        s.title = title;
        return s;
    };
    Step power = step("power", StepKind::Measure, "Optical power at the wall socket");
    power.unit = "dBm";
    power.min = -25;
    power.max = -8;
    t.steps = {step("safety", StepKind::Instruction, "Read the laser safety note"),
               step("connected", StepKind::Check, "Fiber connected"), power,
               step("serial", StepKind::Text, "Modem serial number")};
    if (with_files) {
        t.steps.push_back(step("photo-socket", StepKind::Photo, "Photo of the fiber socket"));
        t.steps.push_back(step("photo-modem", StepKind::Photo, "Photo of the modem lights"));
        t.steps.push_back(step("signature", StepKind::Signature, "Customer signature"));
    }
    t.handover = {{"laptop", "Activation needs a laptop on a wired connection", "", "Activate from a wired laptop"},
                  {"wifi", "The Wi-Fi password is on the sticker", "", ""}};
    t.survey = {{"appointment", SurveyKind::Smiley, "appointment", "The appointment", true},
                {"arrival", SurveyKind::Smiley, "arrival", "The arrival", true},
                {"explanation", SurveyKind::Smiley, "explanation", "The explanation", true},
                {"result", SurveyKind::Smiley, "result", "The result", true}};
    return t;
}

// `count` assignments named `<prefix>-<i>` on `checklist`, each walked and sealed with (when the
// template has them) two 1 MiB photos and a 30 KiB signature whose bytes differ per visit.
struct BenchVisits {
    std::vector<Assignment> plan;
    std::vector<test::SealedVisit> sealed;
};

inline BenchVisits bench_visits(const std::string& prefix, const std::shared_ptr<const ChecklistTemplate>& checklist,
                                int count) {
    BenchVisits out;
    for (int i = 0; i < count; ++i) {
        Assignment a;
        a.visit_id = prefix + "-" + std::to_string(i);
        a.technician_id = kBenchTechnician;
        a.customer_name = "Customer " + std::to_string(i);
        a.address = "Street " + std::to_string(i);
        a.job_id = "job-" + std::to_string(i);
        a.window_start_ms = 1'700'000'000'000;
        a.window_end_ms = 1'700'007'200'000;
        a.template_id = checklist->id;
        a.template_version = checklist->version;
        test::WalkPlan walk;
        walk.photo_bytes = 1 << 20;
        walk.signature_bytes = 30 * 1024;
        walk.salt = a.visit_id;
        out.sealed.push_back(test::sealed_visit(a, checklist, walk));
        out.plan.push_back(std::move(a));
    }
    return out;
}

}  // namespace fc::bench
