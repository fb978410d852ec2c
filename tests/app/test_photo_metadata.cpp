// Picked photos lose their location and device metadata, losslessly; hostile bytes never crash.
#include <doctest/doctest.h>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "app/tablet/photo_file.h"
#include "app/tablet/photo_metadata.h"
#include "app/tablet/pictures_folder.h"

namespace fc {
namespace {

const std::string kSecret = "GPS 52.3702N 4.8952E Pixel-7-Pro SN-8842";

void append_to(void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::vector<unsigned char> gradient(int w, int h) {
    std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    for (std::size_t i = 0; i < rgb.size(); ++i) rgb[i] = static_cast<unsigned char>(i * 7 % 251);
    return rgb;
}

std::string segment(int marker, const std::string& payload) {
    const std::size_t length = payload.size() + 2;
    return std::string{'\xFF', static_cast<char>(marker), static_cast<char>(length >> 8), static_cast<char>(length & 0xFF)} + payload;
}

// Exif (little-endian TIFF) with the orientation and an ASCII tag carrying the secret.
std::string exif_payload(int orientation) {
    std::string t = std::string("Exif\0\0", 6) + "II*" + '\0' + std::string("\x08\0\0\0", 4);
    t += std::string("\x02\0", 2);                                                          // two entries
    t += std::string("\x12\x01\x03\0\x01\0\0\0", 8) + char(orientation) + std::string(3, '\0');  // Orientation
    t += std::string("\x10\x01\x02\0", 4) + char(kSecret.size() + 1) + std::string(3, '\0') + std::string("\x26\0\0\0", 4);
    t += std::string(4, '\0') + kSecret + '\0';                                             // no next IFD, the model text
    return t;
}

// A real JPEG from stb, with Exif, IPTC, a comment and an ICC profile put in after SOI.
std::string jpeg_with_metadata(int orientation, const std::string& icc) {
    std::string plain;
    const auto rgb = gradient(64, 48);
    REQUIRE(stbi_write_jpg_to_func(append_to, &plain, 64, 48, 3, rgb.data(), 90));
    return plain.substr(0, 2) + segment(0xE1, exif_payload(orientation)) + segment(0xE1, "http://ns.adobe.com/xap/1.0/\0" + kSecret) +
           segment(0xED, "Photoshop 3.0\0" + kSecret) + segment(0xFE, kSecret) + segment(0xE2, icc) + plain.substr(2);
}

std::vector<int> markers(const std::string& jpeg) {
    std::vector<int> found;
    for (std::size_t at = 2; at + 4 <= jpeg.size() && static_cast<unsigned char>(jpeg[at]) == 0xFF;) {
        const int marker = static_cast<unsigned char>(jpeg[at + 1]);
        found.push_back(marker);
        if (marker == 0xDA) break;
        at += 2 + (static_cast<std::size_t>(static_cast<unsigned char>(jpeg[at + 2])) << 8 | static_cast<unsigned char>(jpeg[at + 3]));
    }
    return found;
}

std::vector<unsigned char> pixels_of(const std::string& image) {
    int w = 0, h = 0, n = 0;
    unsigned char* p = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(image.data()), static_cast<int>(image.size()), &w, &h, &n, 3);
    if (!p) return {};
    std::vector<unsigned char> out(p, p + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    stbi_image_free(p);
    return out;
}

}  // namespace

TEST_CASE("a picked JPEG loses Exif, XMP, IPTC and comments but keeps its ICC profile and every pixel") {
    const std::string icc = std::string("ICC_PROFILE\0\x01\x01", 14) + "fake-profile-bytes";
    const std::string original = jpeg_with_metadata(1, icc);
    const auto stripped = strip_jpeg_metadata(original);
    REQUIRE(stripped);
    CHECK(stripped->find(kSecret) == std::string::npos);
    const std::vector<int> m = markers(*stripped);
    for (int gone : {0xE1, 0xED, 0xFE}) CHECK(std::find(m.begin(), m.end(), gone) == m.end());
    CHECK(std::find(m.begin(), m.end(), 0xE2) != m.end());
    CHECK(stripped->find(icc) != std::string::npos);
    const std::size_t scan = original.find("\xFF\xDA");
    CHECK(stripped->substr(stripped->find("\xFF\xDA")) == original.substr(scan));  // image data byte for byte
    CHECK(pixels_of(*stripped) == pixels_of(original));
    CHECK(!pixels_of(*stripped).empty());
}

TEST_CASE("a turned JPEG keeps only its orientation in a minimal Exif segment, so it still shows upright") {
    const auto stripped = strip_jpeg_metadata(jpeg_with_metadata(6, "ICC"));
    REQUIRE(stripped);
    CHECK(stripped->find(kSecret) == std::string::npos);
    const std::vector<int> m = markers(*stripped);
    CHECK(std::count(m.begin(), m.end(), 0xE1) == 1);
    const std::size_t app1 = stripped->find("\xFF\xE1");
    REQUIRE(app1 != std::string::npos);
    CHECK(stripped->substr(app1 + 4, 6) == std::string("Exif\0\0", 6));
    CHECK(stripped->substr(app1 + 20, 4) == std::string("\x01\x12\x00\x03", 4));  // the one entry: Orientation
    CHECK(static_cast<int>((*stripped)[app1 + 29]) == 6);
    CHECK(strip_jpeg_metadata(*stripped) == stripped);  // stripping twice changes nothing
}

TEST_CASE("a JPEG cut short or with broken lengths is refused, and no garbage crashes the walk") {
    const std::string original = jpeg_with_metadata(3, "ICC");
    const std::size_t scan = original.find("\xFF\xDA");
    for (std::size_t n = 0; n < scan + 4; ++n) CHECK_MESSAGE(!strip_jpeg_metadata(original.substr(0, n)), n);
    CHECK(!strip_jpeg_metadata(std::string("\xFF\xD8\xFF\xE1\xFF\xFF", 6) + "x"));
    CHECK(!strip_jpeg_metadata(std::string("\xFF\xD8\xFF\xE1\x00\x01", 6)));  // length below 2
    CHECK(!strip_jpeg_metadata(std::string("\xFF\xD8\xFF\xD9", 4)));           // ends before any image
    std::mt19937 random(12);
    for (int round = 0; round < 3000; ++round) {
        std::string bytes = original;
        for (int flips = 0; flips < 4; ++flips) bytes[random() % bytes.size()] = static_cast<char>(random());
        bytes.resize(random() % (bytes.size() + 1));
        (void)strip_jpeg_metadata(bytes);  // ASan and UBSan judge: no read outside the bytes
        (void)strip_png_metadata(bytes);
    }
}

TEST_CASE("a picked PNG loses its text, eXIf and tIME chunks and keeps its pixels, and a cut PNG is refused") {
    std::string plain;
    const auto rgb = gradient(20, 10);
    REQUIRE(stbi_write_png_to_func(append_to, &plain, 20, 10, 3, rgb.data(), 60));
    auto chunk = [](const std::string& type, const std::string& data) {
        const std::size_t n = data.size();
        return std::string{char(n >> 24), char(n >> 16), char(n >> 8), char(n)} + type + data + std::string(4, '\0');
    };
    const std::size_t after_ihdr = 8 + 12 + 13;
    const std::string original = plain.substr(0, after_ihdr) + chunk("tEXt", "Location\0" + kSecret) + chunk("iTXt", kSecret) +
                                 chunk("eXIf", kSecret) + chunk("tIME", "1234567") + plain.substr(after_ihdr) + "trailing " + kSecret;
    const auto stripped = strip_png_metadata(original);
    REQUIRE(stripped);
    CHECK(stripped->find(kSecret) == std::string::npos);
    CHECK(*stripped == plain);
    CHECK(pixels_of(*stripped) == pixels_of(plain));
    for (std::size_t n = 0; n < plain.size(); ++n) CHECK_MESSAGE(!strip_png_metadata(plain.substr(0, n)), n);
}

TEST_CASE("read_photo_file hands over the photo without its metadata") {
    const auto dir = std::filesystem::temp_directory_path() / ("fc-photo-meta-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string original = jpeg_with_metadata(1, "ICC");
    std::ofstream(dir / "shot.jpg", std::ios::binary) << original;
    const auto photo = read_photo_file(dir / "shot.jpg");
    REQUIRE(photo.ok());
    CHECK(photo->media_type == "image/jpeg");
    CHECK(photo->bytes.find(kSecret) == std::string::npos);
    CHECK(photo->width == 64);
    std::filesystem::remove_all(dir);
}

TEST_CASE("the photo picker starts in the XDG pictures folder named in user-dirs.dirs") {
    const std::filesystem::path home = "/home/tech";
    CHECK(pictures_dir_from_user_dirs("# comment\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_PICTURES_DIR=\"$HOME/Foto's\"\n", home) ==
          home / "Foto's");
    CHECK(pictures_dir_from_user_dirs("XDG_PICTURES_DIR=\"/srv/photos\"", home) == std::filesystem::path("/srv/photos"));
    CHECK(!pictures_dir_from_user_dirs("XDG_PICTURES_DIR=\"$HOME/\"", home));
    CHECK(!pictures_dir_from_user_dirs("XDG_PICTURES_DIR=\"$HOME\"", home));
    CHECK(!pictures_dir_from_user_dirs("XDG_PICTURES_DIR=$HOME/x", home));
    CHECK(!pictures_dir_from_user_dirs("XDG_PICTURES_DIR=\"unterminated", home));
    CHECK(!pictures_dir_from_user_dirs("", home));

    const auto dir = std::filesystem::temp_directory_path() / ("fc-xdg-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "cfg");
    std::filesystem::create_directories(dir / "Beelden");
    std::ofstream(dir / "cfg" / "user-dirs.dirs") << "XDG_PICTURES_DIR=\"$HOME/Beelden\"\n";
    const std::string old_home = std::getenv("HOME") ? std::getenv("HOME") : "";
    ::setenv("HOME", dir.c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (dir / "cfg").c_str(), 1);
    ::unsetenv("XDG_PICTURES_DIR");
    const auto found = default_photo_folder();
    ::setenv("HOME", old_home.c_str(), 1);
    ::unsetenv("XDG_CONFIG_HOME");
    CHECK(found == dir / "Beelden");
    std::filesystem::remove_all(dir);
}

}  // namespace fc
