#pragma once
// The receipt's PDF read back by Debian's own tools, as a customer's viewer would: pdftotext for the
// words and their boxes, pdftoppm and zbarimg for the QR code. Real files in a scratch directory.
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fc::receipt_test {

inline std::filesystem::path scratch_dir() {
    const auto dir = std::filesystem::temp_directory_path() / ("fc-receipt-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

inline std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return out;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    ::pclose(pipe);
    return out;
}

inline std::filesystem::path write_pdf(const std::string& bytes, const std::string& name) {
    const auto path = scratch_dir() / (name + ".pdf");
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

// pdftotext's words; page 0 = every page.
inline std::string pdf_text(const std::filesystem::path& pdf, int page = 0) {
    const std::string pages = page > 0 ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
    return run("pdftotext -enc UTF-8" + pages + " '" + pdf.string() + "' -");
}

// Whitespace collapsed to single spaces, so a phrase that wrapped over two lines is found again.
inline std::string flat(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f';
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

inline std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

inline int page_count(const std::filesystem::path& pdf) {
    const std::string info = run("pdfinfo '" + pdf.string() + "'");
    std::smatch m;
    if (!std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)"))) return 0;
    return std::stoi(m[1]);
}

struct WordBox {
    int page = 0;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    std::string word;
};
struct PageBox {
    double width = 0, height = 0;
};

// pdftotext -bbox: every word with its box, and each page's size.
inline std::vector<WordBox> word_boxes(const std::filesystem::path& pdf, std::vector<PageBox>& pages) {
    const std::string html = run("pdftotext -bbox '" + pdf.string() + "' -");
    std::vector<WordBox> boxes;
    const std::regex page_re("<page width=\"([0-9.]+)\" height=\"([0-9.]+)\">");
    const std::regex word_re("<word xMin=\"([-0-9.]+)\" yMin=\"([-0-9.]+)\" xMax=\"([-0-9.]+)\" yMax=\"([-0-9.]+)\">([^<]*)</word>");
    std::istringstream in(html);
    for (std::string line; std::getline(in, line);) {
        std::smatch m;
        if (std::regex_search(line, m, page_re)) pages.push_back({std::stod(m[1]), std::stod(m[2])});
        if (std::regex_search(line, m, word_re)) {
            boxes.push_back({static_cast<int>(pages.size()), std::stod(m[1]), std::stod(m[2]), std::stod(m[3]),
                             std::stod(m[4]), m[5]});
        }
    }
    return boxes;
}

// The QR code on any page, decoded from a 150 dpi picture of it; "" when none is readable.
inline std::string decode_qr(const std::filesystem::path& pdf, int pages) {
    for (int page = 1; page <= pages; ++page) {
        const auto png = pdf.parent_path() / (pdf.stem().string() + "-qr");
        run("pdftoppm -r 150 -png -singlefile -f " + std::to_string(page) + " -l " + std::to_string(page) + " '" +
            pdf.string() + "' '" + png.string() + "'");
        std::string text = run("zbarimg --quiet --raw '" + png.string() + ".png' 2>/dev/null");
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
        if (!text.empty()) return text;
    }
    return {};
}

}  // namespace fc::receipt_test
