#pragma once
// Store fixtures: a private temp directory, a small real template and assignments, and raw SQLite
// access for tests that look underneath the DeviceStore (or damage its file on purpose).
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "checklists/assignment.h"
#include "checklists/checklist_template.h"

namespace fc::test {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at scope exit.
class TempDir {
public:
    explicit TempDir(const std::string& prefix = "fieldcheck-store") {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/" + prefix + "-XXXXXX";
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

inline std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::filesystem::path database_path(const std::filesystem::path& store_dir) {
    return store_dir / "fieldcheck.db";
}

// A second, independent SQLite connection to a store's file, as a test's eye on what is stored.
class RawDatabase {
public:
    explicit RawDatabase(const std::filesystem::path& file) {
        if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            sqlite3_close(db_);
            throw std::runtime_error("cannot open " + file.string());
        }
        sqlite3_busy_timeout(db_, 5000);
    }
    ~RawDatabase() { sqlite3_close(db_); }
    RawDatabase(const RawDatabase&) = delete;
    RawDatabase& operator=(const RawDatabase&) = delete;

    void exec(const std::string& sql) {
        char* message = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
            std::string text = message ? message : "?";
            sqlite3_free(message);
            throw std::runtime_error("SQL failed: " + sql + ": " + text);
        }
    }
    // First column of every row, as text.
    std::vector<std::string> column(const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            sqlite3_finalize(stmt);
            throw std::runtime_error("SQL failed: " + sql + ": " + sqlite3_errmsg(db_));
        }
        std::vector<std::string> out;
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(stmt, 0);
            out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
        }
        sqlite3_finalize(stmt);
        return out;
    }
    std::int64_t count(const std::string& sql) {
        const auto rows = column(sql);
        return rows.empty() ? -1 : std::stoll(rows.front());
    }

private:
    sqlite3* db_ = nullptr;
};

// A real job: fiber modem install, with one blocking precheck per moment, a measure with a range,
// a choice that shows a later check, an optional text and photo, two handover items, the four
// touchpoint smileys and a comment.
inline ChecklistTemplate fiber_template(const std::string& id = "fiber-install", int version = 1) {
    ChecklistTemplate t;
    t.id = id;
    t.version = version;
    t.title = "Fiber modem install";
    t.language = "en";
    t.description = "Install the fiber modem and hand the connection over to the customer.";
    t.prechecks = {
        {"patch", "Network patch confirmed by the operator", "Call the operator's line if unsure.",
         PrecheckMoment::BeforeDeparture, true},
        {"socket", "Free double socket near the meter cupboard", "", PrecheckMoment::OnArrival, true},
        {"alarm", "Alarm system on the phone line", "", PrecheckMoment::OnArrival, false},
    };
    Step mount{"mount", StepKind::Instruction, "Mount the modem on the wall", "Use the bracket.", true, {}, "", 0, 0, {}};
    Step power{"power", StepKind::Measure, "Optical power at the wall socket", "", true, {}, "dBm", -25, -8, {}};
    Step route{"route", StepKind::Choice, "Cable route", "", true, {}, "", 0, 0,
               {{"duct", "Through the existing duct"}, {"new", "A new cable along the wall"}}};
    Step sealed{"sealed", StepKind::Check, "Drill holes sealed", "", true, ShowIf{"route", {"new"}}, "", 0, 0, {}};
    Step note{"note", StepKind::Text, "Notes for the back office", "", false, {}, "", 0, 0, {}};
    Step photo{"photo", StepKind::Photo, "Photo of the installed modem", "", false, {}, "", 0, 0, {}};
    t.steps = {mount, power, route, sealed, note, photo};
    t.handover = {
        {"laptop", "Activation needs a laptop on a wired connection", "",
         "Activate the connection from a laptop on a network cable"},
        {"lights", "What the modem's lights mean", "", ""},
    };
    t.survey = {
        {"appointment", SurveyKind::Smiley, "appointment", "How was making the appointment?", true},
        {"arrival", SurveyKind::Smiley, "arrival", "How was the technician's arrival?", true},
        {"explanation", SurveyKind::Smiley, "explanation", "How clear was the explanation?", true},
        {"result", SurveyKind::Smiley, "result", "How happy are you with the result?", true},
        {"comment", SurveyKind::Comment, "", "Anything else you want to tell us?", false},
    };
    return t;
}

inline Assignment fiber_assignment(const std::string& visit_id, const std::string& template_id = "fiber-install",
                                   int template_version = 1) {
    Assignment a;
    a.visit_id = visit_id;
    a.technician_id = "tech-7";
    a.customer_name = "Anneke de Vries";
    a.address = "Kerkstraat 12, 3511 Utrecht";
    a.job_id = "job-" + visit_id;
    a.window_start_ms = 1'700'000'000'000;
    a.window_end_ms = 1'700'000'000'000 + 2 * 3'600'000;
    a.template_id = template_id;
    a.template_version = template_version;
    return a;
}

}  // namespace fc::test
