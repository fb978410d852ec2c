#pragma once
// TypedDrafts: text typed on a visit's screens that is not (yet) an answer, kept in the device store
// so that Back, Next, leaving the visit or a crash never loses it. Drafts are never sealed or sent.
#include <map>
#include <optional>
#include <string>

#include "checklists/expected.h"
#include "sync/store/device_store.h"

namespace fc {

// The one setting that holds every visit's drafts, as JSON {visit: {place: {field: text}}}. Why one
// setting and not a table: drafts are few and small, and forgetting a closed visit's drafts then
// leaves nothing behind in the store.
inline constexpr const char* kTypedDraftsSetting = "typed_drafts";

// DraftFields: one screen's typed fields by name ("text", "note"); empty values are not kept.
using DraftFields = std::map<std::string, std::string>;

class TypedDrafts {
public:
    explicit TypedDrafts(DeviceStore& store) : store_(store) {}

    // `place` names where on the visit the text was typed: "step:<step id>", "close".
    DraftFields get(const std::string& visit_id, const std::string& place);
    // Writes through to the store before returning; fields all empty removes the draft. The first
    // write over a setting that could not be read says so ("corrupt"), after writing.
    Status put(const std::string& visit_id, const std::string& place, const DraftFields& fields);
    // A closed visit has nothing left to type: its drafts go.
    Status forget_visit(const std::string& visit_id);

private:
    using Places = std::map<std::string, DraftFields>;
    Status load_();
    Status save_();
    Status written_();  // after a save: the unreadable setting it replaced, once

    DeviceStore& store_;
    bool loaded_ = false;
    std::optional<Error> unreadable_;
    std::map<std::string, Places> visits_;
};

}  // namespace fc
