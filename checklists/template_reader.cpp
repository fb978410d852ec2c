#include "template_reader.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "template_field_reader.h"
#include "template_step_fields.h"

namespace fc {
namespace {

using Value = rapidjson::Value;

const std::vector<std::string_view> kTemplateKeys{"format",    "id",    "version",  "title",  "language", "description",
                                                  "prechecks", "steps", "handover", "survey", "contact"};
const std::vector<std::string_view> kPrecheckKeys{"id", "title", "help", "moment", "blocking", "customer_text"};
const std::vector<std::string_view> kStepKeys{"id",       "kind",    "title", "help", "required",
                                              "show_if", "unit",    "min",   "max",  "options", "history"};
// Template format 3 adds the serial step's pattern and check and the photo step's counts.
const std::vector<std::string_view> kStepKeysFormat3{"id",      "kind",    "title",      "help",       "required",
                                                     "show_if", "unit",    "min",        "max",        "options",
                                                     "history", "pattern", "check",      "photos_min", "photos_max"};
const std::vector<std::string_view> kOptionKeys{"id", "label"};
const std::vector<std::string_view> kShowIfKeys{"step", "equals"};
const std::vector<std::string_view> kHandoverKeys{"id", "title", "help", "todo", "kind"};
const std::vector<std::string_view> kContactKeys{"company", "helpdesk"};
const std::vector<std::string_view> kHandoverKinds{"confirm", "signature"};
const std::vector<std::string_view> kSurveyKeys{"id", "kind", "touchpoint", "title", "required"};

const std::vector<std::string_view> kLanguages{"nl", "en"};
const std::vector<std::string_view> kMoments{"before_departure", "on_arrival"};
const std::vector<std::string_view> kStepKinds{"instruction", "check",     "measure", "choice",
                                               "text",        "photo",     "signature", "serial"};
const std::vector<std::string_view> kSurveyKinds{"smiley", "comment"};
const std::vector<std::string_view> kTouchpoints{"appointment", "arrival", "explanation", "result"};

// Keys an author might use to pre-fill an answer. Story 4 of docs/product.md: a pre-ticked form must not
// be representable, so these get a sentence saying why rather than a bare "unknown key".
const std::vector<std::string_view> kAnswerKeys{
    "default", "default_answer", "default_value", "defaultAnswer", "value",    "selected",  "answer",
    "answers", "score",          "rating",        "checked",       "ticked",   "preset",    "initial",
    "initial_value", "prefill",  "prefilled",     "pre_filled",    "preselected", "met",     "done",
    "confirmed"};
const char* const kNoAnswerInTemplate =
    "a template cannot carry an answer: answers are recorded during the visit";
const char* const kNoSurveyDefault = "a survey question cannot have a default answer: the survey is the customer's";

enum class Section { Precheck, Step, Handover, Survey };

const char* noun_of(Section s) {
    switch (s) {
        case Section::Precheck: return "precheck";
        case Section::Step: return "step";
        case Section::Handover: return "handover item";
        case Section::Survey: return "survey question";
    }
    return "item";
}

// What show_if can compare an earlier step's answer with (see ShowIf in checklist_template.h).
std::vector<std::string_view> tokens_for(const Step& step) {
    switch (step.kind) {
        case StepKind::Instruction: return {"confirmed"};
        case StepKind::Check: return {"done", "not_applicable"};
        case StepKind::Measure: return {"in_range", "out_of_range"};
        case StepKind::Choice: {
            std::vector<std::string_view> ids;
            std::unordered_set<std::string_view> seen;
            for (const auto& o : step.options) {
                if (!o.id.empty() && seen.insert(o.id).second) ids.push_back(o.id);
            }
            return ids;
        }
        case StepKind::Text:
        case StepKind::Photo:
        case StepKind::Signature:
        case StepKind::Serial: return {};
    }
    return {};
}

struct IdOwner {
    Section section;
    std::string path;  // of the item that first used the id
};

struct ShowIfToken {
    std::string token;
    std::string path;
};

// A show_if waiting for every section to be read, so "unknown step" can tell a typo from an id
// that belongs to a precheck or a handover item.
struct PendingShowIf {
    std::size_t step_index;
    std::string target;
    std::string target_path;
    std::vector<ShowIfToken> equals;
};

class TemplateReader {
public:
    explicit TemplateReader(ProblemList& problems) : problems_(problems) {}

    ChecklistTemplate read(const Value& root) {
        ChecklistTemplate t;
        if (!root.IsObject()) {
            problems_.add("$", "a template is a JSON object { ... }, but this file holds " + json_type_name(root));
            return t;
        }
        FieldReader f(root, "$", "template", problems_, kTemplateKeys);
        note_declared_ids(root);
        read_header(f, t);
        if (const Value* list = section(f, "prechecks")) {
            for (std::size_t i = 0; i < list->Size(); ++i) {
                t.prechecks.push_back(read_precheck((*list)[static_cast<rapidjson::SizeType>(i)],
                                                    index_path(f.path_of("prechecks"), i)));
            }
        }
        if (const Value* list = section(f, "steps")) {
            if (list->Empty()) problems_.add(f.path_of("steps"), "the procedure has no steps; add at least one");
            for (std::size_t i = 0; i < list->Size(); ++i) {
                t.steps.push_back(read_step((*list)[static_cast<rapidjson::SizeType>(i)],
                                            index_path(f.path_of("steps"), i), i));
            }
        }
        resolve_show_ifs(t);
        if (const Value* list = section(f, "handover")) {
            for (std::size_t i = 0; i < list->Size(); ++i) {
                t.handover.push_back(read_handover((*list)[static_cast<rapidjson::SizeType>(i)],
                                                   index_path(f.path_of("handover"), i)));
            }
        }
        if (const Value* list = section(f, "survey")) {
            for (std::size_t i = 0; i < list->Size(); ++i) {
                t.survey.push_back(read_survey((*list)[static_cast<rapidjson::SizeType>(i)],
                                               index_path(f.path_of("survey"), i)));
            }
            require_every_touchpoint(f.path_of("survey"));
        }
        return t;
    }

private:
    // Every id in every section, before anything is checked, so that show_if problems (reported
    // with the steps) can say that an unknown step id belongs to a handover item or a question.
    void note_declared_ids(const Value& root) {
        const std::pair<const char*, Section> sections[] = {{"prechecks", Section::Precheck},
                                                            {"steps", Section::Step},
                                                            {"handover", Section::Handover},
                                                            {"survey", Section::Survey}};
        for (const auto& [key, section] : sections) {
            const auto list = root.FindMember(key);
            if (list == root.MemberEnd() || !list->value.IsArray()) continue;
            for (const Value& item : list->value.GetArray()) {
                if (!item.IsObject()) continue;
                const auto id = item.FindMember("id");
                if (id != item.MemberEnd() && id->value.IsString()) {
                    declared_.try_emplace(std::string(string_view_of(id->value)), section);
                }
            }
        }
    }

    // Read first: the format decides what the rest may hold (a signature step or a signature item).
    void read_format(FieldReader& f, ChecklistTemplate& t) {
        if (!f.has("format")) {
            f.report("format", std::string("missing; a template starts with \"format\": \"") +
                                   template_format_name(kNewestTemplateFormat) + "\"");
            return;
        }
        const auto format = f.text("format", Need::Required);
        if (!format) return;
        for (int n = 1; n <= kNewestTemplateFormat; ++n) {
            if (*format != template_format_name(n)) continue;
            t.format = n;
            format_ = n;
            format_known_ = true;
            return;
        }
        const bool ours = format->rfind("fieldcheck-template/", 0) == 0;
        f.report("format", quoted(*format) +
                               (ours ? " is a template format this program does not read"
                                     : " is not a fieldcheck template format") +
                               "; expected \"" + template_format_name(1) + "\" or \"" +
                               template_format_name(kNewestTemplateFormat) +
                               "\" (format 2: the customer confirms the handover and signs it in customer mode; "
                               "format 3: serial number steps and photo steps that take several photos)");
    }

    // Whom the customer calls, when this procedure's customers call someone else than the depot's
    // settings say (a partner's installation, another brand).
    void read_contact(FieldReader& f, ChecklistTemplate& t) {
        if (!f.has("contact")) return;
        const Value* v = f.object("contact", Need::Optional);
        if (!v) return;
        FieldReader c(*v, f.path_of("contact"), "contact", problems_, kContactKeys);
        if (auto company = c.text("company", Need::Optional)) t.contact.company = *company;
        if (auto helpdesk = c.text("helpdesk", Need::Optional)) t.contact.helpdesk = *helpdesk;
        if (!c.has("company") && !c.has("helpdesk")) {
            f.report("contact", "is empty, so it overrides nothing; give \"company\", \"helpdesk\" or both, or "
                                "remove it (the depot's settings apply)");
        }
    }

    void read_header(FieldReader& f, ChecklistTemplate& t) {
        read_format(f, t);
        if (auto id = f.id("id", "-", "fiber-modem-install-nl")) t.id = *id;
        if (const Value* v = f.find("version")) {
            if (v->IsInt() && v->GetInt() >= 1) {
                t.version = v->GetInt();
            } else if (v->IsNumber()) {
                f.report("version", "must be a whole number of at least 1 (1, 2, 3, ...), not " +
                                        number_text(v->GetDouble()));
            } else {
                f.report("version", "must be a whole number of at least 1, without quotes, not " + json_type_name(*v));
            }
        } else {
            f.report("version", "missing; every template needs a \"version\" (1, 2, 3, ...; raise it on every change)");
        }
        if (auto title = f.text("title", Need::Required)) t.title = *title;
        if (auto language = f.one_of("language", Need::Required, kLanguages, "language")) t.language = *language;
        if (auto description = f.text("description", Need::Optional, TextShape::Paragraph)) {
            t.description = *description;
        }
        read_contact(f, t);
    }

    // A section is always present, even when empty, so that a forgotten one is noticed.
    const Value* section(FieldReader& f, std::string_view key) {
        if (!f.has(key)) {
            f.report(key, "the " + std::string(key) +
                              " section is missing; a template has four sections in visit order: prechecks, "
                              "steps, handover, survey (write [] for an empty one)");
            return nullptr;
        }
        return f.list(key, Need::Required);
    }

    bool is_object(const Value& v, const std::string& path, Section s) {
        if (v.IsObject()) return true;
        problems_.add(path, std::string("each ") + noun_of(s) + " is an object { ... }, not " + json_type_name(v));
        return false;
    }

    // Every item's id: well formed, and not used by any other item of the whole template.
    void read_id(FieldReader& f, Section s, std::string& out, std::string_view example) {
        const auto id = f.id("id", "-_", example);
        if (!id) return;
        out = *id;
        const std::string path = f.path_of("id");
        const auto [it, fresh] = ids_.try_emplace(out, IdOwner{s, path});
        if (!fresh) {
            problems_.add(path, "the id " + quoted(out) + " is already used by the " + noun_of(it->second.section) +
                                    " at " + it->second.path + "; ids must be unique across the whole template");
        }
    }

    // What a precheck, a step and a handover item say to the technician.
    template <typename Item>
    static void read_title_and_help(FieldReader& f, Item& item) {
        if (auto title = f.text("title", Need::Required)) item.title = *title;
        if (auto help = f.text("help", Need::Optional, TextShape::Paragraph)) item.help = *help;
    }

    // A precheck and a handover item begin alike: an object with an id, a title and help text;
    // `read_rest` reads the fields each has of its own.
    template <typename Item, typename ReadRest>
    Item read_titled_item(const Value& v, const std::string& path, Section s, const std::vector<std::string_view>& keys,
                          std::string_view example_id, ReadRest read_rest) {
        Item item;
        if (!is_object(v, path, s)) return item;
        FieldReader f(v, path, noun_of(s), problems_, keys, kAnswerKeys, kNoAnswerInTemplate);
        read_id(f, s, item.id, example_id);
        read_title_and_help(f, item);
        read_rest(f, item);
        return item;
    }

    Precheck read_precheck(const Value& v, const std::string& path) {
        const auto read_moment_and_blocking = [](FieldReader& f, Precheck& p) {
            if (auto moment = f.one_of("moment", Need::Required, kMoments, "moment")) {
                p.moment = *moment == "before_departure" ? PrecheckMoment::BeforeDeparture : PrecheckMoment::OnArrival;
            }
            if (auto blocking = f.flag("blocking", Need::Required)) p.blocking = *blocking;
            if (auto text = f.text("customer_text", Need::Optional)) p.customer_text = *text;
        };
        return read_titled_item<Precheck>(v, path, Section::Precheck, kPrecheckKeys, "patch-confirmed",
                                          read_moment_and_blocking);
    }

    Step read_step(const Value& v, const std::string& path, std::size_t index) {
        Step s;
        step_kind_known_.push_back(false);
        if (!is_object(v, path, Section::Step)) return s;
        // An unreadable format is reported once; the step is then read as the newest format would be.
        const auto& keys = format_ >= 3 || !format_known_ ? kStepKeysFormat3 : kStepKeys;
        FieldReader f(v, path, "step", problems_, keys, kAnswerKeys, kNoAnswerInTemplate);
        read_id(f, Section::Step, s.id, "check-socket");
        if (auto kind = f.one_of("kind", Need::Required, kStepKinds, "step kind")) {
            s.kind = *step_kind_from_string(*kind);
            step_kind_known_.back() = true;
            if (s.kind == StepKind::Signature && format_ >= 2) {
                f.report("kind", "in template format 2 the customer signs at the handover, not in a step: make "
                                 "this a handover item with \"kind\": \"signature\"");
            }
            if (s.kind == StepKind::Serial && format_ < 3 && format_known_) {
                f.report("kind", "a serial number step needs \"format\": \"" + template_format_name(3) + "\"");
            }
        }
        read_title_and_help(f, s);
        if (auto required = f.flag("required", Need::Optional)) s.required = *required;
        if (auto history = f.flag("history", Need::Optional)) s.history = *history;
        if (step_kind_known_.back()) {
            read_kind_fields(f, s);
        } else {
            read_fields_of_unknown_kind(f, s);
        }
        if (const Value* show_if = f.object("show_if", Need::Optional)) {
            s.show_if = read_show_if(*show_if, f.path_of("show_if"), index);
        }
        return s;
    }

    // Fields that only one kind of step has; on any other kind they are a mistake worth naming.
    void read_kind_fields(FieldReader& f, Step& s) {
        const std::string kind = to_string(s.kind);
        if (s.kind == StepKind::Measure) {
            if (!f.has("unit")) {
                f.report("unit", "missing; a measure step needs a \"unit\" for its number, like \"dBm\" or \"Mbit/s\"");
            } else if (auto unit = f.text("unit", Need::Required)) {
                s.unit = *unit;
            }
            const auto min = f.number("min", Need::Required);
            const auto max = f.number("max", Need::Required);
            if (min) s.min = *min;
            if (max) s.max = *max;
            if (min && max) report_inverted_range(f, *min, *max);
        } else {
            for (const std::string_view key : {"unit", "min", "max"}) {
                if (f.has(key)) {
                    f.report(key, "only a measure step has \"" + std::string(key) + "\"; this is a " + kind + " step");
                }
            }
        }
        if (s.history && s.kind != StepKind::Measure && s.kind != StepKind::Text && s.kind != StepKind::Choice &&
            s.kind != StepKind::Serial) {
            f.report("history", "only a measure, text, choice or serial step can carry its answer into the customer's "
                                "history; this is a " + kind + " step");
        }
        if (s.kind == StepKind::Choice) {
            if (const Value* options = f.list("options", Need::Required)) read_options(*options, f.path_of("options"), s);
        } else if (f.has("options")) {
            f.report("options", "only a choice step has \"options\"; this is a " + kind + " step");
        }
        // Before format 3 these keys are unknown keys, already reported as such.
        if (format_ >= 3 || !format_known_) {
            read_photo_counts(f, s);
            read_serial_fields(f, s);
        }
    }

    // The kind is misspelled or missing, so which fields belong is unknowable; but an inverted range
    // or an empty choice list is wrong whatever the kind was meant to be, and the author should not
    // have to fix the kind first to be told.
    void read_fields_of_unknown_kind(FieldReader& f, Step& s) {
        const auto min = f.has("min") ? f.number("min", Need::Optional) : std::nullopt;
        const auto max = f.has("max") ? f.number("max", Need::Optional) : std::nullopt;
        if (min && max) report_inverted_range(f, *min, *max);
        if (f.has("unit")) (void)f.text("unit", Need::Optional);
        if (f.has("options")) {
            if (const Value* options = f.list("options", Need::Optional)) read_options(*options, f.path_of("options"), s);
        }
    }

    static void report_inverted_range(FieldReader& f, double min, double max) {
        if (min <= max) return;
        f.report("min", "the accepted range is inverted: min " + number_text(min) + " is greater than max " +
                            number_text(max) + "; swap them");
    }

    void read_options(const Value& list, const std::string& path, Step& s) {
        if (list.Size() < 2) {
            problems_.add(path, list.Empty() ? "the choice list is empty; a choice step needs at least two options"
                                             : "a choice step needs at least two options; with one there is no choice");
        }
        std::map<std::string, std::string> seen;  // option id -> path of its first use
        for (std::size_t i = 0; i < list.Size(); ++i) {
            const Value& v = list[static_cast<rapidjson::SizeType>(i)];
            const std::string option_path = index_path(path, i);
            if (!v.IsObject()) {
                problems_.add(option_path, "each option is an object {\"id\": ..., \"label\": ...}, not " +
                                               json_type_name(v));
                continue;
            }
            FieldReader f(v, option_path, "option", problems_, kOptionKeys, kAnswerKeys, kNoAnswerInTemplate);
            ChoiceOption o;
            if (auto id = f.id("id", "-_", "yes")) {
                o.id = *id;
                const auto [it, fresh] = seen.try_emplace(o.id, f.path_of("id"));
                if (!fresh) {
                    f.report("id", "the option id " + quoted(o.id) + " is already used in this list at " + it->second +
                                       "; each option of a choice needs its own id");
                }
            }
            if (auto label = f.text("label", Need::Required)) o.label = *label;
            s.options.push_back(std::move(o));
        }
    }

    // Checked against the other steps once all are read (see resolve_show_ifs).
    ShowIf read_show_if(const Value& v, const std::string& path, std::size_t step_index) {
        FieldReader f(v, path, "show_if", problems_, kShowIfKeys);
        PendingShowIf pending{step_index, {}, f.path_of("step"), {}};
        const auto target = f.text("step", Need::Required);
        if (const Value* equals = f.list("equals", Need::Required)) {
            if (equals->Empty()) {
                f.report("equals", "is empty, so the step would never be shown; list the answers that show it");
            }
            for (std::size_t i = 0; i < equals->Size(); ++i) {
                const Value& token = (*equals)[static_cast<rapidjson::SizeType>(i)];
                const std::string token_path = index_path(f.path_of("equals"), i);
                if (!token.IsString()) {
                    problems_.add(token_path, "must be text (an answer such as an option id), not " + json_type_name(token));
                    continue;
                }
                pending.equals.push_back(ShowIfToken{std::string(string_view_of(token)), token_path});
            }
        }
        ShowIf show_if;
        for (const ShowIfToken& token : pending.equals) show_if.equals.push_back(token.token);
        if (target) {
            show_if.step = *target;
            pending.target = *target;
            show_ifs_.push_back(std::move(pending));
        }
        return show_if;
    }

    void resolve_show_ifs(const ChecklistTemplate& t) {
        std::unordered_map<std::string_view, std::size_t> step_at;  // first step with each id
        for (std::size_t i = 0; i < t.steps.size(); ++i) {
            if (!t.steps[i].id.empty()) step_at.try_emplace(t.steps[i].id, i);
        }
        std::unordered_map<std::size_t, std::pair<std::vector<std::string_view>, std::unordered_set<std::string_view>>>
            answers_of;
        for (const PendingShowIf& p : show_ifs_) {
            const Step& self = t.steps[p.step_index];
            if (!self.id.empty() && p.target == self.id) {
                problems_.add(p.target_path, "a step cannot depend on its own answer; point show_if at an earlier step");
                continue;
            }
            const auto found = step_at.find(p.target);
            if (found == step_at.end()) {
                report_unknown_show_if_step(p, t);
                continue;
            }
            const std::size_t target_index = found->second;
            if (target_index > p.step_index) {
                problems_.add(p.target_path, "step " + quoted(p.target) + " comes later (at " +
                                                 index_path("$.steps", target_index) +
                                                 "); show_if can only look at an earlier step's answer");
                continue;
            }
            if (!step_kind_known_[target_index]) continue;  // its kind is already reported; tokens are unknowable
            const Step& target = t.steps[target_index];
            // Cached per target: many show_ifs may look at one choice with many options.
            auto cached = answers_of.find(target_index);
            if (cached == answers_of.end()) {
                std::vector<std::string_view> list = tokens_for(target);
                std::unordered_set<std::string_view> set(list.begin(), list.end());
                cached = answers_of.emplace(target_index, std::make_pair(std::move(list), std::move(set))).first;
            }
            const auto& [tokens, possible] = cached->second;
            // A choice without (valid) options is reported at its options; saying here that a choice
            // cannot be compared would contradict the advice to use a choice step.
            if (tokens.empty() && target.kind == StepKind::Choice) continue;
            if (tokens.empty()) {
                problems_.add(p.target_path, "step " + quoted(p.target) + " is a " + to_string(target.kind) +
                                                 " step, whose answer show_if cannot compare; use an instruction, "
                                                 "check, measure or choice step");
                continue;
            }
            report_impossible_show_if_answers(p, target, tokens, possible);
        }
    }

    // The show_if names no step: a precheck's or handover item's id, or a typo of an earlier step's.
    void report_unknown_show_if_step(const PendingShowIf& p, const ChecklistTemplate& t) {
        const auto owner = declared_.find(p.target);
        if (owner != declared_.end() && owner->second != Section::Step) {
            problems_.add(p.target_path, quoted(p.target) + " is a " + noun_of(owner->second) +
                                             ", not a step; show_if can only look at an earlier step's answer");
            return;
        }
        // Suggestions cost a comparison per earlier step: only while the report is short.
        std::vector<std::string_view> earlier;
        for (std::size_t k = 0; k < p.step_index && !problems_.full(); ++k) earlier.push_back(t.steps[k].id);
        problems_.add(p.target_path, "no step has the id " + quoted(p.target) + did_you_mean(p.target, earlier) +
                                         "; show_if can only look at an earlier step's answer");
    }

    void report_impossible_show_if_answers(const PendingShowIf& p, const Step& target,
                                           const std::vector<std::string_view>& tokens,
                                           const std::unordered_set<std::string_view>& possible) {
        for (const ShowIfToken& token : p.equals) {
            if (possible.count(token.token) != 0) continue;
            if (problems_.full()) {
                problems_.add(token.path, {});  // counted only; a suggestion here would cost time for nothing
                continue;
            }
            problems_.add(token.path, quoted(token.token) + " can never be the answer of the " + to_string(target.kind) +
                                          " step " + quoted(p.target) + did_you_mean(token.token, tokens) +
                                          "; its answers are: " + join(tokens, ", "));
        }
    }

    HandoverItem read_handover(const Value& v, const std::string& path) {
        const auto read_todo = [this](FieldReader& f, HandoverItem& h) {
            if (auto todo = f.text("todo", Need::Optional)) h.todo = *todo;
            if (!f.has("kind")) return;
            const auto kind = f.one_of("kind", Need::Optional, kHandoverKinds, "handover kind");
            if (kind != "signature") return;
            h.kind = HandoverItem::Kind::Signature;
            if (format_ < 2 && format_known_) {
                f.report("kind", "a handover item the customer signs needs \"format\": \"" + template_format_name(2) +
                                     "\"; in format 1 the signature is a step of the technician's");
            }
        };
        return read_titled_item<HandoverItem>(v, path, Section::Handover, kHandoverKeys, "wired-laptop", read_todo);
    }

    // Story 5: the back office sees where the journey hurts only when every stop has its smiley.
    // A smiley whose touchpoint is misspelled is reported where it is; the stop it was meant for is
    // still named here, since the survey as written does not ask about it.
    void require_every_touchpoint(const std::string& survey_path) {
        for (const std::string_view touchpoint : kTouchpoints) {
            if (touchpoints_.count(std::string(touchpoint)) != 0) continue;
            problems_.add(survey_path, "no smiley question rates the touchpoint " + quoted(touchpoint) +
                                           "; add one with \"touchpoint\": \"" + std::string(touchpoint) +
                                           "\" (the survey asks one smiley per touchpoint: " +
                                           join(kTouchpoints, ", ") + ")");
        }
    }

    SurveyQuestion read_survey(const Value& v, const std::string& path) {
        SurveyQuestion q;
        if (!is_object(v, path, Section::Survey)) return q;
        FieldReader f(v, path, "survey question", problems_, kSurveyKeys, kAnswerKeys, kNoSurveyDefault);
        read_id(f, Section::Survey, q.id, "arrival");
        const auto kind = f.one_of("kind", Need::Required, kSurveyKinds, "question kind");
        if (auto title = f.text("title", Need::Required)) q.title = *title;
        const auto required = f.flag("required", Need::Optional);
        if (kind == "smiley") {
            q.kind = SurveyKind::Smiley;
            q.required = required.value_or(true);
            if (!f.has("touchpoint")) {
                f.report("touchpoint", "missing; a smiley question rates one touchpoint: " + join(kTouchpoints, ", "));
            } else if (auto touchpoint = f.one_of("touchpoint", Need::Required, kTouchpoints, "touchpoint")) {
                q.touchpoint = *touchpoint;
                const auto [it, fresh] = touchpoints_.try_emplace(q.touchpoint, path);
                if (!fresh) {
                    f.report("touchpoint", "the touchpoint " + quoted(q.touchpoint) + " already has a smiley at " +
                                               it->second + "; ask one smiley question per touchpoint");
                }
            }
        } else if (kind == "comment") {
            q.kind = SurveyKind::Comment;
            q.required = false;
            if (f.has("touchpoint")) {
                f.report("touchpoint", "only a smiley question has a touchpoint; a comment is about the whole visit");
            }
            if (required.value_or(false)) {
                f.report("required", "a comment question cannot be required: the customer may leave it empty");
            }
        }
        return q;
    }

    ProblemList& problems_;
    int format_ = 1;             // the template's format, once read_format() knows it
    bool format_known_ = false;  // an unreadable format is reported once, not again at each item
    std::unordered_map<std::string, IdOwner> ids_;
    std::unordered_map<std::string, Section> declared_;  // id -> section of its first use
    std::map<std::string, std::string> touchpoints_;  // smiley touchpoint -> path of its question
    std::vector<PendingShowIf> show_ifs_;
    std::vector<bool> step_kind_known_;  // per index of $.steps
};

}  // namespace

std::string template_format_name(int format) { return "fieldcheck-template/" + std::to_string(format); }

ChecklistTemplate read_template(const rapidjson::Value& root, ProblemList& problems) {
    return TemplateReader(problems).read(root);
}

}  // namespace fc
