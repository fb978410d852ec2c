#include "wire_assignment_page.h"

#include "checklists/strict_json.h"
#include "checklists/visit.h"
#include "checklists/visit_json.h"

#include "wire_fields.h"
#include "wire_ids.h"
#include "wire_messages.h"

namespace fc {
namespace {

// The page carries each assignment in the core's canonical form (assignment_json) of the newest
// record format, so the core's strict reader reads it; the wire adds what an id from the network must be.
Expected<Assignment> assignment_from_wire(const rapidjson::Value& v, std::size_t index) {
    auto a = read_assignment(v, json_index_path("$.assignments", index), kSealedRecordFormat);
    if (!a) return a.error();
    const std::string where = "assignment " + std::to_string(index + 1);
    if (!is_wire_id(a->visit_id) || !is_wire_id(a->technician_id) || !is_wire_id(a->job_id) ||
        !is_wire_id(a->template_id)) {
        return make_error(ErrorCode::malformed, where + " has an id that is not 1 to 64 letters, digits, '-' or '_'");
    }
    if (a->template_version <= 0 || a->template_version > 1'000'000'000) {
        return make_error(ErrorCode::malformed, where + " has no valid template version");
    }
    return a;
}

}  // namespace

bool is_assignment_cursor(std::string_view s) {
    if (s.empty() || s.size() > 100) return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-')) return false;
    }
    return true;
}

std::string encode_assignment_page(const AssignmentPage& page) {
    auto items = CanonicalJson::array();
    for (const auto& a : page.assignments) items.push(assignment_json(a, kSealedRecordFormat));
    return CanonicalJson::object()
        .set("assignments", std::move(items))
        .set("cursor", page.cursor)
        .set("more", page.more)
        .dump();
}

Expected<AssignmentPage> decode_assignment_page(std::string_view body) {
    auto doc = parse_bounded_json(body, kMaxAssignmentPageBytes, kMaxWireDepth);
    if (!doc) return doc.error();
    WireFields top(*doc, "assignment page");
    AssignmentPage page;
    const rapidjson::Value* items = top.array("assignments");
    page.cursor = top.text("cursor");
    page.more = top.flag("more");
    if (!top.ok()) return top.error();
    if (!is_assignment_cursor(page.cursor)) return make_error(ErrorCode::malformed, "the assignment page's cursor is not valid");
    if (items->Size() > static_cast<rapidjson::SizeType>(kMaxAssignmentsPerPage)) {
        return make_error(ErrorCode::malformed, "the assignment page holds more than " + std::to_string(kMaxAssignmentsPerPage) +
                                           " assignments");
    }
    for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
        auto a = assignment_from_wire((*items)[i], i);
        if (!a) return a.error();
        page.assignments.push_back(std::move(a).value());
    }
    return page;
}

}  // namespace fc
