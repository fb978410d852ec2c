#pragma once
// ExportedAnswers: what the back office's export shows of a received visit's own answers: the
// serials its serial steps hold and how many photos its photo steps hold (record format 4).
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fc {

struct ExportedAnswers {
    // (step id, serial) in the order the steps were first answered; a discarded answer is left out.
    std::vector<std::pair<std::string, std::string>> serials;
    // Photos in the photo steps' lists; nothing for a record before format 4, whose photo answers
    // cannot be told from signatures without the template.
    std::optional<int> photos;
};

// Read from the record's sealed events, so visits received before this depot version show them too;
// an unreadable record (none is stored: ingest decoded it) exports nothing.
ExportedAnswers exported_answers(const std::string& record);

// "modem-serial=ZTEG-C8A30977 modem-article=8712345678906": the CSV cell.
std::string serials_cell(const ExportedAnswers& a);

}  // namespace fc
