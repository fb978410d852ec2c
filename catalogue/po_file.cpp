#include "catalogue/po_file.h"

#include <fstream>
#include <map>
#include <sstream>

namespace fc::po {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// A quoted PO string ("a \"b\"\n") without its quotes and escapes; an error sets `problem`.
std::string unquote(std::string_view s, std::string& problem) {
    s = trim(s);
    if (s.size() < 2 || s.front() != '"' || s.back() != '"') {
        problem = "a string must be written in double quotes on one line";
        return {};
    }
    s = s.substr(1, s.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '"') {
            problem = "a double quote inside a string must be written \\\"";
            return {};
        }
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        if (++i == s.size()) {
            problem = "the string ends in a lone backslash";
            return {};
        }
        switch (s[i]) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            default: problem = std::string("unknown escape \\") + s[i] + " (only \\\" \\\\ \\n \\t)"; return {};
        }
    }
    return out;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 4;
        if (extra == 4 || i + extra >= s.size()) return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        }
        i += extra + 1;
    }
    return true;
}

bool valid_key(std::string_view key) {
    if (key.empty() || key.front() == '.' || key.back() == '.') return false;
    char previous = 0;
    for (const char c : key) {
        const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!word && c != '.') return false;
        if (c == '.' && previous == '.') return false;
        previous = c;
    }
    return true;
}

// The reader's state between lines: the entry being read and which of its strings continues.
struct Reader {
    PoRead out;
    enum class Field { None, Id, Str } field = Field::None;
    PoEntry entry;
    bool has_id = false;
    bool has_str = false;
    bool fuzzy = false;
    bool next_fuzzy = false;  // a "#, fuzzy" line flags the entry whose msgid follows it
    bool header_seen = false;
    bool unreadable = false;  // a string of this entry was already reported: no follow-on problems


    void problem(int line, const std::string& what) {
        out.problems.push_back(out.file.path + ":" + std::to_string(line) + ": " + what);
    }
    void finish_entry();
    void check_header(const PoEntry& header);
    void check_entry(const PoEntry& e);
    void read_line(std::string_view line, int number);
    void read_keyword(std::string_view line, int number);
};

void Reader::check_header(const PoEntry& header) {
    std::istringstream lines(header.text);
    for (std::string line; std::getline(lines, line);) {
        const std::string_view l = trim(line);
        if (starts_with(l, "Language:")) {
            const std::string_view lang = trim(l.substr(9));
            if (lang != out.file.language) {
                problem(header.line, "the header says Language: " + std::string(lang) + ", but the file is " +
                                         out.file.language + ".po");
            }
        } else if (starts_with(l, "Content-Type:") && l.find("charset=UTF-8") == std::string_view::npos) {
            problem(header.line, "the header must declare charset=UTF-8");
        }
    }
}

void Reader::check_entry(const PoEntry& e) {
    if (!valid_key(e.key)) {
        problem(e.line, "msgid \"" + e.key + "\" is not a key: lowercase words of a-z, 0-9 and _ joined by dots");
    }
    if (e.text.empty() && !unreadable) problem(e.line, "msgstr of \"" + e.key + "\" is empty: the message is not translated");
    if (!valid_utf8(e.text)) problem(e.line, "msgstr of \"" + e.key + "\" is not valid UTF-8");
    std::string bad;
    placeholders(e.text, &bad);
    if (!bad.empty()) problem(e.line, "msgstr of \"" + e.key + "\": " + bad);
}

void Reader::finish_entry() {
    if (has_id && !has_str) problem(entry.line, "msgid \"" + entry.key + "\" has no msgstr");
    if (has_id && has_str) {
        if (entry.key.empty() && !header_seen) {
            header_seen = true;
            check_header(entry);
        } else {
            // Why refuse rather than skip: a skipped entry is a missing key, found later on a screen.
            if (fuzzy) problem(entry.line, "\"" + entry.key + "\" is marked fuzzy: review the translation, then remove the flag");
            check_entry(entry);
            out.file.entries.push_back(entry);
        }
    }
    entry = {};
    has_id = has_str = fuzzy = unreadable = false;
    field = Field::None;
}

void Reader::read_keyword(std::string_view line, int number) {
    std::string bad;
    if (starts_with(line, "msgctxt")) {
        problem(number, "msgctxt is not used: a key is unique on its own");
    } else if (starts_with(line, "msgid_plural") || starts_with(line, "msgstr[")) {
        problem(number, "plural forms are not used: put the count in a {placeholder} of one sentence");
    } else if (starts_with(line, "msgid ")) {
        finish_entry();
        fuzzy = next_fuzzy;
        next_fuzzy = false;
        entry.line = number;
        entry.key = unquote(line.substr(6), bad);
        has_id = true;
        field = Field::Id;
    } else if (starts_with(line, "msgstr ")) {
        if (!has_id || has_str) {
            problem(number, "msgstr without a msgid before it");
        } else {
            entry.text = unquote(line.substr(7), bad);
            has_str = true;
            field = Field::Str;
        }
    } else {
        problem(number, "unexpected text; an entry is msgid \"key\" then msgstr \"text\"");
    }
    if (!bad.empty()) {
        problem(number, bad);
        unreadable = true;
    }
}

void Reader::read_line(std::string_view raw, int number) {
    const std::string_view line = trim(raw);
    if (line.empty()) return;
    if (line.front() == '#') {
        // "#," carries flags; "#~" is an obsolete entry editors keep; other comments are for people.
        if (starts_with(line, "#,") && line.find("fuzzy") != std::string_view::npos) next_fuzzy = true;
        return;
    }
    if (line.front() != '"') {
        read_keyword(line, number);
        return;
    }
    std::string bad;
    const std::string more = unquote(line, bad);
    if (!bad.empty()) {
        problem(number, bad);
        unreadable = true;
    }
    if (field == Field::Id) entry.key += more;
    else if (field == Field::Str) entry.text += more;
    else problem(number, "a continued string must follow msgid or msgstr");
}

std::string language_of(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name.size() > 3 && name.compare(name.size() - 3, 3, ".po") == 0) name.resize(name.size() - 3);
    return name;
}

}  // namespace

std::set<std::string> placeholders(std::string_view text, std::string* problem) {
    std::set<std::string> names;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '}') {
            if (problem) *problem = "a '}' without its '{'";
            return names;
        }
        if (text[i] != '{') continue;
        const std::size_t end = text.find('}', i);
        const std::string_view name = end == std::string_view::npos ? std::string_view() : text.substr(i + 1, end - i - 1);
        const bool ok = !name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string_view::npos;
        if (!ok) {
            if (problem) *problem = "a placeholder is {name} in lowercase letters, digits and _";
            return names;
        }
        names.emplace(name);
        i = end;
    }
    return names;
}

PoRead parse_po(std::string_view text, const std::string& path) {
    Reader r;
    r.out.file.path = path;
    r.out.file.language = language_of(path);
    int number = 0;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        r.read_line(text.substr(0, end), ++number);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
    r.finish_entry();
    std::map<std::string, int> first;
    for (const PoEntry& e : r.out.file.entries) {
        const auto [it, fresh] = first.emplace(e.key, e.line);
        if (!fresh) r.problem(e.line, "duplicate key \"" + e.key + "\" (first at line " + std::to_string(it->second) + ")");
    }
    return std::move(r.out);
}

PoRead read_po_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        PoRead r;
        r.file.path = path;
        r.problems.push_back(path + ":1: cannot open the file");
        return r;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_po(text.str(), path);
}

}  // namespace fc::po
