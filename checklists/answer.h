#pragma once
// Answer: what was recorded for one precheck, step, handover item or survey question.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "expected.h"

namespace fc {

// One struct for every kind keeps events and the seal's canonical form simple; which fields count
// depends on `kind`. There is deliberately no "unanswered" kind: an absent answer is the absence of
// an Answer, so a survey cannot carry a pre-filled state (story 4).
struct Answer {
    enum class Kind {
        Met,            // precheck met
        NotMet,         // precheck not met
        Confirmed,      // instruction read / handover item confirmed by the customer
        Done,           // check done
        NotApplicable,  // check not applicable: `text` holds the mandatory reason
        Number,         // measure: `number`, `text` holds the note (mandatory when out of range)
        Choice,         // choice: `text` holds the option id
        Text,           // text step or survey comment: `text`
        Attachment,     // photo / signature: `text` holds the lowercase hex SHA-256 of the file
        Score,          // survey smiley 1..5: `number`
        Photos,         // photo step, record format 4: `hashes` lists the photos' SHA-256 in the order taken
        Serial,         // serial step, record format 4: `text` holds the serial as scanned or typed
    };
    Kind kind = Kind::Confirmed;
    double number = 0;
    std::string text;
    // Photos only; empty for every other kind, and then not written, so the bytes of answers sealed
    // before format 4 stay as they were.
    std::vector<std::string> hashes{};

    static Answer met() { return {Kind::Met, 0, {}}; }
    static Answer not_met(std::string note = {}) { return {Kind::NotMet, 0, std::move(note)}; }
    static Answer confirmed() { return {Kind::Confirmed, 0, {}}; }
    static Answer done() { return {Kind::Done, 0, {}}; }
    static Answer not_applicable(std::string reason) { return {Kind::NotApplicable, 0, std::move(reason)}; }
    static Answer measured(double v, std::string note = {}) { return {Kind::Number, v, std::move(note)}; }
    static Answer choice(std::string option) { return {Kind::Choice, 0, std::move(option)}; }
    static Answer text_value(std::string t) { return {Kind::Text, 0, std::move(t)}; }
    static Answer attachment(std::string sha256) { return {Kind::Attachment, 0, std::move(sha256)}; }
    static Answer score(int s) { return {Kind::Score, static_cast<double>(s), {}}; }
    static Answer photos(std::vector<std::string> sha256s) { return {Kind::Photos, 0, {}, std::move(sha256s)}; }
    static Answer serial(std::string value) { return {Kind::Serial, 0, std::move(value)}; }

    friend bool operator==(const Answer&, const Answer&) = default;
};

// Longest text an answer may carry (note, reason, comment): keeps each event small, so a visit
// record stays far below the depot's size limit.
inline constexpr std::size_t kMaxAnswerTextBytes = 4000;
// Most photos one photo step may hold (a template's photos_max is at most this).
inline constexpr std::size_t kMaxPhotosPerStep = 20;

const char* to_string(Answer::Kind kind);
std::optional<Answer::Kind> answer_kind_from_string(const std::string& s);

// Canonical one-line JSON of an answer ({"kind":"number","number":-18.5,"text":"..."}), used in
// events and the seal; numbers are written so that decode(encode(a)) == a. A photos answer adds
// "hashes":[…]; no other kind writes that key.
std::string encode_answer(const Answer& a);
Expected<Answer> decode_answer(const std::string& json);

}  // namespace fc
