#pragma once
// The on-screen keyboard's keys per language and layer: what each character key types. The
// function keys (shift, backspace, enter, space, the layer keys, hide) are the keyboard's own.
#include <array>
#include <string>
#include <vector>

#include "app/screens/onscreen_keyboard.h"
#include "catalogue/lang.h"

namespace fc {

// KeyRows: the three rows of character keys under the numbers row; each key is one UTF-8 character.
using KeyRows = std::array<std::vector<std::string>, 3>;

// Both languages type on QWERTY; they differ in the accents layer, which puts the letters each
// language writes most within the first row (Dutch: é ë ï ö ü).
const KeyRows& key_rows(Lang lang, KeyboardUi::Layer layer);
const std::vector<std::string>& number_keys();

// The capital of a letter key (ASCII and the accented letters of the keyboard); others unchanged.
std::string shifted_key(const std::string& key);

}  // namespace fc
