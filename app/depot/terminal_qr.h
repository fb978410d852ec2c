#pragma once
// terminal_qr: a QR code (libqrencode) drawn with half-block characters, two modules per line,
// for the admin to hold a tablet up to; dark modules are printed as the terminal's background.
#include <optional>
#include <string>

namespace fc {

// The QR code of `text` (error correction M), with its 4-module quiet zone; nullopt if it does
// not fit in a QR code.
std::optional<std::string> terminal_qr(const std::string& text);

}  // namespace fc
