#include "app/tablet/tablet_options.h"

#include <charconv>
#include <string>
#include <string_view>

#ifndef FIELDCHECK_TEMPLATES_DIR
#define FIELDCHECK_TEMPLATES_DIR "templates"
#endif

namespace fc {
namespace {

bool parse_size(std::string_view s, int& w, int& h) {
    const auto x = s.find('x');
    if (x == std::string_view::npos) return false;
    const auto a = std::from_chars(s.data(), s.data() + x, w);
    const auto b = std::from_chars(s.data() + x + 1, s.data() + s.size(), h);
    return a.ec == std::errc() && a.ptr == s.data() + x && b.ec == std::errc() && b.ptr == s.data() + s.size() &&
           w >= 320 && h >= 320 && w <= 8192 && h <= 8192;
}

}  // namespace

const char* tablet_usage() {
    return "usage: fieldcheck [--data DIR] [--lang en|nl] [--demo] [--templates DIR] [--size WxH] [--timings]\n"
           "  --data DIR       device store directory (default: $XDG_DATA_HOME/fieldcheck)\n"
           "  --lang en|nl     UI language (kept as a setting)\n"
           "  --demo           fill an empty store with the demo templates and a day of visits; PIN 1234 if none is set\n"
           "  --templates DIR  where --demo reads the templates (default: the source tree's templates/)\n"
           "  --size WxH       window size, e.g. 800x1280 for portrait (default 1280x800)\n"
           "  --timings        print time to first frame and CPU per frame to stderr\n"
           "  --hit-targets F  write the screen's tappable items to F after each frame (GUI smoke test)\n";
}

Expected<TabletOptions> parse_tablet_options(int argc, const char* const* argv) {
    TabletOptions o;
    o.templates_dir = FIELDCHECK_TEMPLATES_DIR;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&](const char* name) -> Expected<std::string> {
            if (i + 1 >= argc) return make_error(ErrorCode::usage, std::string(name) + " needs a value");
            return std::string(argv[++i]);
        };
        if (arg == "--help" || arg == "-h") {
            o.help = true;
        } else if (arg == "--demo") {
            o.demo = true;
        } else if (arg == "--timings") {
            o.timings = true;
        } else if (arg == "--data") {
            auto v = value("--data");
            if (!v) return v.error();
            if (v->empty()) return make_error(ErrorCode::usage, "--data needs a directory");
            o.data_dir = *v;
        } else if (arg == "--templates") {
            auto v = value("--templates");
            if (!v) return v.error();
            o.templates_dir = *v;
        } else if (arg == "--hit-targets") {
            auto v = value("--hit-targets");
            if (!v) return v.error();
            o.hit_targets = *v;
        } else if (arg == "--lang") {
            auto v = value("--lang");
            if (!v) return v.error();
            o.lang = lang_from_code(*v);
            if (!o.lang) return make_error(ErrorCode::usage, "--lang is en or nl, not '" + *v + "'");
        } else if (arg == "--size") {
            auto v = value("--size");
            if (!v) return v.error();
            if (!parse_size(*v, o.width, o.height)) {
                return make_error(ErrorCode::usage, "--size is WIDTHxHEIGHT between 320 and 8192, e.g. 800x1280, not '" + *v + "'");
            }
        } else {
            return make_error(ErrorCode::usage, "unknown option '" + std::string(arg) + "'");
        }
    }
    return o;
}

}  // namespace fc
