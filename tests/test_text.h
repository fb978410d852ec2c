#pragma once
// Small text and environment helpers that several test suites share (one copy, so that a unity build
// of a suite never meets two).
#include <cstdint>
#include <cstdlib>
#include <string>

namespace fc::test {

// `s` without its trailing line ends (a program's one-line output).
inline std::string trim_line_end(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

// The bytes of a hexadecimal string (two digits per byte; a test vector's notation).
inline std::string from_hex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

// A number from the environment (a soak's or attack's size), or `fallback` when unset or empty.
inline std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* text = std::getenv(name);
    return text && *text ? std::strtoull(text, nullptr, 10) : fallback;
}

}  // namespace fc::test
