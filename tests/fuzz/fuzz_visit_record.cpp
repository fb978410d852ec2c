// Hostile bytes into the visit record decoder (what the depot reads from every upload) and, when
// they decode, through replay_visit against the shipped template they name: no crash, no hang, no
// unbounded memory; a replayed record keeps the seal it carries, and re-encoding a replayed visit
// decodes and replays to the very same events and seal.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_support.h"

namespace {

std::shared_ptr<const fc::ChecklistTemplate> template_for(const fc::VisitRecord& record) {
    const auto& all = fc::fuzz::demo_templates();
    const auto it = all.find(record.template_id);
    // An unknown id still replays against a real template: the mismatch path is exercised too.
    return it != all.end() ? it->second : all.begin()->second;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fc::fuzz::demo_templates();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace fc;
    const auto record = decode_visit_record(fuzz::as_text(data, size));
    if (!record) {
        if (record.error().message.empty()) {
            fuzz::broken_promise("a refused visit record carries no code or message");
        }
        return 0;
    }
    const auto visit = replay_visit(record.value(), template_for(record.value()));
    if (!visit) return 0;
    if (!record->seal.empty() && visit->seal() != record->seal) {
        fuzz::broken_promise("replay accepted a record whose seal it does not reproduce", record->seal);
    }
    const std::string encoded = encode_visit_record(visit.value());
    const auto again = decode_visit_record(encoded);
    if (!again) fuzz::broken_promise("the encoding of a replayed visit does not decode:", again.error().message);
    const auto replayed = replay_visit(again.value(), visit->checklist_ptr());
    if (!replayed) fuzz::broken_promise("the encoding of a replayed visit does not replay:", replayed.error().message);
    if (replayed->events() != visit->events() || replayed->seal() != visit->seal()) {
        fuzz::broken_promise("a re-encoded visit replays to other events or another seal", encoded);
    }
    if (encode_visit_record(replayed.value()) != encoded) {
        fuzz::broken_promise("a visit record's canonical encoding is not stable", encoded);
    }
    return 0;
}
