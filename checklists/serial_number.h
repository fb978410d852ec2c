#pragma once
// Serial numbers (template format 3, record format 4): what a serial step accepts, checked the same
// way by the step screen (live red/green), the visit engine and the depot's replay.
#include <memory>
#include <string>
#include <string_view>

#include "checklist_template.h"
#include "expected.h"

namespace fc {

// SerialPattern: a serial step's pattern compiled once (std::regex, ECMAScript) and shared by every
// copy of the template, so no answer pays for compiling it.
class SerialPattern;

// Compiles a template's pattern: at most kMaxSerialPatternBytes and valid ECMAScript, else
// invalid_pattern with the reason. "" is no pattern (nullptr).
Expected<std::shared_ptr<const SerialPattern>> compile_serial_pattern(const std::string& pattern);

// Whether `value` is a serial the step accepts, in this order: not blank (empty_text); at most
// kMaxSerialBytes (serial_too_long, before any matching, which bounds std::regex's per-character
// recursion); no surrounding whitespace and no control characters (invalid_answer: a scanner's
// trailing newline is trimmed by the screen, see trim_serial, never silently by the record); the
// whole value matches the step's pattern (serial_pattern_mismatch); the check digit is right
// (serial_check_failed). Every error carries "subject" = the step's title.
Status check_serial(const Step& step, const std::string& value);

// What the screen answers with: the scanned or typed text without surrounding spaces, tabs, CR/LF.
std::string trim_serial(std::string_view scanned);

// Check digits over a string of ASCII digits only (anything else, or fewer than 2 digits, fails).
bool luhn_valid(std::string_view digits);  // ISO/IEC 7812: cards, IMEI
bool gs1_valid(std::string_view digits);   // GS1 mod-10: EAN-8, EAN-13/GTIN-13, GTIN-14, UPC-A, SSCC

}  // namespace fc
