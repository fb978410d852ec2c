#include "app/tablet/demo_day.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>

#include "app/tablet/pin_setting.h"
#include "checklists/template_parser.h"
#include "sync/device_store.h"

namespace fc {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

std::string compact_date(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y%m%d", &tm);
    return buf;
}

struct DemoVisit {
    const char* customer;
    const char* address;
    const char* job;
    const char* template_id;
    std::int64_t start;  // offset from midnight
    std::int64_t length;
};

// Which precheck stays unconfirmed on the demo day: the operator has not confirmed the patch for this
// visit yet, so the day's list shows it red before the technician drives out (story 1).
constexpr const char* kOpenPatchVisitSuffix = "-04";

Expected<std::string> read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return make_error("io_error", "cannot read the demo template " + p.string());
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return make_error("io_error", "reading the demo template " + p.string() + " failed");
    return bytes;
}

}  // namespace

std::vector<Assignment> demo_assignments(std::int64_t day_start_ms, const std::string& technician_id) {
    static constexpr DemoVisit kVisits[] = {
        {"Fam. de Vries", "Kerkstraat 12, 3581 GH Utrecht", "J-31877", "fiber-modem-install-nl", 8 * kHour, 90 * kMinute},
        {"Dhr. P. Bakker", "Lindelaan 7, 3707 EK Zeist", "J-31902", "dsl-alarm-line-nl", 9 * kHour + 30 * kMinute, 90 * kMinute},
        {"Fam. El Amrani", "Vleutenseweg 220, 3532 HR Utrecht", "J-29410", "fiber-modem-install-nl", 11 * kHour, 90 * kMinute},
        {"Mevr. S. Visser", "Slotlaan 45, 3701 GP Zeist", "J-32015", "fiber-modem-install-nl", 13 * kHour, 90 * kMinute},
        {"Dhr. M. de Boer", "Herenweg 3, 3992 BG Houten", "J-31760", "wifi-activation-nl", 14 * kHour + 30 * kMinute, 90 * kMinute},
        {"Ms. E. Thompson", "Oudegracht 150, 3511 AZ Utrecht", "J-30988", "wifi-activation-en", 16 * kHour, 90 * kMinute},
    };
    std::vector<Assignment> out;
    int n = 0;
    for (const DemoVisit& v : kVisits) {
        Assignment a;
        char suffix[8];
        std::snprintf(suffix, sizeof suffix, "-%02d", ++n);
        a.visit_id = "V-" + compact_date(day_start_ms) + suffix;
        a.technician_id = technician_id;
        a.customer_name = v.customer;
        a.address = v.address;
        a.job_id = v.job;
        a.window_start_ms = day_start_ms + v.start;
        a.window_end_ms = day_start_ms + v.start + v.length;
        a.template_id = v.template_id;
        a.template_version = 1;
        out.push_back(std::move(a));
    }
    // Story 1 and 2: the third attempt on a fiber job after two visits without the operator's patch.
    out[2].history = {
        {"V-" + compact_date(day_start_ms - 21 * kDay) + "-03", day_start_ms - 21 * kDay + 9 * kHour, "not_possible",
         "precheck_not_met",
         "Geen licht op de vezel: de patch was nog niet gemaakt door de aannemer van de netbeheerder."},
        {"V-" + compact_date(day_start_ms - 9 * kDay) + "-02", day_start_ms - 9 * kDay + 13 * kHour, "not_possible",
         "precheck_not_met",
         "Opnieuw geen patch. De klant had voor de tweede keer een halve dag vrij genomen."},
    };
    out[2].escalation = needs_escalation(out[2].history);
    // Story 2: the customer never tells the story twice; the earlier visit's note is on screen.
    out[5].history = {
        {"V-" + compact_date(day_start_ms - 30 * kDay) + "-05", day_start_ms - 30 * kDay + 10 * kHour, "completed", "",
         "Modem installed. The customer's old laptop would not join the Wi-Fi; activation needs a laptop on a "
         "wired connection. Customer will borrow a newer laptop."},
    };
    return out;
}

Status fill_demo_day(DeviceStore& store, const std::filesystem::path& templates_dir, std::int64_t day_start_ms,
                     const std::string& technician_id) {
    // Only a missing PIN is filled in; an unreadable one is the technician's to set again.
    if (auto pin = stored_technician_pin(store); !pin && pin.error().code == "pin_not_set") {
        if (Status s = store_technician_pin(store, kDemoPin); !s) return s;
    }
    auto visits = store.list_visits();
    if (!visits) return visits.error();
    if (!visits->empty()) return {};  // never mix the demo into a real day

    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(templates_dir, ec)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    if (ec) return make_error("io_error", "cannot list the demo templates in " + templates_dir.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    std::map<std::string, int> newest;
    for (const auto& file : files) {
        auto bytes = read_file(file);
        if (!bytes) return bytes.error();
        TemplateParseResult parsed = parse_template(*bytes);
        if (!parsed.checklist) {
            const TemplateProblem& p = parsed.problems.front();
            return make_error("invalid_template", file.string() + ": " + p.path + ": " + p.message);
        }
        if (Status s = store.put_template(*parsed.checklist); !s) return s;
        int& v = newest[parsed.checklist->id];
        v = std::max(v, parsed.checklist->version);
    }

    SystemClock clock;
    for (Assignment a : demo_assignments(day_start_ms, technician_id)) {
        const auto found = newest.find(a.template_id);
        if (found == newest.end()) {
            return make_error("template_missing", "the demo needs template " + a.template_id + " in " + templates_dir.string());
        }
        a.template_version = found->second;
        if (Status s = store.put_assignment(a); !s) return s;
        auto visit = store.load_visit(a.visit_id);
        if (!visit) return visit.error();
        // The planner confirmed the before-departure prechecks this morning, except one patch.
        const bool leave_patch_open = a.visit_id.size() > 3 &&
                                      a.visit_id.compare(a.visit_id.size() - 3, 3, kOpenPatchVisitSuffix) == 0;
        for (const Precheck& p : visit->checklist().prechecks) {
            if (p.moment != PrecheckMoment::BeforeDeparture) continue;
            if (leave_patch_open && p.blocking) continue;
            auto events = visit->record_precheck(p.id, Answer::met(), clock.now());
            if (!events) return events.error();
            Visit next = *visit;
            if (Status s = next.apply(*events); !s) return s;
            if (Status s = store.append_events(next, *events); !s) return s;
            *visit = std::move(next);
        }
    }
    return {};
}

}  // namespace fc
