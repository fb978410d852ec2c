#include "sync/depot/office/template_comparison.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>
#include <set>

#include "checklists/template_parser.h"

namespace fc {
namespace {

using rapidjson::Value;

std::string shown(const Value* v) {
    if (v == nullptr) return {};
    if (v->IsString()) return std::string(v->GetString(), v->GetStringLength());
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> writer(out);
    v->Accept(writer);
    return std::string(out.GetString(), out.GetSize());
}

const Value* member(const Value& object, const std::string& name) {
    if (!object.IsObject()) return nullptr;
    const auto it = object.FindMember(name.c_str());
    return it == object.MemberEnd() ? nullptr : &it->value;
}

// A section is an array of objects each with a string id: compared item by item, not as one value.
bool is_section(const Value* v) {
    if (v == nullptr || !v->IsArray()) return false;
    for (const Value& item : v->GetArray()) {
        const Value* id = member(item, "id");
        if (id == nullptr || !id->IsString()) return false;
    }
    return true;
}

// Every field of either object whose value differs, except `skip`, in name order (canonical JSON's).
std::vector<FieldChange> changed_fields(const Value& from, const Value& to, const std::set<std::string>& skip) {
    std::set<std::string> names;
    for (const Value* o : {&from, &to}) {
        if (!o->IsObject()) continue;
        for (const auto& m : o->GetObject()) names.insert(std::string(m.name.GetString(), m.name.GetStringLength()));
    }
    std::vector<FieldChange> out;
    for (const std::string& name : names) {
        if (skip.count(name)) continue;
        const Value* a = member(from, name);
        const Value* b = member(to, name);
        if (a && b && *a == *b) continue;
        out.push_back({name, shown(a), shown(b)});
    }
    return out;
}

std::map<std::string, const Value*> by_id(const Value* section) {
    std::map<std::string, const Value*> out;
    if (section == nullptr) return out;
    for (const Value& item : section->GetArray()) out[member(item, "id")->GetString()] = &item;
    return out;
}

void compare_section(const std::string& name, const Value* from, const Value* to, std::vector<ItemChange>& out) {
    const auto old_items = by_id(from);
    const auto new_items = by_id(to);
    if (to != nullptr) {
        for (const Value& item : to->GetArray()) {
            const std::string id = member(item, "id")->GetString();
            const auto old = old_items.find(id);
            ItemChange c{name, id, shown(member(item, "title")), ItemChange::Kind::Added, {}};
            if (old != old_items.end()) {
                c.kind = ItemChange::Kind::Changed;
                c.fields = changed_fields(*old->second, item, {"id"});
                if (c.fields.empty()) continue;
            }
            out.push_back(std::move(c));
        }
    }
    if (from != nullptr) {
        for (const Value& item : from->GetArray()) {
            const std::string id = member(item, "id")->GetString();
            if (!new_items.count(id)) out.push_back({name, id, shown(member(item, "title")), ItemChange::Kind::Removed, {}});
        }
    }
}

}  // namespace

TemplateComparison compare_templates(const ChecklistTemplate& from, const ChecklistTemplate& to) {
    rapidjson::Document a, b;
    a.Parse(template_to_json(from).c_str());
    b.Parse(template_to_json(to).c_str());
    TemplateComparison out;
    if (a.HasParseError() || b.HasParseError() || !a.IsObject() || !b.IsObject()) return out;
    std::set<std::string> sections;
    for (const Value* doc : {static_cast<const Value*>(&a), static_cast<const Value*>(&b)}) {
        for (const auto& m : doc->GetObject()) {
            const std::string name = m.name.GetString();
            if (is_section(&m.value) && is_section(member(a, name) ? member(a, name) : &m.value) &&
                is_section(member(b, name) ? member(b, name) : &m.value)) {
                sections.insert(name);
            }
        }
    }
    // The version itself differs by definition: the page's heading says which two these are.
    std::set<std::string> skip = sections;
    skip.insert("version");
    out.fields = changed_fields(a, b, skip);
    // The order tablets show them in, whatever order canonical JSON keeps the keys in.
    for (const char* name : {"prechecks", "steps", "handover", "survey"}) {
        if (sections.erase(name)) compare_section(name, member(a, name), member(b, name), out.items);
    }
    for (const std::string& name : sections) compare_section(name, member(a, name), member(b, name), out.items);
    return out;
}

}  // namespace fc
