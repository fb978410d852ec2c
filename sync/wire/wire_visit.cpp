#include "wire_visit.h"

#include <algorithm>

namespace fc {

std::vector<std::string> visit_attachments(const Visit& v) {
    std::vector<std::string> out;
    for (const Step& step : v.checklist().steps) {
        const auto answer = v.step_answer(step.id);
        if (!answer || answer->kind != Answer::Kind::Attachment) continue;
        if (std::find(out.begin(), out.end(), answer->text) == out.end()) out.push_back(answer->text);
    }
    return out;
}

}  // namespace fc
