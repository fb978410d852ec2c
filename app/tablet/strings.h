#pragma once
// Strings: the message catalogue in one language, as a screen holds it: t("today.title").
// Every word the tablet shows comes from catalogue/po by key; template text is shown as written.
#include <string>
#include <string_view>

#include "catalogue/catalogue.h"
#include "catalogue/lang.h"
#include "catalogue/message_key.h"
#include "checklists/expected.h"

namespace fc {

class Strings {
public:
    explicit Strings(Lang lang) : lang_(lang) {}
    Lang lang() const { return lang_; }
    // A key written in the code, checked against the catalogue while compiling.
    std::string operator()(Key key, const Params& params = {}) const { return text(lang_, key.name(), params); }
    // A key made at run time from an engine's name ("cause." + to_string(kind)); an unknown one
    // shows as [[key]], which the screen tests look for.
    std::string lookup(std::string_view key, const Params& params = {}) const { return text(lang_, key, params); }

private:
    Lang lang_;
};

// An error for the person at the screen, in `t`'s language, from its code and params alone (never
// the engine's English sentence). `subject` is what the screen was about when it was refused: the
// step's, precheck's, item's or question's title, or the file or folder the app looked at.
std::string error_text(const Error& e, const Strings& t, const std::string& subject = {});

}  // namespace fc
