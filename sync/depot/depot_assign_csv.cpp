#include "depot_assign_csv.h"

#include <algorithm>
#include <map>

#include "checklists/canonical_json.h"
#include "sync/wire/wire_ids.h"

namespace fc {
namespace {

using Row = std::vector<std::string>;

// RFC 4180 rows; `ok` false on an unterminated quote. Line numbers count physical lines.
struct CsvRows {
    std::vector<std::pair<int, Row>> rows;  // (first line number, fields)
    bool ok = true;
    int bad_line = 0;
};

CsvRows split_csv(std::string_view s, char sep) {
    CsvRows out;
    Row row;
    std::string field;
    bool quoted = false;
    bool field_started = false;
    int line = 1;
    int row_line = 1;
    const auto end_row = [&] {
        row.push_back(std::move(field));
        field.clear();
        bool blank = row.size() == 1 && row[0].empty();
        if (!blank) out.rows.emplace_back(row_line, std::move(row));
        row.clear();
        field_started = false;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < s.size() && s[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && !field_started) {
            quoted = true;
            field_started = true;
        } else if (c == sep) {
            row.push_back(std::move(field));
            field.clear();
            field_started = false;
        } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
            continue;
        } else if (c == '\n') {
            end_row();
            ++line;
            row_line = line;
        } else {
            field += c;
            field_started = true;
        }
    }
    if (quoted) {
        out.ok = false;
        out.bad_line = row_line;
        return out;
    }
    if (field_started || !row.empty()) end_row();
    return out;
}

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t");
    return s.substr(first, last - first + 1);
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

// All or nothing: every problem of the sheet, one "line N, column: sentence" a line, so that the back
// office fixes the whole sheet in one go instead of one line per import.
struct SheetProblems {
    std::string text;
    void add(int line, const std::string& column, const std::string& what) {
        text += "line " + std::to_string(line) + (column.empty() ? "" : ", " + column) + ": " + what + "\n";
    }
};

// The sheet's first line: which column holds which field, by name, in any order.
struct SheetColumns {
    Row header;
    std::map<std::string, std::size_t> index;
    bool named(std::size_t i) const { return i < header.size() && !trim(header[i]).empty(); }
};

// One row below the first, its cells looked up by column name.
struct SheetRow {
    const SheetColumns& columns;
    const Row& cells;
    int line;
    std::string cell(const std::string& name) const {
        auto it = columns.index.find(name);
        if (it == columns.index.end() || it->second >= cells.size()) return {};
        return trim(cells[it->second]);
    }
};

// The bytes as text, without the byte-order mark spreadsheets put in front of "CSV UTF-8".
Expected<std::string_view> sheet_text(std::string_view bytes) {
    if (bytes.size() > kMaxAssignmentCsvBytes) {
        return make_error(ErrorCode::too_large, "the file is " + std::to_string(bytes.size()) + " bytes; at most " +
                                           std::to_string(kMaxAssignmentCsvBytes) + " are accepted");
    }
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    if (!is_valid_utf8(bytes)) return make_error(ErrorCode::not_utf8, "the file is not UTF-8 text; save it as \"CSV UTF-8\"");
    return bytes;
}

// Semicolons when the first line has them and no comma: Dutch spreadsheets save CSV that way.
char separator_of(std::string_view text) {
    const std::string_view first_line = text.substr(0, text.find('\n'));
    return first_line.find(';') != std::string_view::npos && first_line.find(',') == std::string_view::npos ? ';' : ',';
}

SheetColumns read_columns(const Row& header, SheetProblems& problems) {
    static const std::vector<std::string> kRequired = {"visit_id", "technician_id", "customer_name", "address",
                                                       "job_id", "window_start", "window_end", "template_id"};
    SheetColumns columns{header, {}};
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string name = trim(header[i]);
        if (name.empty()) continue;  // an unnamed column past the last one, as spreadsheets save it
        if (columns.index.count(name)) problems.add(1, name, "this column appears twice");
        columns.index[name] = i;
    }
    for (const auto& name : kRequired) {
        if (!columns.index.count(name)) problems.add(1, name, "this column is missing");
    }
    return columns;
}

// Spreadsheets often save empty cells past the last column (";;;"): only text there is a problem.
void check_unnamed_cells(const SheetRow& row, SheetProblems& problems) {
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
        if (!row.columns.named(i) && !trim(row.cells[i]).empty()) {
            problems.add(row.line, "", "text in column " + std::to_string(i + 1) + ", which the first line does not name");
            return;
        }
    }
}

Assignment read_ids_and_names(const SheetRow& row, SheetProblems& problems) {
    Assignment a;
    a.visit_id = row.cell("visit_id");
    a.technician_id = row.cell("technician_id");
    a.customer_name = row.cell("customer_name");
    a.address = row.cell("address");
    a.job_id = row.cell("job_id");
    a.template_id = row.cell("template_id");
    for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"visit_id", &a.visit_id},
                                      {"technician_id", &a.technician_id},
                                      {"job_id", &a.job_id},
                                      {"template_id", &a.template_id}}) {
        if (!is_wire_id(*value)) problems.add(row.line, name, "'" + *value + "' is not 1 to 64 letters, digits, '-' or '_'");
    }
    if (a.customer_name.empty()) problems.add(row.line, "customer_name", "is empty");
    if (a.address.empty()) problems.add(row.line, "address", "is empty");
    return a;
}

void read_window(const SheetRow& row, Assignment& a, SheetProblems& problems) {
    const auto start = parse_iso8601_ms(row.cell("window_start"));
    const auto end = parse_iso8601_ms(row.cell("window_end"));
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about "'" + string + "...".
    const auto not_a_time = [&](const char* column, const char* example) {
        std::string message(1, '\'');
        message.append(row.cell(column)).append("' is not a time like ").append(example);
        problems.add(row.line, column, message);
    };
    if (!start) not_a_time("window_start", "2024-05-14T08:00+02:00");
    if (!end) not_a_time("window_end", "2024-05-14T10:00+02:00");
    if (start && end && *end <= *start) problems.add(row.line, "window_end", "ends before the window starts");
    a.window_start_ms = start.value_or(0);
    a.window_end_ms = end.value_or(0);
}

// An empty or absent template_version means the newest version the depot has of that template.
void read_template_version(const SheetRow& row, const LatestTemplateVersion& latest, Assignment& a,
                           SheetProblems& problems) {
    const std::string version = row.cell("template_version");
    if (version.empty()) {
        const auto newest = is_wire_id(a.template_id) ? latest(a.template_id) : std::nullopt;
        if (!newest && is_wire_id(a.template_id)) {
            problems.add(row.line, "template_id", a.template_id + " is not on the depot; import it first");
        }
        a.template_version = newest.value_or(0);
    } else {
        const auto v = parse_wire_number(version);
        if (!v || *v == 0 || *v > 1'000'000'000) problems.add(row.line, "template_version", "'" + version + "' is not a version number");
        a.template_version = static_cast<int>(v.value_or(0));
    }
}

// An optional column: when set, the customer's id across jobs has the shape of any other id.
void read_customer_id(const SheetRow& row, Assignment& a, SheetProblems& problems) {
    a.customer_id = row.cell("customer_id");
    if (!a.customer_id.empty() && !is_wire_id(a.customer_id)) {
        problems.add(row.line, "customer_id", "'" + a.customer_id + "' is not 1 to 64 letters, digits, '-' or '_'");
    }
}

// C0 and C1 controls (C1 are C2 80..C2 9F in UTF-8): a pasted line break or tab in a name.
bool has_control_character(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        const bool c1 = b == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F;
        if (b < 0x20 || b == 0x7F || c1) return true;
    }
    return false;
}

// Optional: the name the customer's receipt prints; text of one line, bounded like any name.
void read_technician_name(const SheetRow& row, Assignment& a, SheetProblems& problems) {
    a.technician_name = row.cell("technician_name");
    if (a.technician_name.size() > kMaxTechnicianNameBytes) {
        problems.add(row.line, "technician_name", "is " + std::to_string(a.technician_name.size()) + " bytes; at most " +
                                                      std::to_string(kMaxTechnicianNameBytes) + " are accepted");
    } else if (has_control_character(a.technician_name)) {
        problems.add(row.line, "technician_name", "holds a line break or another control character");
    }
}

// Optional: kept beside the assignment, never in it (PlanningSheet::customer_emails).
void read_customer_email(const SheetRow& row, const Assignment& a, PlanningSheet& out, SheetProblems& problems) {
    if (!row.columns.index.count("customer_email")) return;
    const std::string address = row.cell("customer_email");
    if (!address.empty()) {
        if (auto problem = customer_email_problem(address)) problems.add(row.line, "customer_email", *problem);
    }
    out.customer_emails[a.visit_id] = address;
}

// "patch-confirmed@operator KPN@2024-05-13T18:00+02:00": who may hold '@' itself (an e-mail
// address), so the precheck ends at the first '@' and the time starts after the last.
std::optional<PrecheckConfirmation> read_confirmed_item(const SheetRow& row, const std::string& item, SheetProblems& problems) {
    const auto first = item.find('@');
    const auto last = item.rfind('@');
    if (first == std::string::npos || first == last) {
        problems.add(row.line, "confirmed", "'" + item + "' is not precheck@who@time like patch-confirmed@operator@2024-05-13T18:00+02:00");
        return std::nullopt;
    }
    PrecheckConfirmation c{"", trim(item.substr(0, first)), trim(item.substr(first + 1, last - first - 1)), 0};
    const std::string time = trim(item.substr(last + 1));
    const auto at = parse_iso8601_ms(time);
    if (!is_wire_id(c.precheck_id)) {
        problems.add(row.line, "confirmed", "'" + c.precheck_id + "' is not a precheck id (1 to 64 letters, digits, '-' or '_')");
        return std::nullopt;
    }
    if (!at) {
        problems.add(row.line, "confirmed", "'" + time + "' (when " + c.precheck_id + " was confirmed) is not a time like 2024-05-13T18:00+02:00");
        return std::nullopt;
    }
    c.at_ms = *at;
    return c;
}

// Each confirmation must fit the row's template; the sentence names what can be confirmed.
void read_confirmed(const SheetRow& row, const Assignment& a, const TemplateLookup& templates,
                    std::vector<PrecheckConfirmation>& out, SheetProblems& problems) {
    const std::string cell = row.cell("confirmed");
    if (cell.empty()) return;
    const auto checklist = a.template_version > 0 && templates ? templates(a.template_id, a.template_version) : nullptr;
    std::map<std::string, bool> seen;
    std::size_t from = 0;
    while (from <= cell.size()) {
        const auto bar = std::min(cell.find('|', from), cell.size());
        const std::string item = trim(cell.substr(from, bar - from));
        from = bar + 1;
        if (item.empty()) continue;  // "a|" or "a||b": a stray separator says nothing
        auto c = read_confirmed_item(row, item, problems);
        if (!c) continue;
        c->visit_id = a.visit_id;
        if (seen[c->precheck_id]) {
            problems.add(row.line, "confirmed", c->precheck_id + " is confirmed twice");
            continue;
        }
        seen[c->precheck_id] = true;
        if (!checklist) {
            if (a.template_version > 0) problems.add(row.line, "confirmed", "template " + a.template_id + " is not on the depot to check " + c->precheck_id + " against");
            continue;
        }
        if (Status s = check_confirmation(*checklist, *c); !s) {
            problems.add(row.line, "confirmed", s.error().message);
            continue;
        }
        out.push_back(std::move(*c));
    }
}

}  // namespace

std::optional<std::string> customer_email_problem(std::string_view address) {
    if (address.size() > kMaxCustomerEmailBytes) {
        return "is " + std::to_string(address.size()) + " bytes; an e-mail address is at most " +
               std::to_string(kMaxCustomerEmailBytes);
    }
    if (address.find(' ') != std::string_view::npos || has_control_character(address)) {
        return "holds a space or a control character; one address a cell, like name@example.nl";
    }
    const auto at = address.find('@');
    if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos || at == 0 ||
        at + 1 == address.size()) {
        return "'" + std::string(address) + "' is not one e-mail address like name@example.nl";
    }
    return std::nullopt;
}

std::optional<std::int64_t> parse_iso8601_ms(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!digits(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d) ||
        (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi)) {
        return std::nullopt;
    }
    std::size_t at = 16;
    if (at < s.size() && s[at] == ':') {
        if (!digits(s, at + 1, 2, sec)) return std::nullopt;
        at += 3;
    }
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || h > 23 || mi > 59 || sec > 59) return std::nullopt;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo == 2 && d == 29 && !leap) return std::nullopt;
    int offset_min = 0;
    if (at < s.size() && s[at] == 'Z' && at + 1 == s.size()) {
        offset_min = 0;
    } else if (at < s.size() && (s[at] == '+' || s[at] == '-') && at + 6 == s.size() && s[at + 3] == ':') {
        int oh = 0, om = 0;
        if (!digits(s, at + 1, 2, oh) || !digits(s, at + 4, 2, om) || oh > 14 || om > 59) return std::nullopt;
        offset_min = (s[at] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
        return std::nullopt;  // no offset: a local time would be read differently on every depot
    }
    const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    const std::int64_t seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    return seconds * 1000;
}

Expected<PlanningSheet> parse_planning_sheet(std::string_view bytes, const LatestTemplateVersion& latest,
                                             const TemplateLookup& templates) {
    const Expected<std::string_view> text = sheet_text(bytes);
    if (!text) return text.error();
    const CsvRows rows = split_csv(*text, separator_of(*text));
    if (!rows.ok) return make_error(ErrorCode::malformed, "line " + std::to_string(rows.bad_line) + ": a quoted field is never closed");
    if (rows.rows.empty()) return make_error(ErrorCode::malformed, "the file is empty; its first line must name the columns");

    SheetProblems problems;
    const SheetColumns columns = read_columns(rows.rows[0].second, problems);
    if (!problems.text.empty()) return make_error(ErrorCode::malformed, problems.text);

    PlanningSheet out;
    std::map<std::string, int> seen;  // visit id -> the line that used it last
    for (std::size_t r = 1; r < rows.rows.size(); ++r) {
        const SheetRow row{columns, rows.rows[r].second, rows.rows[r].first};
        check_unnamed_cells(row, problems);
        Assignment a = read_ids_and_names(row, problems);
        if (auto it = seen.find(a.visit_id); it != seen.end() && !a.visit_id.empty()) {
            problems.add(row.line, "visit_id", a.visit_id + " was already used on line " + std::to_string(it->second));
        }
        seen[a.visit_id] = row.line;
        read_window(row, a, problems);
        read_template_version(row, latest, a, problems);
        read_customer_id(row, a, problems);
        read_confirmed(row, a, templates, out.confirmations, problems);
        read_technician_name(row, a, problems);
        read_customer_email(row, a, out, problems);
        out.assignments.push_back(std::move(a));
    }
    if (!problems.text.empty()) return make_error(ErrorCode::malformed, problems.text);
    return out;
}

Expected<std::vector<Assignment>> parse_assignment_csv(std::string_view bytes, const LatestTemplateVersion& latest) {
    auto sheet = parse_planning_sheet(bytes, latest, {});
    if (!sheet) return sheet.error();
    return std::move(sheet->assignments);
}

}  // namespace fc
