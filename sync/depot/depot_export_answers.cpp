#include "sync/depot/depot_export_answers.h"

#include <algorithm>

#include "checklists/visit.h"

namespace fc {

ExportedAnswers exported_answers(const std::string& record) {
    ExportedAnswers out;
    auto decoded = decode_visit_record(record);
    if (!decoded) return out;
    // The step answers as the events leave them: a later answer replaces, a discard removes.
    std::vector<std::pair<std::string, Answer>> answers;
    for (const VisitEvent& e : decoded->events) {
        const auto at = std::find_if(answers.begin(), answers.end(), [&](const auto& a) { return a.first == e.item; });
        if (e.kind == EventKind::StepAnswered && e.new_answer) {
            if (at == answers.end()) answers.emplace_back(e.item, *e.new_answer);
            else at->second = *e.new_answer;
        } else if (e.kind == EventKind::AnswerDiscarded && at != answers.end()) {
            answers.erase(at);
        }
    }
    if (decoded->format >= kFirstPhotoListFormat) out.photos = 0;
    for (const auto& [step, answer] : answers) {
        if (answer.kind == Answer::Kind::Serial) out.serials.emplace_back(step, answer.text);
        if (answer.kind == Answer::Kind::Photos && out.photos) *out.photos += static_cast<int>(answer.hashes.size());
    }
    return out;
}

std::string serials_cell(const ExportedAnswers& a) {
    std::string out;
    for (const auto& [step, serial] : a.serials) out += (out.empty() ? "" : " ") + step + "=" + serial;
    return out;
}

}  // namespace fc
