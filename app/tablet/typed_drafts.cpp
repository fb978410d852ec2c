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
// not parse all the same (a hand-edited file) does not block the visit: the drafts start empty, and
// the write that replaces it reports what was lost.
Status TypedDrafts::load_() {
    if (loaded_) return {};
    auto stored = store_.setting(kTypedDraftsSetting);
    if (!stored) return stored.error();  // tried again next time: never written over unread
    loaded_ = true;
    if (!stored->has_value() || stored->value().empty()) return {};
    rapidjson::Document doc;
    doc.Parse(stored->value().c_str(), stored->value().size());
    if (doc.HasParseError() || !doc.IsObject()) {
        unreadable_ = make_error(ErrorCode::corrupt, "the typed drafts setting was not a JSON object; the drafts it held are lost");
        return {};
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

Status TypedDrafts::written_() {
    if (!unreadable_) return {};
    Error e = std::move(*unreadable_);
    unreadable_.reset();
    return e;
}

DraftFields TypedDrafts::get(const std::string& visit_id, const std::string& place) {
    (void)load_();  // a store that cannot be read has no drafts to show; put() reports it
    const auto visit = visits_.find(visit_id);
    if (visit == visits_.end()) return {};
    const auto found = visit->second.find(place);
    return found == visit->second.end() ? DraftFields{} : found->second;
}

Status TypedDrafts::put(const std::string& visit_id, const std::string& place, const DraftFields& fields) {
    if (Status loaded = load_(); !loaded) return loaded;
    DraftFields kept = without_empty(fields);
    Places& places = visits_[visit_id];
    const auto found = places.find(place);
    const bool same = kept.empty() ? found == places.end() : found != places.end() && found->second == kept;
    if (kept.empty()) places.erase(place);
    else places[place] = std::move(kept);
    if (places.empty()) visits_.erase(visit_id);
    if (same && !unreadable_) return {};
    if (Status s = save_(); !s) return s;
    return written_();
}

Status TypedDrafts::forget_visit(const std::string& visit_id) {
    if (Status loaded = load_(); !loaded) return loaded;
    if (visits_.erase(visit_id) == 0 && !unreadable_) return {};
    if (Status s = save_(); !s) return s;
    return written_();
}

}  // namespace fc
