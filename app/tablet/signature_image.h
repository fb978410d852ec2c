#pragma once
// Signature strokes (as drawn on the pad) rendered to a PNG, the form in which a signature is stored.
#include <string>
#include <vector>

namespace fc {

// PadPoint: a point on the pad in pad units, 0..1 on both axes, so the PNG does not depend on the
// screen size the customer signed on.
struct PadPoint {
    float x = 0;
    float y = 0;
};
using SignatureStroke = std::vector<PadPoint>;

inline constexpr int kSignatureWidthPx = 900;
inline constexpr int kSignatureHeightPx = 300;

// Black ink on white, grayscale PNG bytes; "" only if the encoder fails.
std::string signature_png(const std::vector<SignatureStroke>& strokes, int width = kSignatureWidthPx,
                          int height = kSignatureHeightPx);

// A signature needs some ink: a tap or an empty pad is not one.
bool has_ink(const std::vector<SignatureStroke>& strokes);

}  // namespace fc
