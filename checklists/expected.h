#pragma once
// Expected<T>: a value or an Error a person can act on; used at every boundary instead of throwing.
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "checklists/error_code.h"

namespace fc {

// Why: the GUI loop and the depot handlers must never see an exception; each failure carries a
// typed code (what the programs act on: HTTP status, UI text, retry or not) and a sentence that says
// what happened and where, in English, for logs, the command line and the depot's JSON answers.
struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message;
    // Named values the catalogue's sentence for this code may quote: the message catalogue words the
    // error for a person in their language; `message` stays English. "subject" is the title of the
    // precheck, step, handover item or question a refusal is about, as the template's author wrote it.
    std::vector<std::pair<std::string, std::string>> params;

    Error with(std::string name, std::string value) && {
        params.emplace_back(std::move(name), std::move(value));
        return std::move(*this);
    }
    // The value of a named parameter, or "" when the error has none of that name.
    const std::string& param(std::string_view name) const {
        static const std::string none;
        for (const auto& [key, value] : params) {
            if (key == name) return value;
        }
        return none;
    }
};

template <typename T>
class [[nodiscard]] Expected {
public:
    Expected(T value) : v_(std::move(value)) {}
    Expected(Error error) : v_(std::move(error)) {}
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

// Status: success or an Error, for verbs that return nothing.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : error_(std::move(error)), ok_(false) {}
    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { return error_; }

private:
    Error error_{};
    bool ok_ = true;
};

inline Error make_error(ErrorCode code, std::string message) {
    Error e;
    e.code = code;
    e.message = std::move(message);
    return e;
}

}  // namespace fc
