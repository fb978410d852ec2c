#include "catalogue/catalogue.h"

#include <algorithm>

#include "catalogue/message_table.h"

namespace fc {
namespace {

const MessageEntry* find(std::string_view key) {
    const std::span<const MessageEntry> table = message_table();
    const auto it = std::lower_bound(table.begin(), table.end(), key,
                                     [](const MessageEntry& e, std::string_view k) { return e.key < k; });
    return it != table.end() && it->key == key ? &*it : nullptr;
}

const std::string* value_of(const Params& params, std::string_view name) {
    for (const auto& [key, value] : params) {
        if (key == name) return &value;
    }
    return nullptr;
}

}  // namespace

std::optional<std::string_view> pattern(Lang lang, std::string_view key) {
    const MessageEntry* e = find(key);
    if (!e) return std::nullopt;
    return e->text[static_cast<std::size_t>(lang)];
}

bool has_key(std::string_view key) { return find(key) != nullptr; }

std::vector<std::string_view> message_keys() {
    std::vector<std::string_view> keys;
    for (const MessageEntry& e : message_table()) keys.push_back(e.key);
    return keys;
}

std::string text(Lang lang, std::string_view key, const Params& params) {
    const std::optional<std::string_view> p = pattern(lang, key);
    if (!p) return std::string(kLookupFault) + std::string(key) + "]]";
    // po_compile has checked every brace: "{" always opens a well-formed {name}.
    std::string out;
    out.reserve(p->size());
    for (std::size_t i = 0; i < p->size(); ++i) {
        const std::size_t end = (*p)[i] == '{' ? p->find('}', i) : std::string_view::npos;
        if (end == std::string_view::npos) {
            out += (*p)[i];
            continue;
        }
        const std::string_view name = p->substr(i + 1, end - i - 1);
        const std::string* value = value_of(params, name);
        out += value ? *value : std::string(kLookupFault) + "{" + std::string(name) + "}]]";
        i = end;
    }
    return out;
}

}  // namespace fc
