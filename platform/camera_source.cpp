#include <charconv>
#include <string_view>

#include "platform/camera.h"

namespace fc {

std::string CameraSource::spec() const {
    switch (kind) {
        case Kind::TestPattern: return test_frames > 0 ? "test:" + std::to_string(test_frames) : "test";
        case Kind::Files: return "files:" + where;
        case Kind::Device: return where;
    }
    return where;
}

std::optional<CameraSource> parse_camera_source(const std::string& spec) {
    const std::string_view s = spec;
    CameraSource source;
    if (s == "test") {
        source.kind = CameraSource::Kind::TestPattern;
        source.where.clear();
        return source;
    }
    if (s.starts_with("test:")) {
        const std::string_view digits = s.substr(5);
        int n = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || n < 1) return std::nullopt;
        source.kind = CameraSource::Kind::TestPattern;
        source.where.clear();
        source.test_frames = n;
        return source;
    }
    if (s.starts_with("files:")) {
        if (s.size() == 6) return std::nullopt;
        source.kind = CameraSource::Kind::Files;
        source.where = std::string(s.substr(6));
        return source;
    }
    // Why only /dev/ paths: a typo such as "tset" must be a usage error, not a missing device.
    if (s.starts_with("/dev/") && s.size() > 5) {
        source.where = spec;
        return source;
    }
    return std::nullopt;
}

}  // namespace fc
