#include "app/screens/keyboard_layout.h"

#include <cctype>
#include <utility>

namespace fc {
namespace {

const KeyRows kLetters = {{
    {"q", "w", "e", "r", "t", "y", "u", "i", "o", "p", "-"},
    {"a", "s", "d", "f", "g", "h", "j", "k", "l"},
    {"z", "x", "c", "v", "b", "n", "m", ",", "."},
}};

const KeyRows kDutchAccents = {{
    {"\u00e9", "\u00eb", "\u00ef", "\u00f6", "\u00fc", "\u00e8", "\u00e1", "\u00e0", "\u00f3", "\u00fa", "\u00ea"},
    {"\u00f4", "\u00e2", "\u00ee", "\u00fb", "\u00e7", "\u00f1", "\u00e4", "\u0133", "'"},
    {"\u00ed", "\u00ec", "\u00f2", "\u00f9", "\u00f8", "\u00e5", "\u00e6", ",", "."},
}};

const KeyRows kEnglishAccents = {{
    {"\u00e9", "\u00e8", "\u00ea", "\u00e1", "\u00e0", "\u00e2", "\u00f3", "\u00f4", "\u00fa", "\u00fc", "\u00e7"},
    {"\u00f1", "\u00ed", "\u00ef", "\u00eb", "\u00f6", "\u00e4", "\u00ee", "\u00fb", "'"},
    {"\u00ec", "\u00f2", "\u00f9", "\u00f8", "\u00e5", "\u00e6", "\u0133", ",", "."},
}};

const KeyRows kSymbols = {{
    {"/", ":", ";", "(", ")", "\u20ac", "&", "@", "\"", "#", "_"},
    {"?", "!", "'", "%", "+", "=", "*", "\u00b0", "$"},
    {"<", ">", "[", "]", "\\", "~", "|", ",", "."},
}};

// Lower- and upper-case pairs of the accented letters above (std::toupper knows no UTF-8).
const std::pair<const char*, const char*> kCapitals[] = {
    {"\u00e9", "\u00c9"}, {"\u00eb", "\u00cb"}, {"\u00ef", "\u00cf"}, {"\u00f6", "\u00d6"}, {"\u00fc", "\u00dc"},
    {"\u00e8", "\u00c8"}, {"\u00e1", "\u00c1"}, {"\u00e0", "\u00c0"}, {"\u00f3", "\u00d3"}, {"\u00fa", "\u00da"},
    {"\u00ea", "\u00ca"}, {"\u00f4", "\u00d4"}, {"\u00e2", "\u00c2"}, {"\u00ee", "\u00ce"}, {"\u00fb", "\u00db"},
    {"\u00e7", "\u00c7"}, {"\u00f1", "\u00d1"}, {"\u00e4", "\u00c4"}, {"\u0133", "\u0132"}, {"\u00ed", "\u00cd"},
    {"\u00ec", "\u00cc"}, {"\u00f2", "\u00d2"}, {"\u00f9", "\u00d9"}, {"\u00f8", "\u00d8"}, {"\u00e5", "\u00c5"},
    {"\u00e6", "\u00c6"},
};

}  // namespace

const KeyRows& key_rows(Lang lang, KeyboardUi::Layer layer) {
    switch (layer) {
        case KeyboardUi::Layer::Letters: return kLetters;
        case KeyboardUi::Layer::Accents: return lang == Lang::Nl ? kDutchAccents : kEnglishAccents;
        case KeyboardUi::Layer::Symbols: return kSymbols;
    }
    return kLetters;
}

const std::vector<std::string>& number_keys() {
    static const std::vector<std::string> keys = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"};
    return keys;
}

std::string shifted_key(const std::string& key) {
    if (key.size() == 1 && std::islower(static_cast<unsigned char>(key[0]))) {
        return std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(key[0]))));
    }
    for (const auto& [lower, upper] : kCapitals) {
        if (key == lower) return upper;
    }
    return key;
}

}  // namespace fc
