// The assignment's JSON: canonical out, strict and bounded in; the record format decides its keys.
#include <string>

#include "strict_json.h"
#include "visit.h"
#include "visit_json.h"

namespace fc {
namespace {

// An assignment with its history is some kilobytes; the bound keeps a hostile one cheap to refuse.
constexpr std::size_t kMaxAssignmentBytes = 1 << 20;
// assignment → history → entry → values → value
constexpr int kMaxAssignmentDepth = 5;

// Format 2's keys are written only when set: an assignment without a customer id or a richer
// history encodes exactly as the format-2 records sealed before these keys existed.
CanonicalJson history_entry_json(const HistoryEntry& h, int format) {
    CanonicalJson o = CanonicalJson::object()
                          .set("visit_id", h.visit_id)
                          .set("date_ms", h.date_ms)
                          .set("outcome", h.outcome)
                          .set("cause", h.cause)
                          .set("note", h.note);
    if (format < kCustomerHistoryFormat) return o;
    if (!h.job_id.empty()) o.set("job_id", h.job_id);
    if (!h.values.empty()) {
        CanonicalJson values = CanonicalJson::array();
        for (const HistoryValue& v : h.values) values.push(CanonicalJson::object().set("title", v.title).set("value", v.value));
        o.set("values", std::move(values));
    }
    if (!h.todo.empty()) {
        CanonicalJson todo = CanonicalJson::array();
        for (const std::string& t : h.todo) todo.push(t);
        o.set("todo", std::move(todo));
    }
    return o;
}

Status read_values(const rapidjson::Value& list, const std::string& path, HistoryEntry& h) {
    if (list.Size() > kMaxHistoryValues) {
        return make_error(ErrorCode::malformed, path + " holds more than " + std::to_string(kMaxHistoryValues) + " values");
    }
    for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
        HistoryValue v;
        StrictObject o(list[i], json_index_path(path, i));
        o.string("title", v.title);
        o.string("value", v.value);
        if (Status s = o.finish(); !s) return s;
        h.values.push_back(std::move(v));
    }
    return {};
}

Status read_todo(const rapidjson::Value& list, const std::string& path, HistoryEntry& h) {
    if (list.Size() > kMaxHistoryTodo) {
        return make_error(ErrorCode::malformed, path + " holds more than " + std::to_string(kMaxHistoryTodo) + " items");
    }
    for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
        if (!list[i].IsString()) return make_error(ErrorCode::malformed, json_index_path(path, i) + " must be a string");
        h.todo.emplace_back(list[i].GetString(), list[i].GetStringLength());
    }
    return {};
}

Expected<HistoryEntry> read_history_entry(const rapidjson::Value& v, const std::string& path, int format) {
    HistoryEntry h;
    StrictObject o(v, path);
    o.string("visit_id", h.visit_id);
    o.int64("date_ms", h.date_ms);
    o.string("outcome", h.outcome);
    o.string("cause", h.cause);
    o.string("note", h.note);
    const rapidjson::Value* values = nullptr;
    const rapidjson::Value* todo = nullptr;
    if (format >= kCustomerHistoryFormat) {
        o.optional_string("job_id", h.job_id);
        values = o.optional_array("values");
        todo = o.optional_array("todo");
    }
    if (Status s = o.finish(); !s) return s.error();
    if (values) {
        if (Status s = read_values(*values, o.path("values"), h); !s) return s.error();
    }
    if (todo) {
        if (Status s = read_todo(*todo, o.path("todo"), h); !s) return s.error();
    }
    return h;
}

}  // namespace

CanonicalJson assignment_json(const Assignment& a, int format) {
    CanonicalJson history = CanonicalJson::array();
    for (const HistoryEntry& h : a.history) history.push(history_entry_json(h, format));
    CanonicalJson o = CanonicalJson::object()
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
    if (format >= kCustomerHistoryFormat && !a.customer_id.empty()) o.set("customer_id", a.customer_id);
    if (format >= kFirstReceiptFormat && !a.technician_name.empty()) o.set("technician_name", a.technician_name);
    return o;
}

Expected<Assignment> read_assignment(const rapidjson::Value& v, const std::string& path, int format) {
    Assignment a;
    StrictObject o(v, path);
    o.string("visit_id", a.visit_id);
    o.string("technician_id", a.technician_id);
    o.string("customer_name", a.customer_name);
    o.string("address", a.address);
    o.string("job_id", a.job_id);
    if (format >= kCustomerHistoryFormat) o.optional_string("customer_id", a.customer_id);
    if (format >= kFirstReceiptFormat) o.optional_string("technician_name", a.technician_name);
    o.int64("window_start_ms", a.window_start_ms);
    o.int64("window_end_ms", a.window_end_ms);
    o.string("template_id", a.template_id);
    o.integer("template_version", a.template_version);
    o.boolean("escalation", a.escalation);
    const rapidjson::Value* history = o.array("history");
    if (Status s = o.finish(); !s) return s.error();
    const std::string history_path = o.path("history");
    // Bounded from format 2 on; format-1 records replay as they were sealed, whatever their length.
    if (format >= kCustomerHistoryFormat && history->Size() > kMaxHistoryEntries) {
        return make_error(ErrorCode::malformed,
                          history_path + " holds more than " + std::to_string(kMaxHistoryEntries) + " entries");
    }
    for (rapidjson::SizeType i = 0; i < history->Size(); ++i) {
        auto h = read_history_entry((*history)[i], json_index_path(history_path, i), format);
        if (!h) return h.error();
        a.history.push_back(std::move(h).value());
    }
    return a;
}

std::string encode_assignment(const Assignment& a) { return assignment_json(a, kSealedRecordFormat).dump(); }

Expected<Assignment> decode_assignment(std::string_view json) {
    auto doc = parse_bounded_json(json, kMaxAssignmentBytes, kMaxAssignmentDepth);
    if (!doc) return make_error(ErrorCode::malformed, "assignment: " + doc.error().message);
    auto a = read_assignment(*doc, "$", kSealedRecordFormat);
    if (!a) return make_error(ErrorCode::malformed, "assignment: " + a.error().message);
    return a;
}

}  // namespace fc
