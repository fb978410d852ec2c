#include "sync/depot/web/page_language.h"

#include <string_view>

namespace fc {
namespace {

// Accept-Language in the order given (weights ignored: browsers send them in falling order anyway);
// "nl-NL" counts as "nl".
std::optional<Lang> accepted_language(std::string_view header) {
    while (!header.empty()) {
        const std::size_t comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        const std::size_t end = item.find_first_of("-;_ ");
        std::string code(item.substr(0, end));
        for (char& c : code) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (auto lang = lang_from_code(code)) return lang;
    }
    return std::nullopt;
}

}  // namespace

Lang page_language(const httplib::Request& req, const std::optional<std::string>& template_language) {
    if (template_language) {
        if (auto lang = lang_from_code(*template_language)) return *lang;
    }
    if (auto lang = accepted_language(req.get_header_value("Accept-Language"))) return *lang;
    return Lang::Nl;
}

}  // namespace fc
