#pragma once
// QR code: a text (the customer's survey link) drawn as a QR code with ImGui's draw list, dark
// modules on a white square with the quiet zone the standard asks for; no texture.
#include <string>

namespace fc {

// Draws at the cursor, `side` pixels square, and moves the cursor below it. False when the text
// cannot be encoded (too long); nothing is drawn then.
bool draw_qr_code(const std::string& text, float side);

// The modules of `text`'s QR code, row by row (true = dark), without the quiet zone; empty when the
// text cannot be encoded. For tests, which read the code back.
std::string qr_modules(const std::string& text, int& width);

}  // namespace fc
