#pragma once
// ChecklistTemplate: one versioned procedure (prechecks, steps, handover, survey) as the depot wrote it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "company_contact.h"

namespace fc {

enum class PrecheckMoment { BeforeDeparture, OnArrival };

// Precheck: something that must hold before the visit can start (stories 1 and 3 of docs/product.md).
struct Precheck {
    std::string id;
    std::string title;
    std::string help;
    PrecheckMoment moment = PrecheckMoment::OnArrival;
    bool blocking = true;  // not met => the visit ends as "not possible" with this precheck as cause
    // What the customer reads when this precheck was not met, in the customer's words; "" = the
    // catalogue's neutral sentence (the title is the technician's check, never shown to the customer).
    std::string customer_text{};
};

enum class StepKind { Instruction, Check, Measure, Choice, Text, Photo, Signature, Serial };

// SerialCheck: the check digit a serial step's value must carry (template format 3): none, Luhn
// (ISO/IEC 7812), or GS1 mod-10 (EAN-13, GTIN and friends).
enum class SerialCheck { None, Luhn, Gs1 };

// ShowIf: a step is shown only when an earlier step's answer matches; compared on the answer's
// canonical token (choice option id, "done"/"not_applicable" for a check, "in_range"/"out_of_range"
// for a measure, "confirmed" for an instruction).
struct ShowIf {
    std::string step;                 // id of an earlier step
    std::vector<std::string> equals;  // shown when the token is one of these
};

class SerialPattern;  // serial_number.h

struct ChoiceOption {
    std::string id;
    std::string label;
};

// Step: one screen of the procedure.
struct Step {
    std::string id;
    StepKind kind = StepKind::Instruction;
    std::string title;
    std::string help;
    bool required = true;
    std::optional<ShowIf> show_if;
    // measure
    std::string unit;
    double min = 0;
    double max = 0;
    // choice
    std::vector<ChoiceOption> options;
    // The answer goes into the customer's history for the next visit (measure, text, choice, serial
    // only): a text into the note, a measure, choice or serial as a value. Last but the fields below, so positional
    // initialisers stay valid.
    bool history = false;
    // photo (template format 3): how many photos the step takes; 1 and 1 before format 3.
    int photos_min = 1;
    int photos_max = 1;
    // serial (template format 3): an ECMAScript pattern the whole value must match ("" = any; at most
    // kMaxSerialPatternBytes) and the check digit it must carry.
    std::string pattern{};
    SerialCheck check = SerialCheck::None;
    // `pattern` compiled once by the template reader and shared by every copy of the template;
    // empty when there is no pattern (or the Step was built in code: check_serial then compiles it).
    std::shared_ptr<const SerialPattern> compiled_pattern{};
};

inline constexpr std::size_t kMaxSerialPatternBytes = 200;
inline constexpr std::size_t kMaxSerialBytes = 64;  // a longer value is refused before any matching

// HandoverItem: what the technician explains and the customer confirms; may add a customer to-do.
struct HandoverItem {
    // Confirm: the customer confirms it was explained. Signature: the customer signs (template format 2).
    enum class Kind { Confirm, Signature };
    std::string id;
    std::string title;
    std::string help;
    std::string todo;  // empty: nothing for the customer's to-do list
    Kind kind = Kind::Confirm;
};

enum class SurveyKind { Smiley, Comment };

// SurveyQuestion: asked of the customer only; it never has a default answer (story 4).
struct SurveyQuestion {
    std::string id;
    SurveyKind kind = SurveyKind::Smiley;
    std::string touchpoint;  // appointment | arrival | explanation | result (smiley only)
    std::string title;
    bool required = true;    // comment questions are never required
};

// Template formats: 1, the handover is the technician's and customer mode begins at the survey;
// 2, customer mode begins at the handover and the signature is a handover item; 3 (issue 12), serial
// steps and photo steps that take several photos (photos_min, photos_max).
inline constexpr int kNewestTemplateFormat = 3;

struct ChecklistTemplate {
    std::string id;
    int version = 0;
    int format = 1;  // a template without "format" is format 1
    std::string title;
    std::string language;  // "nl" or "en"
    std::string description;
    std::vector<Precheck> prechecks;
    std::vector<Step> steps;
    std::vector<HandoverItem> handover;
    std::vector<SurveyQuestion> survey;
    CompanyContact contact;  // overrides the depot's settings where set

    const Precheck* find_precheck(const std::string& item_id) const;
    const Step* find_step(const std::string& item_id) const;
    int step_index(const std::string& item_id) const;  // -1 when unknown
    const HandoverItem* find_handover(const std::string& item_id) const;
    const SurveyQuestion* find_survey(const std::string& item_id) const;
};

const char* to_string(StepKind kind);
const char* to_string(SerialCheck check);  // "none" | "luhn" | "gs1"
std::optional<StepKind> step_kind_from_string(const std::string& s);

}  // namespace fc
