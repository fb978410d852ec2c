#pragma once
// WireFields: reads one JSON object from the network field by field, type-checked, keeping the
// first problem; Debian's RapidJSON aborts on a wrong-typed Get*(), and these bytes come from anywhere.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "checklists/expected.h"

namespace fc {

class WireFields {
public:
    // `where` names the object in messages ("assignment 3", "receipt").
    WireFields(const rapidjson::Value& value, std::string where);

    std::string text(std::string_view key);
    std::int64_t integer(std::string_view key);
    bool flag(std::string_view key);
    const rapidjson::Value* array(std::string_view key);
    const rapidjson::Value* object(std::string_view key);

    bool ok() const { return !error_; }
    const Error& error() const { return *error_; }

private:
    const rapidjson::Value* member_(std::string_view key, bool (rapidjson::Value::*is)() const, const char* wanted);
    void fail_(std::string message);

    const rapidjson::Value* object_ = nullptr;
    std::string where_;
    std::optional<Error> error_;
};

}  // namespace fc
