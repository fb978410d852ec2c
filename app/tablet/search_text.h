#pragma once
// Search text: how the day's list compares what the technician types with names, addresses and ids,
// ignoring case and the accents a gloved thumb leaves out ("Müller" is found by "muller").
#include <string>
#include <string_view>

namespace fc {

// `utf8` lowercased with Latin accents removed ("Ærø Straße" -> "aero strasse"); bytes that are not
// valid UTF-8 and letters outside Latin-1 and Latin Extended-A are kept as they are.
std::string search_folded(std::string_view utf8);

// True when every word of `query` (split on spaces) occurs in `folded_haystack`; an empty or blank
// query matches everything. Both sides are compared folded; `folded_haystack` must already be.
bool search_matches(std::string_view query, std::string_view folded_haystack);

}  // namespace fc
