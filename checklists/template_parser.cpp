#include "template_parser.h"

#include <algorithm>
#include <cctype>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "canonical_json.h"
#include "exact_number_json.h"
#include "json_guard.h"
#include "template_problem_list.h"
#include "template_reader.h"

namespace fc {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// "line 3, column 14" for a byte offset; columns count characters, as editors do (a byte order
// mark, which editors do not show, is not one).
std::string position_of(std::string_view bytes, std::size_t offset) {
    offset = std::min(offset, bytes.size());
    std::size_t line = 1;
    std::size_t column = 1;
    const std::size_t start = bytes.substr(0, kByteOrderMark.size()) == kByteOrderMark ? kByteOrderMark.size() : 0;
    for (std::size_t i = std::min(start, offset); i < offset; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte offset " +
           std::to_string(offset) + ")";
}

std::string bounds_message(const Error& e, std::string_view bytes) {
    if (e.code == ErrorCode::too_large) return e.message + "; a template is a short text file";
    if (e.code == ErrorCode::not_utf8) {
        return "the file is not valid UTF-8 at " + position_of(bytes, valid_utf8_prefix(bytes)) +
               "; save the file as UTF-8";
    }
    if (e.code == ErrorCode::too_deep) {
        return e.message + "; a template needs only 5 levels (template, section, item, show_if, equals), so this "
                           "file is not a template";
    }
    return e.message;
}

// MemoryStream stops at a zero byte, so RapidJSON alone would call a file of zeros "empty" and a
// file with a zero byte in it "not a single value": name the zero byte instead. JSON never holds a
// raw one (not even inside a string), so the first one is always the problem.
std::optional<std::string> zero_byte_message(std::string_view bytes) {
    const std::size_t at = bytes.find('\0');
    if (at == std::string_view::npos) return std::nullopt;
    return "the file holds a zero byte (NUL) at " + position_of(bytes, at) +
           "; a template is a UTF-8 text file, and this one looks damaged or was saved in a binary format";
}

std::string syntax_message(rapidjson::ParseErrorCode code) {
    // Two causes get their own sentence; RapidJSON's own wording serves the rest (an if, not a switch
    // over RapidJSON's enum, which has many more values than we word).
    if (code == rapidjson::kParseErrorDocumentEmpty) return "the file is empty; a template is a JSON object { ... }";
    if (code == rapidjson::kParseErrorNumberTooBig) return "a number is too big to be stored; use an ordinary number";
    std::string text = rapidjson::GetParseError_En(code);
    if (!text.empty() && text.back() == '.') text.pop_back();
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return "the file is not valid JSON: " + text;
}

// The template's items as the template file writes them; an empty help or todo is left out.
template <typename Item, typename ToJson>
CanonicalJson json_array_of(const std::vector<Item>& items, ToJson to_json) {
    CanonicalJson out = CanonicalJson::array();
    for (const Item& item : items) out.push(to_json(item));
    return out;
}

CanonicalJson precheck_json(const Precheck& p) {
    CanonicalJson o = CanonicalJson::object();
    o.set("id", p.id).set("title", p.title).set("blocking", p.blocking);
    o.set("moment", p.moment == PrecheckMoment::BeforeDeparture ? "before_departure" : "on_arrival");
    if (!p.help.empty()) o.set("help", p.help);
    if (!p.customer_text.empty()) o.set("customer_text", p.customer_text);
    return o;
}

CanonicalJson step_json(const Step& s) {
    CanonicalJson o = CanonicalJson::object();
    o.set("id", s.id).set("kind", to_string(s.kind)).set("title", s.title).set("required", s.required);
    if (!s.help.empty()) o.set("help", s.help);
    if (s.history) o.set("history", true);
    if (s.show_if) {
        CanonicalJson equals = CanonicalJson::array();
        for (const std::string& token : s.show_if->equals) equals.push(token);
        o.set("show_if", CanonicalJson::object().set("step", s.show_if->step).set("equals", std::move(equals)));
    }
    if (s.kind == StepKind::Measure) o.set("unit", s.unit).set("min", s.min).set("max", s.max);
    // Written only when they differ from the defaults, so templates of formats 1-2 keep their bytes.
    if (s.kind == StepKind::Photo && (s.photos_min != 1 || s.photos_max != 1)) {
        o.set("photos_min", s.photos_min).set("photos_max", s.photos_max);
    }
    if (s.kind == StepKind::Serial && !s.pattern.empty()) o.set("pattern", s.pattern);
    if (s.kind == StepKind::Serial && s.check != SerialCheck::None) o.set("check", to_string(s.check));
    if (s.kind == StepKind::Choice) {
        const auto option_json = [](const ChoiceOption& option) {
            return CanonicalJson::object().set("id", option.id).set("label", option.label);
        };
        o.set("options", json_array_of(s.options, option_json));
    }
    return o;
}

CanonicalJson handover_json(const HandoverItem& h) {
    CanonicalJson o = CanonicalJson::object();
    o.set("id", h.id).set("title", h.title);
    if (!h.help.empty()) o.set("help", h.help);
    if (!h.todo.empty()) o.set("todo", h.todo);
    // "confirm" is the default and is not written, so format-1 templates keep their bytes.
    if (h.kind == HandoverItem::Kind::Signature) o.set("kind", "signature");
    return o;
}

CanonicalJson survey_question_json(const SurveyQuestion& q) {
    CanonicalJson o = CanonicalJson::object();
    o.set("id", q.id).set("title", q.title).set("required", q.required);
    o.set("kind", q.kind == SurveyKind::Smiley ? "smiley" : "comment");
    if (q.kind == SurveyKind::Smiley) o.set("touchpoint", q.touchpoint);
    return o;
}

}  // namespace

TemplateParseResult parse_template(std::string_view bytes) {
    ProblemList problems;
    TemplateParseResult result;
    if (const Status bounds = check_json_bounds(bytes, kMaxTemplateBytes, kMaxJsonDepth); !bounds) {
        problems.add("$", bounds_message(bounds.error(), bytes));
        result.problems = std::move(problems).take();
        return result;
    }
    // Editors on Windows like to start UTF-8 files with a byte order mark; it carries no content.
    const std::size_t skipped = bytes.substr(0, kByteOrderMark.size()) == kByteOrderMark ? kByteOrderMark.size() : 0;
    const std::string_view json = bytes.substr(skipped);
    if (auto zero = zero_byte_message(bytes)) {
        problems.add("$", std::move(*zero));
        result.problems = std::move(problems).take();
        return result;
    }

    rapidjson::Document doc;
    if (const auto syntax = parse_json_with_exact_numbers(json, doc)) {
        std::string message = syntax_message(syntax->code);
        if (syntax->code != rapidjson::kParseErrorDocumentEmpty) {
            message += " at " + position_of(bytes, syntax->offset + skipped);
        }
        problems.add("$", std::move(message));
        result.problems = std::move(problems).take();
        return result;
    }
    ChecklistTemplate t = read_template(doc, problems);
    if (problems.empty()) result.checklist = std::move(t);
    result.problems = std::move(problems).take();
    return result;
}

std::string template_to_json(const ChecklistTemplate& t) {
    CanonicalJson root = CanonicalJson::object();
    root.set("format", template_format_name(t.format)).set("id", t.id).set("version", t.version).set("title", t.title);
    root.set("language", t.language);
    if (!t.description.empty()) root.set("description", t.description);
    if (!t.contact.empty()) {
        CanonicalJson contact = CanonicalJson::object();
        if (!t.contact.company.empty()) contact.set("company", t.contact.company);
        if (!t.contact.helpdesk.empty()) contact.set("helpdesk", t.contact.helpdesk);
        root.set("contact", std::move(contact));
    }
    root.set("prechecks", json_array_of(t.prechecks, precheck_json));
    root.set("steps", json_array_of(t.steps, step_json));
    root.set("handover", json_array_of(t.handover, handover_json));
    root.set("survey", json_array_of(t.survey, survey_question_json));
    return root.dump();
}

}  // namespace fc
