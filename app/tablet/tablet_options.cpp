#include "app/tablet/tablet_options.h"

#include <charconv>
#include <filesystem>
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

CLI::Validator window_size() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            int w = 0;
            int h = 0;
            if (parse_size(text, w, h)) return {};
            return "is WIDTHxHEIGHT between 320 and 8192, e.g. 800x1280, not '" + text + "'";
        },
        "", "window_size");
}

CLI::Validator language_code() {
    return CLI::Validator(
        [](std::string& text) -> std::string { return lang_from_code(text) ? "" : "is en or nl, not '" + text + "'"; }, "",
        "language_code");
}

CLI::Validator not_empty(const char* what) {
    return CLI::Validator([what](std::string& text) -> std::string { return text.empty() ? std::string("needs ") + what : ""; },
                          "", "not_empty");
}

CLI::Validator camera_source() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            if (parse_camera_source(text)) return {};
            return "is test, test:N (N frames, then the stream ends), files:DIR or a device such as /dev/video0, not '" +
                   text + "'";
        },
        "", "camera_source");
}

// Where --demo reads the templates without --templates: the packaged layout (the binary in
// /usr/libexec/fieldcheck/, the templates in /usr/share/fieldcheck/templates; packaging/) when the binary
// sits there, else the source tree this build was made from.
std::filesystem::path default_templates_dir() {
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const std::filesystem::path installed = exe.parent_path() / "../../share/fieldcheck/templates";
        if (std::filesystem::is_directory(installed, ec)) return installed.lexically_normal();
    }
    return FIELDCHECK_TEMPLATES_DIR;
}

}  // namespace

const char* const kTabletSynopsis =
    "[--data DIR] [--lang en|nl] [--demo] [--templates DIR] [--size WxH] [--timings] "
    "[--camera test|test:N|files:DIR|/dev/videoN]";

void add_tablet_options(CLI::App& cli, TabletOptions& o) {
    o.templates_dir = default_templates_dir();
    cli.add_option_function<std::string>("--data", [&o](const std::string& v) { o.data_dir = v; },
                                         "device store directory (default: $XDG_DATA_HOME/fieldcheck)")
        ->check(not_empty("a directory"))->type_name("DIR");
    cli.add_option_function<std::string>("--lang", [&o](const std::string& v) { o.lang = lang_from_code(v); },
                                         "UI language (kept as a setting)")
        ->check(language_code())->type_name("en|nl");
    cli.add_flag("--demo", o.demo, "fill an empty store with the demo templates and a day of visits; PIN 1234 if none is set");
    cli.add_option_function<std::string>("--templates", [&o](const std::string& v) { o.templates_dir = v; },
                                         "where --demo reads the templates (default: /usr/share/fieldcheck/templates when\n"
                                         "installed from the package, else the source tree's templates/)")
        ->type_name("DIR");
    cli.add_option_function<std::string>("--size", [&o](const std::string& v) { parse_size(v, o.width, o.height); },
                                         "window size, e.g. 800x1280 for portrait (default 1280x800)")
        ->check(window_size())->type_name("WxH");
    cli.add_flag("--timings", o.timings, "print time to first frame and CPU per frame to stderr");
    cli.add_flag("--exit-after-first-frame", o.exit_after_first_frame,
                 "leave as soon as the first frame is on screen (measures start-up)");
    cli.add_option_function<std::string>("--camera", [&o](const std::string& v) { o.camera = *parse_camera_source(v); },
                                         "the camera: test (GStreamer's test pattern), test:N (ends after N frames), "
                                         "files:DIR (its JPEG and PNG images in turn) or a V4L2 device (default /dev/video0)")
        ->check(camera_source())->type_name("SOURCE");
    cli.add_option_function<std::string>("--hit-targets", [&o](const std::string& v) { o.hit_targets = v; },
                                         "write the screen's tappable items to F after each frame (GUI smoke test)")
        ->type_name("F");
}

Expected<TabletOptions> parse_tablet_options(int argc, const char* const* argv) {
    TabletOptions o;
    CommandLine line("fieldcheck", "The technician's tablet app.", kTabletSynopsis);
    add_tablet_options(line.app(), o);
    const CommandLine::Outcome outcome = line.read(argc, argv);
    switch (outcome.kind) {
        case CommandLine::Outcome::Kind::Run: return o;
        case CommandLine::Outcome::Kind::Help: o.help = true; return o;
        case CommandLine::Outcome::Kind::UsageError: return make_error(ErrorCode::usage, outcome.message);
    }
    return o;
}

}  // namespace fc
