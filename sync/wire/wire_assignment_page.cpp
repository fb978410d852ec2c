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

bool one_line_text(const std::string& s, std::size_t max_bytes) {
    if (s.size() > max_bytes || !is_valid_utf8(s)) return false;
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7F) return false;
    }
    return true;
}

Expected<std::vector<PrecheckConfirmation>> confirmations_from_wire(const rapidjson::Value& list) {
    if (!list.IsArray()) return make_error(ErrorCode::malformed, "the assignment page's \"confirmations\" must be a list");
    if (list.Size() > static_cast<rapidjson::SizeType>(kMaxConfirmationsPerPage)) {
        return make_error(ErrorCode::malformed, "the assignment page holds more than " +
                                                    std::to_string(kMaxConfirmationsPerPage) + " confirmations");
    }
    std::vector<PrecheckConfirmation> out;
    for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
        const std::string where = "confirmation " + std::to_string(i + 1);
        WireFields f(list[i], where);
        PrecheckConfirmation c{f.text("visit_id"), f.text("precheck_id"), f.text("by"), f.integer("at")};
        if (!f.ok()) return f.error();
        if (!is_wire_id(c.visit_id) || !is_wire_id(c.precheck_id)) {
            return make_error(ErrorCode::malformed, where + " has an id that is not 1 to 64 letters, digits, '-' or '_'");
        }
        if (c.by.empty() || !one_line_text(c.by, kMaxConfirmedByBytes) || c.at_ms <= 0) {
            return make_error(ErrorCode::malformed, where + " needs who confirmed it (one line, at most " +
                                                        std::to_string(kMaxConfirmedByBytes) + " bytes) and a time after 1970");
        }
        out.push_back(std::move(c));
    }
    return out;
}

Expected<std::vector<std::string>> withdrawn_from_wire(const rapidjson::Value& list) {
    if (!list.IsArray()) return make_error(ErrorCode::malformed, "the assignment page's \"withdrawn\" must be a list");
    if (list.Size() > static_cast<rapidjson::SizeType>(kMaxAssignmentsPerPage)) {
        return make_error(ErrorCode::malformed, "the assignment page withdraws more than " +
                                                    std::to_string(kMaxAssignmentsPerPage) + " visits");
    }
    std::vector<std::string> out;
    for (const auto& id : list.GetArray()) {
        if (!id.IsString() || !is_wire_id(std::string_view(id.GetString(), id.GetStringLength()))) {
            return make_error(ErrorCode::malformed, "the assignment page withdraws a visit id that is not 1 to 64 "
                                                    "letters, digits, '-' or '_'");
        }
        out.emplace_back(id.GetString(), id.GetStringLength());
    }
    return out;
}

Expected<CompanyContact> contact_from_wire(const rapidjson::Value& v) {
    WireFields f(v, "the assignment page's contact");
    CompanyContact c{f.text("company"), f.text("helpdesk")};
    if (!f.ok()) return f.error();
    if (Status s = check_contact(c); !s) return make_error(ErrorCode::malformed, s.error().message);
    return c;
}

// The fields an older depot does not send: absent is empty, present must be right.
Status planning_from_wire(const rapidjson::Value& doc, AssignmentPage& page) {
    if (const auto it = doc.FindMember("confirmations"); it != doc.MemberEnd()) {
        auto list = confirmations_from_wire(it->value);
        if (!list) return list.error();
        page.confirmations = std::move(list).value();
    }
    if (const auto it = doc.FindMember("withdrawn"); it != doc.MemberEnd()) {
        auto list = withdrawn_from_wire(it->value);
        if (!list) return list.error();
        page.withdrawn = std::move(list).value();
    }
    if (const auto it = doc.FindMember("contact"); it != doc.MemberEnd()) {
        auto contact = contact_from_wire(it->value);
        if (!contact) return contact.error();
        page.contact = std::move(contact).value();
    }
    return {};
}

}  // namespace

Status check_contact(const CompanyContact& contact) {
    if (!one_line_text(contact.company, kMaxCompanyBytes)) {
        return make_error(ErrorCode::bad_setting, "the company name is at most " + std::to_string(kMaxCompanyBytes) +
                                                      " bytes of text on one line");
    }
    bool phone = contact.helpdesk.size() <= kMaxHelpdeskBytes;
    for (char c : contact.helpdesk) phone = phone && ((c >= '0' && c <= '9') || std::string_view(" +-()/.").find(c) != std::string_view::npos);
    if (!phone) {
        return make_error(ErrorCode::bad_setting, "the helpdesk number is at most " + std::to_string(kMaxHelpdeskBytes) +
                                                      " digits, spaces and + - ( ) / . like +31 30 123 45 67");
    }
    return {};
}

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
    auto confirmations = CanonicalJson::array();
    for (const auto& c : page.confirmations) {
        confirmations.push(CanonicalJson::object().set("at", c.at_ms).set("by", c.by).set("precheck_id", c.precheck_id).set("visit_id", c.visit_id));
    }
    auto withdrawn = CanonicalJson::array();
    for (const auto& id : page.withdrawn) withdrawn.push(id);
    auto out = CanonicalJson::object();
    out.set("assignments", std::move(items))
        .set("confirmations", std::move(confirmations))
        .set("cursor", page.cursor)
        .set("more", page.more)
        .set("withdrawn", std::move(withdrawn));
    if (page.contact) out.set("contact", CanonicalJson::object().set("company", page.contact->company).set("helpdesk", page.contact->helpdesk));
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
    if (Status s = planning_from_wire(*doc, page); !s) return s.error();
    return page;
}

}  // namespace fc
