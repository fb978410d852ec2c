#include "app/tablet/typed_drafts.h"

#include <rapidjson/document.h>

#include "checklists/canonical_json.h"

namespace fc {
namespace {

DraftFields without_empty(const DraftFields& fields) {
    DraftFields out;
    for (const auto& [name, text] : fields) {
        if (!text.empty()) out.emplace(name, text);
    }
    return out;
}

}  // namespace

// Read once: this app is the setting's only writer, each write one transaction. A setting that does
// not parse all the same (a hand-edited file) is reported once, and the drafts start empty rather
// than block the visit.
Status TypedDrafts::load_() {
    if (loaded_) return {};
    loaded_ = true;
    auto stored = store_.setting(kTypedDraftsSetting);
    if (!stored) return stored.error();
    if (!stored->has_value() || stored->value().empty()) return {};
    rapidjson::Document doc;
    doc.Parse(stored->value().c_str(), stored->value().size());
    if (doc.HasParseError() || !doc.IsObject()) {
        return make_error(ErrorCode::corrupt, "the typed drafts setting is not a JSON object; drafts start empty");
    }
    for (const auto& visit : doc.GetObject()) {
        if (!visit.value.IsObject()) continue;
        Places& places = visits_[visit.name.GetString()];
        for (const auto& place : visit.value.GetObject()) {
            if (!place.value.IsObject()) continue;
            DraftFields& fields = places[place.name.GetString()];
            for (const auto& field : place.value.GetObject()) {
                if (field.value.IsString()) fields[field.name.GetString()] = field.value.GetString();
            }
        }
    }
    return {};
}

Status TypedDrafts::save_() {
    CanonicalJson all = CanonicalJson::object();
    for (const auto& [visit_id, places] : visits_) {
        CanonicalJson visit = CanonicalJson::object();
        for (const auto& [place, fields] : places) {
            CanonicalJson f = CanonicalJson::object();
            for (const auto& [name, text] : fields) f.set(name, text);
            visit.set(place, std::move(f));
        }
        all.set(visit_id, std::move(visit));
    }
    return store_.set_setting(kTypedDraftsSetting, visits_.empty() ? std::string() : all.dump());
}

DraftFields TypedDrafts::get(const std::string& visit_id, const std::string& place) {
    (void)load_();  // an unreadable setting means no drafts; put() reports it
    const auto visit = visits_.find(visit_id);
    if (visit == visits_.end()) return {};
    const auto found = visit->second.find(place);
    return found == visit->second.end() ? DraftFields{} : found->second;
}

Status TypedDrafts::put(const std::string& visit_id, const std::string& place, const DraftFields& fields) {
    const Status loaded = load_();
    DraftFields kept = without_empty(fields);
    Places& places = visits_[visit_id];
    const auto found = places.find(place);
    const bool same = kept.empty() ? found == places.end() : found != places.end() && found->second == kept;
    if (kept.empty()) places.erase(place);
    else places[place] = std::move(kept);
    if (places.empty()) visits_.erase(visit_id);
    if (same) return loaded;
    if (Status s = save_(); !s) return s;
    return loaded;
}

Status TypedDrafts::forget_visit(const std::string& visit_id) {
    const Status loaded = load_();
    if (visits_.erase(visit_id) == 0) return loaded;
    if (Status s = save_(); !s) return s;
    return loaded;
}

}  // namespace fc
