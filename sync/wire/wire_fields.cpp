#include "wire_fields.h"

namespace fc {

WireFields::WireFields(const rapidjson::Value& value, std::string where) : where_(std::move(where)) {
    if (value.IsObject()) object_ = &value;
    else fail_(where_ + " must be a JSON object");
}

void WireFields::fail_(std::string message) {
    if (!error_) error_ = make_error(ErrorCode::malformed, std::move(message));
}

const rapidjson::Value* WireFields::member_(std::string_view key, bool (rapidjson::Value::*is)() const,
                                            const char* wanted) {
    if (!object_) return nullptr;
    const auto it = object_->FindMember(rapidjson::Value(rapidjson::StringRef(key.data(), key.size())));
    if (it == object_->MemberEnd()) {
        fail_(where_ + " has no \"" + std::string(key) + "\"");
        return nullptr;
    }
    if (!(it->value.*is)()) {
        fail_(where_ + ": \"" + std::string(key) + "\" must be " + wanted);
        return nullptr;
    }
    return &it->value;
}

std::string WireFields::text(std::string_view key) {
    const auto* v = member_(key, &rapidjson::Value::IsString, "a string");
    return v ? std::string(v->GetString(), v->GetStringLength()) : std::string();
}

std::int64_t WireFields::integer(std::string_view key) {
    const auto* v = member_(key, &rapidjson::Value::IsInt64, "an integer");
    return v ? v->GetInt64() : 0;
}

bool WireFields::flag(std::string_view key) {
    const auto* v = member_(key, &rapidjson::Value::IsBool, "true or false");
    return v ? v->GetBool() : false;
}

const rapidjson::Value* WireFields::array(std::string_view key) {
    return member_(key, &rapidjson::Value::IsArray, "a list");
}

const rapidjson::Value* WireFields::object(std::string_view key) {
    return member_(key, &rapidjson::Value::IsObject, "an object");
}

}  // namespace fc
