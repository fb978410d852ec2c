// POST /planning: the planning sheet `assign` reads, uploaded from the planner's computer and
// stored the same way: all or nothing in one transaction. A sheet with problems stores nothing and
// every problem is listed by line and column; a clean one says what changed.
#include <charconv>
#include <string>

#include "catalogue/catalogue.h"
#include "catalogue/error_message.h"
#include "checklists/precheck_confirmation.h"
#include "sync/depot/depot_assign_csv.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/office/planning_view.h"

namespace fc {
namespace {

// One of the checker's "line N, column: sentence" lines (depot_assign_csv.cpp). By hand, not
// std::regex: its backtracking recurses per character, and a cell may be megabytes long.
SheetProblem sheet_problem(const std::string& line) {
    constexpr std::string_view kLine = "line ";
    if (line.rfind(kLine, 0) != 0) return {0, "", line};
    std::size_t i = kLine.size();
    int number = 0;
    const auto [end, ec] = std::from_chars(line.data() + i, line.data() + line.size(), number);
    if (ec != std::errc() || number < 1) return {0, "", line};
    i = static_cast<std::size_t>(end - line.data());
    std::string column;
    if (line.compare(i, 2, ", ") == 0) {
        const std::size_t colon = line.find(": ", i + 2);
        if (colon == std::string::npos) return {0, "", line};
        column = line.substr(i + 2, colon - i - 2);
        i = colon;
    }
    if (line.compare(i, 2, ": ") != 0) return {0, "", line};
    return {number, column, line.substr(i + 2)};
}

std::vector<SheetProblem> sheet_problems(const std::string& message) {
    std::vector<SheetProblem> out;
    std::size_t start = 0;
    while (start < message.size()) {
        std::size_t end = message.find('\n', start);
        if (end == std::string::npos) end = message.size();
        if (end > start) out.push_back(sheet_problem(message.substr(start, end - start)));
        start = end + 1;
    }
    return out;
}

void refuse(const OfficeContext& ctx, httplib::Response& res, std::vector<SheetProblem> problems) {
    PlanningOutcome outcome;
    outcome.notice = text(ctx.lang(), "office.planning.nothing_stored", {{"count", std::to_string(problems.size())}});
    outcome.problems = std::move(problems);
    send_planning_page(ctx, res, 422, outcome);
}

Expected<PlanningSheet> read_sheet(DepotStore& depot, const std::string& bytes) {
    const auto latest = [&](const std::string& id) -> std::optional<int> {
        auto v = depot.latest_template_version(id);
        return v ? v.value() : std::nullopt;
    };
    const auto templates = [&](const std::string& id, int version) -> std::shared_ptr<const ChecklistTemplate> {
        auto t = depot.template_for(id, version);
        return t ? t.value() : nullptr;
    };
    return parse_planning_sheet(bytes, latest, templates);
}

}  // namespace

void planning_upload_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const Lang lang = ctx.lang();
    // get_file_value copies the part: taken once (it may be megabytes).
    const std::string bytes = req.is_multipart_form_data() ? req.get_file_value("sheet").content : std::string();
    if (bytes.empty()) {
        refuse(ctx, res, {{0, "", text(lang, "office.planning.no_file")}});
        return;
    }
    DepotStore& depot = ctx.depot.store;
    auto sheet = read_sheet(depot, bytes);
    if (!sheet) {
        refuse(ctx, res, sheet_problems(sheet.error().message));
        return;
    }
    const std::int64_t now = ctx.depot.clock.now().wall_ms;
    std::vector<SheetProblem> late;
    for (const PrecheckConfirmation& c : sheet->confirmations) {
        if (Status s = check_confirmation_time(c, now); !s) late.push_back({0, "confirmed", s.error().message});
    }
    if (!late.empty()) {
        refuse(ctx, res, std::move(late));
        return;
    }
    auto result = depot.put_assignments(sheet->assignments, now, sheet->confirmations, sheet->customer_emails);
    if (!result) {
        refuse(ctx, res, {{0, "", error_message(lang, result.error()) + " " + result.error().message}});
        return;
    }
    PlanningOutcome outcome;
    outcome.notice = text(lang, "office.planning.stored",
                          {{"created", std::to_string(result->created)}, {"changed", std::to_string(result->changed)},
                           {"unchanged", std::to_string(result->unchanged)}, {"confirmed", std::to_string(result->confirmed)}});
    send_planning_page(ctx, res, 200, outcome);
}

}  // namespace fc
