#include "catalogue/error_message.h"

#include "catalogue/catalogue.h"

namespace fc {

std::string error_message(Lang lang, const Error& e, std::string_view subject) {
    const std::string key = "error." + to_string(e.code);
    if (!subject.empty() && has_key(key + ".about")) {
        Params params;
        for (const auto& p : e.params) {
            if (p.first != "subject") params.push_back(p);  // the caller's subject is the more exact one
        }
        params.emplace_back("subject", std::string(subject));
        return text(lang, key + ".about", params);
    }
    return text(lang, key, e.params);
}

}  // namespace fc
