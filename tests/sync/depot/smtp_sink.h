#pragma once
// SmtpSink: tests/sync/depot/smtp_sink.py (Debian's python3-aiosmtpd) as a child process on
// 127.0.0.1: the mails it took, and how it answers the next ones (accept, refuse, later, stall,
// hang_after, close; see the script).
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/sync/depot/depot_process.h"

namespace fc::test {

struct SmtpSink : ChildProcess {
    TempDir dir;
    int port = 0;

    SmtpSink() {
        int pipe_fds[2];
        if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
        const int err_fd = ::open("/dev/null", O_WRONLY);
        // Debian's python3 on purpose: python3-aiosmtpd is a Debian package (see tests/CMakeLists.txt).
        pid = spawn_with({"/usr/bin/python3", std::string(FIELDCHECK_SOURCE_DIR) + "/tests/sync/depot/smtp_sink.py",
                          dir.path.string()},
                         pipe_fds[1], err_fd);
        ::close(pipe_fds[1]);
        ::close(err_fd);
        std::string line;
        char c = 0;
        while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n') line += c;
        ::close(pipe_fds[0]);
        if (line.rfind("port ", 0) != 0) throw std::runtime_error("the SMTP sink did not start: '" + line + "'");
        port = std::stoi(line.substr(5));
    }

    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port); }

    void set_mode(const std::string& mode) {
        std::ofstream(dir.path / "mode.tmp") << mode;
        std::filesystem::rename(dir.path / "mode.tmp", dir.path / "mode");
    }

    // Every mail taken so far, in the order taken.
    std::vector<std::string> mails() const {
        std::vector<std::string> out;
        for (int n = 1;; ++n) {
            std::ifstream in(dir.path / ("mail-" + std::to_string(n) + ".eml"), std::ios::binary);
            if (!in) return out;
            std::ostringstream text;
            text << in.rdbuf();
            out.push_back(text.str());
        }
    }

    // Waits (real time; the sink is a real process) until it holds at least `n` mails.
    bool wait_for_mails(std::size_t n, int timeout_ms = 20'000) const {
        for (int waited = 0; waited < timeout_ms; waited += 50) {
            if (mails().size() >= n) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
};

// The value of header `name` in a mail ("" when absent).
inline std::string mail_header(const std::string& mail, const std::string& name) {
    const std::string key = "\n" + name + ": ";
    const auto at = ("\n" + mail).find(key);
    if (at == std::string::npos) return "";
    const auto start = at + key.size() - 1;
    const auto end = mail.find("\r\n", start);
    return mail.substr(start, end - start);
}

}  // namespace fc::test
