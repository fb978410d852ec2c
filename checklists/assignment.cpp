#include "assignment.h"

#include <algorithm>

#include "strict_json.h"
#include "visit_json.h"

namespace fc {
namespace {

// An assignment with its history is a few kilobytes; the bound keeps a hostile one cheap to refuse.
constexpr std::size_t kMaxAssignmentBytes = 1 << 20;
constexpr int kMaxAssignmentDepth = 4;

}  // namespace

bool needs_escalation(const std::vector<HistoryEntry>& history) {
    const auto failed = std::count_if(history.begin(), history.end(),
                                      [](const HistoryEntry& h) { return h.outcome == "not_possible"; });
    return failed >= 2;
}

CanonicalJson assignment_json(const Assignment& a) {
    CanonicalJson history = CanonicalJson::array();
    for (const HistoryEntry& h : a.history) {
        history.push(CanonicalJson::object()
                         .set("visit_id", h.visit_id)
                         .set("date_ms", h.date_ms)
                         .set("outcome", h.outcome)
                         .set("cause", h.cause)
                         .set("note", h.note));
    }
    return CanonicalJson::object()
        .set("visit_id", a.visit_id)
        .set("technician_id", a.technician_id)
        .set("customer_name", a.customer_name)
        .set("address", a.address)
        .set("job_id", a.job_id)
        .set("window_start_ms", a.window_start_ms)
        .set("window_end_ms", a.window_end_ms)
        .set("template_id", a.template_id)
        .set("template_version", a.template_version)
        .set("history", std::move(history))
        .set("escalation", a.escalation);
}

Expected<Assignment> read_assignment(const rapidjson::Value& v, const std::string& path) {
    Assignment a;
    StrictObject o(v, path);
    o.string("visit_id", a.visit_id);
    o.string("technician_id", a.technician_id);
    o.string("customer_name", a.customer_name);
    o.string("address", a.address);
    o.string("job_id", a.job_id);
    o.int64("window_start_ms", a.window_start_ms);
    o.int64("window_end_ms", a.window_end_ms);
    o.string("template_id", a.template_id);
    o.integer("template_version", a.template_version);
    o.boolean("escalation", a.escalation);
    const rapidjson::Value* history = o.array("history");
    if (Status s = o.finish(); !s) return s.error();
    const std::string history_path = o.path("history");
    for (rapidjson::SizeType i = 0; i < history->Size(); ++i) {
        HistoryEntry h;
        StrictObject ho((*history)[i], json_index_path(history_path, i));
        ho.string("visit_id", h.visit_id);
        ho.int64("date_ms", h.date_ms);
        ho.string("outcome", h.outcome);
        ho.string("cause", h.cause);
        ho.string("note", h.note);
        if (Status s = ho.finish(); !s) return s.error();
        a.history.push_back(std::move(h));
    }
    return a;
}

std::string encode_assignment(const Assignment& a) { return assignment_json(a).dump(); }

Expected<Assignment> decode_assignment(std::string_view json) {
    auto doc = parse_bounded_json(json, kMaxAssignmentBytes, kMaxAssignmentDepth);
    if (!doc) return make_error(ErrorCode::malformed, "assignment: " + doc.error().message);
    auto a = read_assignment(*doc, "$");
    if (!a) return make_error(ErrorCode::malformed, "assignment: " + a.error().message);
    return a;
}

bool escalated(const Assignment& a) { return a.escalation || needs_escalation(a.history); }

}  // namespace fc
