#include "depot_commands.h"

namespace fc {

const std::vector<DepotCommand>& depot_commands() {
    static const std::vector<DepotCommand> commands = {
        {"check-template", "check-template FILE...   print every problem in each template file", run_check_template},
        {"serve", "serve --data DIR [--listen HOST:PORT] [--tls-cert F --tls-key F] [--demo]   run the depot", run_serve},
        {"token", "token create --data DIR --technician ID [--device NAME] | list --data DIR | revoke --data DIR ID|TOKEN",
         run_token},
        {"template", "template import --data DIR FILE...   add templates the tablets fetch", run_template},
        {"assign", "assign --data DIR FILE.csv   assign visits from the planning sheet", run_assign},
        {"export", "export --data DIR --format csv|json [--out FILE]   received visits for the back office", run_export},
    };
    return commands;
}

void print_depot_usage(std::FILE* out) {
    std::fprintf(out, "usage: fieldcheck-depot COMMAND [ARGS]\n\ncommands:\n");
    for (const auto& c : depot_commands()) std::fprintf(out, "  %s\n", c.usage);
    std::fprintf(out, "\nfieldcheck-depot COMMAND --help explains each command (assign: the columns of the planning sheet).\n");
}

}  // namespace fc
