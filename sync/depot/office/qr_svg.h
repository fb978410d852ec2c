#pragma once
// qr_svg: a QR code (libqrencode, the same encoding as `enroll-code create`'s terminal QR) as inline
// SVG for a back-office page: squares of one path, sized by the page's CSS (.qr svg), colours as
// presentation attributes, no style attribute (the page's CSP allows none), sharp on screen and on paper.
#include <optional>
#include <string>

namespace fc {

// The <svg> of `text` (8-bit, error correction M) with its 4-module quiet zone; nullopt if it does not
// fit in a QR code. Only numbers are written into the markup: `text` itself never appears in it.
std::optional<std::string> qr_svg(const std::string& text);

}  // namespace fc
