#pragma once
// informal_dutch_words: the informal Dutch forms of address ("je", "jij", "jouw", ...) in a text, as
// whole words, for the tests that hold the customer's texts to "u".
#include <string>
#include <string_view>
#include <vector>

namespace fc::test {

inline std::vector<std::string> informal_dutch_words(std::string_view text) {
    static const std::vector<std::string_view> informal{"je", "jij", "jou", "jouw", "jouwe", "jullie", "jezelf", "jijzelf"};
    std::vector<std::string> found;
    std::string word;
    const auto end_word = [&] {
        for (std::string_view form : informal) {
            if (word == form) found.push_back(word);
        }
        word.clear();
    };
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        // UTF-8 bytes of accented letters belong to the word ("wéér" is one word, not "w" and "r").
        const bool letter = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
        if (letter) word += static_cast<char>(u >= 'A' && u <= 'Z' ? u - 'A' + 'a' : u);
        else end_word();
    }
    end_word();
    return found;
}

}  // namespace fc::test
