// A visit as it travels and is stored: canonical JSON out, strict bounded decoding in, replay through the rules.
#include <algorithm>

#include "canonical_json.h"
#include "strict_json.h"
#include "visit.h"
#include "visit_json.h"

namespace fc {
namespace {

// Record → assignment → history → entry → values → value is the deepest real shape (6); the margin costs nothing.
constexpr int kMaxVisitRecordDepth = 16;

}  // namespace

std::vector<std::string> Visit::attachment_hashes() const {
    std::vector<std::string> out;
    const auto add_one = [&out](const std::string& hash) {
        if (std::find(out.begin(), out.end(), hash) == out.end()) out.push_back(hash);
    };
    const auto add = [&add_one](const std::optional<Answer>& answer) {
        if (answer && answer->kind == Answer::Kind::Attachment) add_one(answer->text);
        if (answer && answer->kind == Answer::Kind::Photos) {
            for (const std::string& hash : answer->hashes) add_one(hash);
        }
    };
    for (const Step& step : checklist_->steps) add(step_answer(step.id));
    for (const HandoverItem& item : checklist_->handover) add(handover_answer(item.id));
    return out;
}

std::string encode_visit_record(const Visit& v) {
    CanonicalJson events = CanonicalJson::array();
    for (const VisitEvent& e : v.events()) events.push(event_json(e));
    CanonicalJson record = CanonicalJson::object();
    record.set("assignment", assignment_json(v.assignment(), v.format()))
        .set("template", CanonicalJson::object().set("id", v.checklist().id).set("version", v.checklist().version))
        .set("events", std::move(events))
        .set("seal", v.seal());
    // The seal covers assignment, template and events only, so the format key never changes a seal.
    if (v.format() != 1) record.set("format", v.format());
    return record.dump();
}

Expected<VisitRecord> decode_visit_record(std::string_view bytes) {
    auto doc = parse_bounded_json(bytes, kMaxVisitRecordBytes, kMaxVisitRecordDepth);
    if (!doc) return make_error(ErrorCode::malformed, "visit record: " + doc.error().message);
    const auto fail = [](const Error& e) { return make_error(ErrorCode::malformed, "visit record: " + e.message); };

    VisitRecord record;
    StrictObject root(*doc, "$");
    root.string("seal", record.seal);
    // Absent: format 1. Which formats can be replayed is the reader's business (the depot's table).
    if (doc->IsObject() && doc->HasMember("format")) root.integer("format", record.format);
    const rapidjson::Value* assignment = root.object("assignment");
    const rapidjson::Value* tmpl = root.object("template");
    const rapidjson::Value* events = root.array("events");
    if (Status s = root.finish(); !s) return fail(s.error());

    auto a = read_assignment(*assignment, root.path("assignment"), record.format);
    if (!a) return fail(a.error());
    record.assignment = std::move(*a);

    StrictObject t(*tmpl, root.path("template"));
    t.string("id", record.template_id);
    t.integer("version", record.template_version);
    if (Status s = t.finish(); !s) return fail(s.error());

    const std::string events_path = root.path("events");
    record.events.reserve(events->Size());
    for (rapidjson::SizeType i = 0; i < events->Size(); ++i) {
        auto e = read_event((*events)[i], json_index_path(events_path, i));
        if (!e) return fail(e.error());
        record.events.push_back(std::move(*e));
    }
    return record;
}

Expected<Visit> replay_visit(const VisitRecord& record, std::shared_ptr<const ChecklistTemplate> checklist) {
    if (!checklist) return make_error(ErrorCode::template_mismatch, "no template was given to replay the visit with");
    if (record.template_id != checklist->id || record.template_version != checklist->version) {
        return make_error(ErrorCode::template_mismatch,
                          "visit " + record.assignment.visit_id + " was walked with template " + record.template_id +
                              " version " + std::to_string(record.template_version) + ", not with " + checklist->id +
                              " version " + std::to_string(checklist->version));
    }
    Visit v(record.assignment, std::move(checklist), record.format);
    if (Status s = v.apply(record.events); !s) {
        return make_error(s.error().code, "visit " + record.assignment.visit_id + ": " + s.error().message);
    }
    if (!record.seal.empty() && record.seal != v.seal()) {
        return make_error(ErrorCode::seal_mismatch, "visit " + record.assignment.visit_id +
                                               ": the seal does not match its content; it was changed after sealing");
    }
    return v;
}

}  // namespace fc
