#pragma once
// The Sync screen's enrollment scan: the same scanner as a serial step reads the depot's QR code
// (fieldcheck-enroll:URL#CODE) into the address and code fields, then enrolls as typing would.
#include "app/tablet/enroll_entry.h"
#include "app/tablet/intent.h"

namespace fc {

class TouchUi;
class Viewfinder;

inline constexpr const char* kEnrollScanOwner = "enroll";

// Draws the `scan-enrollment` button, and the scanner while it is open; `out` becomes the Enroll
// intent when a code with the depot's address was read.
void draw_enrollment_scan(TouchUi& ui, Viewfinder& viewfinder, EnrollUi& state, float width, Intent& out);

}  // namespace fc
