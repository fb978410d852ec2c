#include "depot_files.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

#include "checklists/template_parser.h"

namespace fc {

Expected<std::string> read_small_file(const std::filesystem::path& file, std::size_t max_bytes) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) return make_error(ErrorCode::unreadable, file.string() + ": cannot read: " + ec.message());
    if (size > max_bytes) {
        return make_error(ErrorCode::too_large, file.string() + ": " + std::to_string(size) + " bytes; at most " +
                                           std::to_string(max_bytes) + " are accepted");
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error(ErrorCode::unreadable, file.string() + ": cannot open: " + std::strerror(errno));
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return make_error(ErrorCode::unreadable, file.string() + ": read error");
    return bytes;
}

Expected<std::string> import_template_file(DepotStore& store, const std::filesystem::path& file, std::int64_t now_ms) {
    auto bytes = read_small_file(file, kMaxTemplateBytes);
    if (!bytes) return make_error(bytes.error().code, bytes.error().message + "\n");
    TemplateParseResult parsed = parse_template(bytes.value());
    if (!parsed.checklist) {
        std::string all;
        for (const TemplateProblem& p : parsed.problems) all += file.string() + ": " + p.path + ": " + p.message + "\n";
        return make_error(ErrorCode::invalid_template, all);
    }
    const ChecklistTemplate& t = *parsed.checklist;
    auto stored = store.import_template(t, now_ms);
    if (!stored) return make_error(stored.error().code, file.string() + ": " + stored.error().message + "\n");
    return std::string(stored.value() ? "imported " : "already on the depot: ") + t.id + " version " + std::to_string(t.version);
}

}  // namespace fc
