#include "wire_assignment_page.h"

#include "checklists/strict_json.h"
#include "checklists/visit_json.h"

#include "wire_fields.h"
#include "wire_ids.h"
#include "wire_messages.h"

namespace fc {
namespace {

// The page carries each assignment in the core's canonical form (assignment_json), so the core's
// strict reader reads it; the wire adds what an id from the network must be.
Expected<Assignment> assignment_from_wire(const rapidjson::Value& v, std::size_t index) {
    auto a = read_assignment(v, json_index_path("$.assignments", index));
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

// A confirmation's shape on the wire: {"visit_id","precheck_id","by","at"} with "at" in UTC ms.
// What it says (a blank "by", a precheck checked on arrival) is the visit's rules' to judge.
Expected<PrecheckConfirmation> confirmation_from_wire(const rapidjson::Value& v, std::size_t index) {
    WireFields f(v, "confirmation " + std::to_string(index + 1));
    PrecheckConfirmation c;
    c.visit_id = f.text("visit_id");
    c.precheck_id = f.text("precheck_id");
    c.by = f.text("by");
    c.at_ms = f.integer("at");
    if (!f.ok()) return f.error();
    if (!is_wire_id(c.visit_id) || !is_wire_id(c.precheck_id)) {
        return make_error(ErrorCode::malformed, "confirmation " + std::to_string(index + 1) +
                                                    " has an id that is not 1 to 64 letters, digits, '-' or '_'");
    }
    if (c.at_ms < 0) return make_error(ErrorCode::malformed, "confirmation " + std::to_string(index + 1) + " has no valid time");
    return c;
}

Expected<std::vector<std::string>> withdrawn_from_wire(const rapidjson::Value& list) {
    std::vector<std::string> out;
    for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
        const rapidjson::Value& id = list[i];
        if (!id.IsString() || !is_wire_id(std::string_view(id.GetString(), id.GetStringLength()))) {
            return make_error(ErrorCode::malformed, "withdrawn visit " + std::to_string(i + 1) + " is not a visit id");
        }
        out.emplace_back(id.GetString(), id.GetStringLength());
    }
    return out;
}

Expected<CompanyContact> contact_from_wire(const rapidjson::Value& v) {
    WireFields f(v, "contact");
    CompanyContact c{f.text("company"), f.text("helpdesk")};
    if (!f.ok()) return f.error();
    if (c.company.size() > kMaxContactBytes || c.helpdesk.size() > kMaxContactBytes) {
        return make_error(ErrorCode::malformed, "the contact's company or helpdesk is longer than " +
                                                    std::to_string(kMaxContactBytes) + " bytes");
    }
    return c;
}

// The fields a depot of issue 10 adds to a page; each may be absent (an older depot), never null.
Status read_down_sync_fields(const rapidjson::Value& top, AssignmentPage& page) {
    const auto member = [&](const char* key) -> const rapidjson::Value* {
        const auto it = top.FindMember(key);
        return it == top.MemberEnd() ? nullptr : &it->value;
    };
    if (const rapidjson::Value* list = member("confirmations")) {
        if (!list->IsArray()) return make_error(ErrorCode::malformed, "assignment page: \"confirmations\" must be a list");
        for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
            auto c = confirmation_from_wire((*list)[i], i);
            if (!c) return c.error();
            page.confirmations.push_back(std::move(c).value());
        }
    }
    if (const rapidjson::Value* list = member("withdrawn")) {
        if (!list->IsArray()) return make_error(ErrorCode::malformed, "assignment page: \"withdrawn\" must be a list");
        auto ids = withdrawn_from_wire(*list);
        if (!ids) return ids.error();
        page.withdrawn = std::move(ids).value();
    }
    if (const rapidjson::Value* contact = member("contact")) {
        auto c = contact_from_wire(*contact);
        if (!c) return c.error();
        page.contact = std::move(c).value();
    }
    return {};
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
    for (const auto& a : page.assignments) items.push(assignment_json(a));
    auto out = CanonicalJson::object();
    out.set("assignments", std::move(items)).set("cursor", page.cursor).set("more", page.more);
    // Written only when there is something to say, so a page without them keeps its old bytes.
    if (!page.confirmations.empty()) {
        auto confirmations = CanonicalJson::array();
        for (const PrecheckConfirmation& c : page.confirmations) {
            confirmations.push(CanonicalJson::object()
                                   .set("visit_id", c.visit_id)
                                   .set("precheck_id", c.precheck_id)
                                   .set("by", c.by)
                                   .set("at", c.at_ms));
        }
        out.set("confirmations", std::move(confirmations));
    }
    if (!page.withdrawn.empty()) {
        auto withdrawn = CanonicalJson::array();
        for (const std::string& id : page.withdrawn) withdrawn.push(id);
        out.set("withdrawn", std::move(withdrawn));
    }
    if (page.contact) {
        out.set("contact", CanonicalJson::object().set("company", page.contact->company).set("helpdesk", page.contact->helpdesk));
    }
    return out.dump();
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
    if (Status s = read_down_sync_fields(*doc, page); !s) return s.error();
    return page;
}

}  // namespace fc
