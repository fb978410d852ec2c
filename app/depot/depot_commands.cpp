#include "depot_commands.h"

namespace fc {

const std::vector<DepotCommand>& depot_commands() {
    static const std::vector<DepotCommand> commands = {
        {"check-template", "check-template FILE...   print every problem in each template file", run_check_template},
    };
    return commands;
}

void print_depot_usage(std::FILE* out) {
    std::fprintf(out, "usage: fieldcheck-depot COMMAND [ARGS]\n\ncommands:\n");
    for (const auto& c : depot_commands()) std::fprintf(out, "  %s\n", c.usage);
}

}  // namespace fc
