#include "visit_history.h"

#include "template_field_reader.h"

namespace fc {
namespace {

std::string value_text(const Step& step, const Answer& a) {
    if (a.kind == Answer::Kind::Number) {
        // The measure's own note says why a value is what it is ("after cleaning the connector").
        return number_text(a.number) + " " + step.unit + (a.text.empty() ? "" : " (" + a.text + ")");
    }
    for (const ChoiceOption& o : step.options) {
        if (o.id == a.text) return o.label;
    }
    return a.text;
}

void add_line(std::string& note, const std::string& line) {
    if (line.empty()) return;
    if (!note.empty()) note += "\n";
    note += line;
}

}  // namespace

HistoryEntry history_entry_of(const Visit& v) {
    HistoryEntry h;
    h.visit_id = v.assignment().visit_id;
    h.job_id = v.assignment().job_id;
    h.date_ms = v.events().empty() ? 0 : v.events().back().wall_ms;
    h.outcome = to_string(v.outcome());
    if (v.cause()) {
        h.cause = to_string(v.cause()->kind);
        add_line(h.note, v.cause()->text);
    }
    for (const Step& step : v.checklist().steps) {
        if (!step.history || !v.step_shown(step.id)) continue;
        const auto answer = v.step_answer(step.id);
        if (!answer) continue;
        if (answer->kind == Answer::Kind::Text) {
            add_line(h.note, answer->text);
        } else if (answer->kind == Answer::Kind::Number || answer->kind == Answer::Kind::Choice ||
                   answer->kind == Answer::Kind::Serial) {
            h.values.push_back({step.title, value_text(step, *answer)});
        }
    }
    h.todo = v.customer_todo();
    return h;
}

}  // namespace fc
