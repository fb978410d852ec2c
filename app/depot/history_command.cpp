// `fieldcheck-depot history --data DIR --customer ID | --job ID`: one customer's whole story in one
// screen of text, for whoever takes the customer's call (story 2: nobody asks for it again).
#include <cstdio>
#include <memory>
#include <string>

#include "catalogue/catalogue.h"
#include "checklists/time_format.h"
#include "depot_commands.h"
#include "planning_options.h"
#include "sync/depot/depot_store.h"

namespace fc {
namespace {

constexpr const char* kHistoryUsage = "history --data DIR --customer ID | --job ID";

constexpr const char* kHistoryHelp =
    "Every visit the depot received or imported for the customer, across all their jobs (a move, a\n"
    "second installation), oldest first: date, visit, job, outcome and cause in words, the note for the\n"
    "helpdesk, the measured values the template marks, the customer's to-do list; then the visits\n"
    "still planned, and the jobs whose next visit is escalated (two or more visits on the job could not\n"
    "be completed since its last completed one). --job shows the story of the job's customer (only the\n"
    "job's own when the planning sheet gave it no customer_id).\n"
    "Exit codes: 0 printed, 1 no depot in DIR or nothing known about that customer or job, 2 usage.";

struct HistoryArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string customer;
    std::string job;
};


// Continuation lines of a note line up under its first line.
std::string indented(const std::string& text, const std::string& indent) {
    std::string out;
    for (char c : text) {
        out += c;
        if (c == '\n') out += indent;
    }
    return out;
}

std::string outcome_words(const HistoryEntry& h) {
    if (h.outcome == "completed") return "completed";
    if (h.outcome != "not_possible") return h.outcome;
    // The technician's words for the cause, as the tablet shows them; an unknown one as it is.
    const std::string key = "cause." + h.cause;
    return "not possible: " + (has_key(key) ? text(Lang::En, key) : (h.cause.empty() ? "cause unknown" : h.cause));
}

std::string visit_text(const StoryVisit& v) {
    const HistoryEntry& h = v.entry;
    const std::string indent(14, ' ');
    std::string out = "  " + local_iso_date(h.date_ms) + "  " + h.visit_id + "  job " + h.job_id + "  " +
                      outcome_words(h) + "\n";
    if (!v.address.empty()) out += indent + v.address + "\n";
    if (!h.note.empty()) out += indent + "Note: " + indented(h.note, indent + "      ") + "\n";
    for (const HistoryValue& value : h.values) out += indent + value.title + ": " + value.value + "\n";
    for (const std::string& todo : h.todo) out += indent + "To do: " + todo + "\n";
    return out;
}

std::string story_text(const CustomerStory& story, const HistoryArgs& args) {
    std::string out = story.customer_id.empty() ? "Job " + args.job + " (no customer id)" : "Customer " + story.customer_id;
    if (!story.customer_name.empty()) out += ": " + story.customer_name;
    out += "\n";
    for (const JobEscalation& e : story.escalations) {
        out += "ESCALATE job " + e.job_id + ": " + std::to_string(e.failed_since_completion) +
               " visits since its last completed visit could not be completed.\n";
    }
    out += "\nEarlier visits, oldest first:\n";
    if (story.visits.empty()) out += "  none\n";
    for (const StoryVisit& v : story.visits) out += visit_text(v);
    out += "\nPlanned:\n";
    if (story.planned.empty()) out += "  none\n";
    for (const PlannedVisit& p : story.planned) {
        out += "  " + local_iso_date(p.window_start_ms) + " " + local_hh_mm(p.window_start_ms) + "  " + p.visit_id +
               "  job " + p.job_id + "  technician " + p.technician_id + (p.escalation ? "  ESCALATED" : "") + "\n";
    }
    return out;
}

int print_history(const HistoryArgs& args) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("history", store.error().message);
    auto story = store.value()->customer_story({args.customer, args.job});
    if (!story) return command_failed("history", story.error().message);
    if (story->empty()) {
        return command_failed("history", args.customer.empty() ? "the depot knows no visit of job " + args.job
                                          : "the depot knows no visit of customer " + args.customer);
    }
    const std::string out = story_text(story.value(), args);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace

DepotCommand add_history_command(CommandLine& line) {
    auto args = std::make_shared<HistoryArgs>();
    CLI::App& cli = line.command(line.app(), "history", "One customer's whole story across visits and jobs.", kHistoryUsage);
    cli.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    cli.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    CLI::Option* customer =
        cli.add_option("--customer", args->customer, "the customer_id of the planning sheet")->type_name("ID");
    CLI::Option* job = cli.add_option("--job", args->job, "a job id: its customer's story")->type_name("ID");
    customer->excludes(job);
    cli.footer(kHistoryHelp);
    const CLI::App* self = &cli;
    return {self, [&line, self, args] {
                if (args->customer.empty() == args->job.empty()) {
                    return line.usage_error(*self, "name the customer with --customer ID or a job with --job ID");
                }
                return print_history(*args);
            }};
}

}  // namespace fc
