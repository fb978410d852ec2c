#pragma once
// ProblemList: the problems found in one template file, in the order found, capped so that a hostile
// file cannot make the report (or the memory behind it) grow without bound.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "template_parser.h"

namespace fc {

// Why a cap: a 1 MiB file of unknown keys would otherwise produce a hundred thousand lines nobody
// reads; the first few hundred say what is wrong, the count says how much.
inline constexpr std::size_t kMaxReportedProblems = 200;

class ProblemList {
public:
    explicit ProblemList(std::size_t cap = kMaxReportedProblems) : cap_(cap) {}

    void add(std::string path, std::string message, ErrorCode code = ErrorCode::invalid_template);
    std::size_t count() const { return count_; }
    bool empty() const { return count_ == 0; }
    // Once full, further problems are only counted; callers skip costly wording (suggestions).
    bool full() const { return kept_.size() >= cap_; }

    // The kept problems, plus one closing "… and N more problems" entry when some were left out.
    std::vector<TemplateProblem> take() &&;

private:
    std::size_t cap_;
    std::size_t count_ = 0;
    std::vector<TemplateProblem> kept_;
};

// JSON paths as people read them: $.steps[3].show_if.step; keys that are not plain words are
// written $.steps[3]["odd key"].
std::string member_path(const std::string& parent, std::string_view key);
std::string index_path(const std::string& parent, std::size_t index);

// Text taken from the file, made safe to print in a terminal: in single quotes, control characters
// escaped (a template must not be able to send escape sequences to the reader's terminal), cut
// after 60 characters.
std::string quoted(std::string_view text);

}  // namespace fc
