#pragma once
// PoFile: one language's .po file read into key/text entries, for the build-time catalogue compiler.
// It knows only what fieldcheck's catalogue uses: no msgctxt, no plural forms, no fuzzy entries.
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fc::po {

// PoEntry: one msgid (a stable key such as "today.title") and its msgstr, with where it was written.
struct PoEntry {
    std::string key;
    std::string text;
    int line = 0;  // of the msgid
};

// PoFile: the entries of one file, in file order; `language` is the file's name without ".po".
struct PoFile {
    std::string path;
    std::string language;
    std::vector<PoEntry> entries;
};

// Every problem is a line "file:line: what is wrong", the form editors and CI logs link to.
struct PoRead {
    PoFile file;
    std::vector<std::string> problems;
};

PoRead read_po_file(const std::string& path);
// The same, from text already in memory (tests); `path` only names it in problems.
PoRead parse_po(std::string_view text, const std::string& path);

// The {name} placeholders of a message; a problem for a stray brace or a bad name.
std::set<std::string> placeholders(std::string_view text, std::string* problem = nullptr);

}  // namespace fc::po
