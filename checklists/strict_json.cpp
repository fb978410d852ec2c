#include "strict_json.h"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace fc {
namespace {

std::string_view name_of(const rapidjson::Value::Member& m) {
    return {m.name.GetString(), m.name.GetStringLength()};
}

}  // namespace

StrictObject::StrictObject(const rapidjson::Value& v, std::string path) : v_(v), path_(std::move(path)) {
    if (!v_.IsObject()) {
        fail(path_, "must be an object");
        return;
    }
    // Sorted copy of the names: duplicates are found in n log n, whatever the object's size.
    std::vector<std::string_view> names;
    names.reserve(v_.MemberCount());
    for (const auto& m : v_.GetObject()) names.push_back(name_of(m));
    std::sort(names.begin(), names.end());
    const auto dup = std::adjacent_find(names.begin(), names.end());
    if (dup != names.end()) fail(path_ + "." + std::string(*dup), "appears more than once");
}

void StrictObject::fail(const std::string& where, const std::string& what) {
    if (ok()) error_ = make_error(ErrorCode::malformed, where + " " + what);
}

const rapidjson::Value* StrictObject::find_(const char* key, bool required) {
    if (!ok()) return nullptr;
    read_.emplace_back(key);
    const std::string_view k(key);
    for (const auto& m : v_.GetObject()) {
        if (name_of(m) == k) return &m.value;
    }
    if (required) fail(path(key), "is missing");
    return nullptr;
}

void StrictObject::string(const char* key, std::string& out) {
    const rapidjson::Value* f = find_(key, true);
    if (!f) return;
    if (!f->IsString()) return fail(path(key), "must be a string");
    out.assign(f->GetString(), f->GetStringLength());
}

void StrictObject::optional_string(const char* key, std::string& out) {
    const rapidjson::Value* f = find_(key, false);
    if (!f) return;
    if (!f->IsString()) return fail(path(key), "must be a string");
    out.assign(f->GetString(), f->GetStringLength());
}

void StrictObject::int64(const char* key, std::int64_t& out) {
    const rapidjson::Value* f = find_(key, true);
    if (!f) return;
    if (!f->IsInt64()) return fail(path(key), "must be a whole number (64-bit)");
    out = f->GetInt64();
}

void StrictObject::integer(const char* key, int& out) {
    const rapidjson::Value* f = find_(key, true);
    if (!f) return;
    if (!f->IsInt()) return fail(path(key), "must be a whole number (32-bit)");
    out = f->GetInt();
}

void StrictObject::number(const char* key, double& out) {
    const rapidjson::Value* f = find_(key, true);
    if (!f) return;
    if (!f->IsNumber() || !std::isfinite(f->GetDouble())) return fail(path(key), "must be a number");
    out = f->GetDouble();
}

void StrictObject::optional_number(const char* key, double& out) {
    const rapidjson::Value* f = find_(key, false);
    if (!f) return;
    if (!f->IsNumber() || !std::isfinite(f->GetDouble())) return fail(path(key), "must be a number");
    out = f->GetDouble();
}

void StrictObject::boolean(const char* key, bool& out) {
    const rapidjson::Value* f = find_(key, true);
    if (!f) return;
    if (!f->IsBool()) return fail(path(key), "must be true or false");
    out = f->GetBool();
}

const rapidjson::Value* StrictObject::array(const char* key) {
    const rapidjson::Value* f = find_(key, true);
    if (!f) return nullptr;
    if (!f->IsArray()) {
        fail(path(key), "must be an array");
        return nullptr;
    }
    return f;
}

const rapidjson::Value* StrictObject::optional_array(const char* key) {
    const rapidjson::Value* f = find_(key, false);
    if (!f) return nullptr;
    if (!f->IsArray()) {
        fail(path(key), "must be an array");
        return nullptr;
    }
    return f;
}

const rapidjson::Value* StrictObject::object(const char* key) {
    const rapidjson::Value* f = find_(key, true);
    if (!f) return nullptr;
    if (!f->IsObject()) {
        fail(path(key), "must be an object");
        return nullptr;
    }
    return f;
}

Status StrictObject::finish() const {
    if (!ok()) return *error_;
    for (const auto& m : v_.GetObject()) {
        const auto name = name_of(m);
        if (std::find(read_.begin(), read_.end(), name) == read_.end()) {
            return make_error(ErrorCode::malformed, path_ + "." + std::string(name) + " is not a known field");
        }
    }
    return {};
}

std::string json_index_path(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

}  // namespace fc
