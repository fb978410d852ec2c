#include "planning_options.h"

#include "sync/depot/depot_assign_csv.h"
#include "sync/wire/wire_ids.h"

namespace fc {

CLI::Validator wire_id_option(const std::string& example) {
    return CLI::Validator(
        [example](std::string& text) -> std::string {
            return is_wire_id(text) ? "" : "takes an id like " + example + " (1 to 64 letters, digits, '-' or '_'), not '" + text + "'";
        },
        "", "wire_id");
}

CLI::Validator iso_time_option() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            return parse_iso8601_ms(text) ? "" : "takes a time with its offset like 2024-05-13T18:00+02:00, not '" + text + "'";
        },
        "", "iso_time");
}

std::int64_t option_time_ms(const std::string& text) { return parse_iso8601_ms(text).value_or(0); }

int command_failed(const char* command, const Error& e) { return command_failed(command, e.message); }

int command_failed(const char* command, const std::string& sentence) {
    std::fprintf(stderr, "fieldcheck-depot %s: %s\n", command, sentence.c_str());
    return 1;
}

}  // namespace fc
