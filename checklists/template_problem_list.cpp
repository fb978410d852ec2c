#include "template_problem_list.h"

#include <cstdio>

namespace fc {

void ProblemList::add(std::string path, std::string message, ErrorCode code) {
    ++count_;
    if (kept_.size() < cap_) kept_.push_back(TemplateProblem{std::move(path), std::move(message), code});
}

std::vector<TemplateProblem> ProblemList::take() && {
    if (count_ > kept_.size()) {
        const std::size_t more = count_ - kept_.size();
        kept_.push_back(TemplateProblem{
            "$", "\u2026 and " + std::to_string(more) + " more problem" + (more == 1 ? "" : "s") +
                     " not listed; fix the ones above and check again"});
    }
    return std::move(kept_);
}

namespace {

bool is_plain_key(std::string_view key) {
    if (key.empty()) return false;
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        const bool digit = c >= '0' && c <= '9';
        if (!letter && !(digit && i > 0)) return false;
    }
    return true;
}

// Appends `text` with control characters escaped, at most `max_chars` code points; the input is
// valid UTF-8 (json_guard checked it), so a code point starts at every non-continuation byte.
void append_escaped(std::string& out, std::string_view text, std::size_t max_chars, char quote) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool starts_char = (c & 0xC0) != 0x80;
        if (starts_char && ++chars > max_chars) {
            out += "\u2026";
            return;
        }
        char buf[16];
        if (c < 0x20 || c == 0x7F) {
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            out += buf;
        } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
            // U+0080..U+009F: C1 control characters, which some terminals also obey.
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(text[i + 1])));
            out += buf;
            ++i;
        } else if (static_cast<char>(c) == quote || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else {
            out += static_cast<char>(c);
        }
    }
}

}  // namespace

std::string member_path(const std::string& parent, std::string_view key) {
    if (is_plain_key(key)) return parent + "." + std::string(key);
    std::string out = parent + "[\"";
    append_escaped(out, key, 60, '"');
    out += "\"]";
    return out;
}

std::string index_path(const std::string& parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

std::string quoted(std::string_view text) {
    std::string out = "'";
    append_escaped(out, text, 60, '\'');
    out += "'";
    return out;
}

}  // namespace fc
