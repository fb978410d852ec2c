#pragma once
// The signature pad: the customer signs with a finger; strokes are kept in pad units (0..1).
#include <string>
#include <vector>

#include "app/tablet/signature_image.h"

namespace fc {

class TouchUi;

struct SignaturePadUi {
    std::vector<SignatureStroke> strokes;
};

// Draws the pad, `height_em` tall and as wide as the column; records touches as strokes.
void draw_signature_pad(TouchUi& ui, SignaturePadUi& pad, const std::string& id, float height_em);

// Two strokes across the pad: what a practice visit's one-tap signature gives (a trainer on a
// desktop has no pen); never offered outside practice.
std::vector<SignatureStroke> practice_signature();

}  // namespace fc
