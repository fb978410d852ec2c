#pragma once
// StrictObject: reads one untrusted JSON object field by field; wrong types, duplicate and unknown keys are errors.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "expected.h"

namespace fc {

// Why "first error wins": decoders read every field in a row without an `if` per line, then ask
// finish() once; the error names the JSON path ("$.events[3].seq") so a person can find it.
// Every accessor checks the RapidJSON type before reading: Debian's RapidJSON aborts on a wrong-type
// access, and these bytes come from outside.
class StrictObject {
public:
    StrictObject(const rapidjson::Value& v, std::string path);

    void string(const char* key, std::string& out);
    void int64(const char* key, std::int64_t& out);
    void integer(const char* key, int& out);
    void number(const char* key, double& out);  // finite
    void boolean(const char* key, bool& out);
    const rapidjson::Value* array(const char* key);   // nullptr after an error
    const rapidjson::Value* object(const char* key);  // nullptr after an error
    // Optional fields keep `out` as it is when the key is absent.
    void optional_string(const char* key, std::string& out);
    void optional_number(const char* key, double& out);
    const rapidjson::Value* optional_array(const char* key);  // nullptr when absent or after an error

    bool ok() const { return !error_; }
    std::string path(const char* key) const { return path_ + "." + key; }
    // The first problem, or one for a key that was never read (unknown to this version).
    Status finish() const;
    void fail(const std::string& where, const std::string& what);

private:
    const rapidjson::Value* find_(const char* key, bool required);

    const rapidjson::Value& v_;
    std::string path_;
    std::vector<std::string> read_;
    std::optional<Error> error_;
};

// "$.events[3]"
std::string json_index_path(const std::string& path, std::size_t i);

}  // namespace fc
