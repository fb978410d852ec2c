// check-template: reads template files and prints every problem in each, or a one-line summary.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "checklists/expected.h"
#include "checklists/template_parser.h"
#include "depot_commands.h"

namespace fc {
namespace {

constexpr const char* kCheckTemplateUsage = "check-template FILE...";
constexpr const char* kCheckTemplateHelp =
    "Prints \"FILE: ok (...)\" for a good template and \"FILE: $.path: problem\" for every problem\n"
    "in a bad one. Exit status: 0 when every file is ok, 1 when any is not, 2 on a usage error.";

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Reads at most one byte more than a template may hold, so /dev/zero or a huge file cannot make
// this run long or allocate much; a FIFO without a writer reads as empty instead of blocking.
Expected<std::string> read_template_file(const char* path) {
    const int fd = ::open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return make_error(ErrorCode::unreadable, std::string("cannot open the file: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return make_error(ErrorCode::unreadable, std::string("cannot read the file: ") + std::strerror(err));
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        return make_error(ErrorCode::unreadable, "this is a directory, not a template file");
    }
    if (S_ISREG(st.st_mode) && static_cast<unsigned long long>(st.st_size) > kMaxTemplateBytes) {
        ::close(fd);
        return make_error(ErrorCode::too_large, "$: the file is " + std::to_string(st.st_size) + " bytes; a template may be at most " +
                                           std::to_string(kMaxTemplateBytes) + " bytes");
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);

    std::string bytes;
    char buffer[65536];
    while (bytes.size() <= kMaxTemplateBytes) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;  // a FIFO nobody writes to: nothing to read
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            return make_error(ErrorCode::unreadable, std::string("cannot read the file: ") + std::strerror(err));
        }
        if (n == 0) break;
        bytes.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    if (bytes.size() > kMaxTemplateBytes) {
        return make_error(ErrorCode::too_large, "$: the file holds more than " + std::to_string(kMaxTemplateBytes) +
                                           " bytes; a template may be at most that long");
    }
    return bytes;
}

// Prints the file's report; true when the template is usable.
bool check_one(const char* path) {
    const Expected<std::string> bytes = read_template_file(path);
    if (!bytes) {
        std::printf("%s: %s\n", path, bytes.error().message.c_str());
        return false;
    }
    const TemplateParseResult result = parse_template(*bytes);
    if (result.checklist) {
        const ChecklistTemplate& t = *result.checklist;
        // The format says who holds the tablet at the handover: the technician (1) or the customer (2).
        std::printf("%s: ok (%s v%d, format %d, %s, %s, %s, %s)\n", path, t.id.c_str(), t.version, t.format,
                    plural(t.prechecks.size(), "precheck", "prechecks").c_str(),
                    plural(t.steps.size(), "step", "steps").c_str(),
                    plural(t.handover.size(), "handover item", "handover items").c_str(),
                    plural(t.survey.size(), "survey question", "survey questions").c_str());
        return true;
    }
    for (const TemplateProblem& p : result.problems) {
        std::printf("%s: %s: %s\n", path, p.path.c_str(), p.message.c_str());
    }
    return false;
}

}  // namespace

DepotCommand add_check_template_command(CommandLine& line) {
    auto files = std::make_shared<std::vector<std::string>>();
    CLI::App& cli = line.command(line.app(), "check-template", "Print every problem in each template file.", kCheckTemplateUsage);
    cli.add_option("FILE", *files, "template files (after --, a name may start with '-')");
    cli.footer(kCheckTemplateHelp);
    const CLI::App* self = &cli;
    return {self, [&line, self, files] {
                if (files->empty()) return line.usage_error(*self, "name at least one template file");
                bool all_ok = true;
                for (const std::string& file : *files) all_ok = check_one(file.c_str()) && all_ok;
                std::fflush(stdout);
                return all_ok ? 0 : 1;
            }};
}

}  // namespace fc
