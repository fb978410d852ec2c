#pragma once
// FieldReader: reads the fields of one JSON object of a template, reporting every missing, empty,
// wrong-typed, duplicated or unknown key to a ProblemList instead of stopping at the first.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "template_problem_list.h"

namespace fc {

enum class Need { Required, Optional };
// Line: a title or label, one line. Paragraph: help text, may hold line breaks and tabs.
enum class TextShape { Line, Paragraph };

// Why every accessor checks the type first: Debian's RapidJSON asserts (aborts) on a wrong-typed
// Get*(), and template bytes come from anywhere.
class FieldReader {
public:
    // `noun` names the object in messages ("step", "survey question"). Keys outside `known` are
    // reported; a key in `answer_keys` gets `answer_key_message` instead of "unknown key".
    FieldReader(const rapidjson::Value& object, std::string path, std::string noun, ProblemList& problems,
                const std::vector<std::string_view>& known, const std::vector<std::string_view>& answer_keys = {},
                std::string answer_key_message = {});

    const std::string& path() const { return path_; }
    std::string path_of(std::string_view key) const { return member_path(path_, key); }
    bool has(std::string_view key) const { return find(key) != nullptr; }
    const rapidjson::Value* find(std::string_view key) const;

    std::optional<std::string> text(std::string_view key, Need need, TextShape shape = TextShape::Line);
    // An id: `extra` lists the characters allowed besides a-z and 0-9 ("-" or "-_").
    std::optional<std::string> id(std::string_view key, std::string_view extra, std::string_view example);
    // One of `allowed`; anything else is reported as "unknown <what> 'x'" with the allowed values.
    std::optional<std::string> one_of(std::string_view key, Need need, const std::vector<std::string_view>& allowed,
                                      std::string_view what);
    std::optional<bool> flag(std::string_view key, Need need);
    std::optional<double> number(std::string_view key, Need need);
    const rapidjson::Value* list(std::string_view key, Need need);
    const rapidjson::Value* object(std::string_view key, Need need);

    void report(std::string_view key, std::string message, ErrorCode code = ErrorCode::invalid_template) {
        problems_.add(path_of(key), std::move(message), code);
    }

private:
    // The field's value when present with the wanted type; reports missing / wrong type otherwise.
    const rapidjson::Value* typed(std::string_view key, Need need, bool (rapidjson::Value::*is)() const,
                                  const char* wanted);

    const rapidjson::Value& object_;
    std::string path_;
    std::string noun_;
    ProblemList& problems_;
};

// "a string", "a number", "a list", ... for "must be X, not Y" sentences.
std::string json_type_name(const rapidjson::Value& v);
std::string_view string_view_of(const rapidjson::Value& v);  // only after IsString()
// " (did you mean 'required'?)" when `word` is a likely typo of one of `candidates`, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);
std::string join(const std::vector<std::string_view>& words, std::string_view separator);
// Shortest decimal that reads back as the same double, for messages.
std::string number_text(double d);

}  // namespace fc
