#include "demo_day.h"

#include <cstdio>

#include "checklists/time_format.h"

namespace fc {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

struct DemoVisit {
    const char* customer;
    const char* address;
    const char* job;
    const char* template_id;
    std::int64_t start;  // offset from midnight
    std::int64_t length;
};

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
        a.visit_id = "V-" + local_compact_date(day_start_ms) + suffix;
        a.technician_id = technician_id;
        a.customer_name = v.customer;
        a.address = v.address;
        a.job_id = v.job;
        a.window_start_ms = day_start_ms + v.start;
        a.window_end_ms = day_start_ms + v.start + v.length;
        a.template_id = v.template_id;
        a.template_version = 3;  // the shipped templates (format 3); both demos take the newest they hold
        out.push_back(std::move(a));
    }
    // Story 1 and 2: the third attempt on a fiber job after two visits without the operator's patch.
    out[2].history = {
        {"V-" + local_compact_date(day_start_ms - 21 * kDay) + "-03", day_start_ms - 21 * kDay + 9 * kHour, "not_possible",
         "precheck_not_met",
         "Geen licht op de vezel: de patch was nog niet gemaakt door de aannemer van de netbeheerder."},
        {"V-" + local_compact_date(day_start_ms - 9 * kDay) + "-02", day_start_ms - 9 * kDay + 13 * kHour, "not_possible",
         "precheck_not_met",
         "Opnieuw geen patch. De klant had voor de tweede keer een halve dag vrij genomen."},
    };
    out[2].escalation = needs_escalation(out[2]);
    // Story 2: the customer never tells the story twice; the earlier visit's note is on screen.
    out[5].history = {
        {"V-" + local_compact_date(day_start_ms - 30 * kDay) + "-05", day_start_ms - 30 * kDay + 10 * kHour, "completed", "",
         "Modem installed. The customer's old laptop would not join the Wi-Fi; activation needs a laptop on a "
         "wired connection. Customer will borrow a newer laptop."},
    };
    return out;
}

std::vector<PrecheckConfirmation> demo_confirmations(const Assignment& a, const ChecklistTemplate& t, std::int64_t day_start_ms) {
    const std::string_view open_suffix(kOpenPatchVisitSuffix);
    const bool patch_open = a.visit_id.size() > open_suffix.size() &&
                            a.visit_id.compare(a.visit_id.size() - open_suffix.size(), open_suffix.size(), open_suffix) == 0;
    std::vector<PrecheckConfirmation> out;
    for (const Precheck& p : t.prechecks) {
        if (p.moment != PrecheckMoment::BeforeDeparture || (patch_open && p.blocking)) continue;
        // The operator reports a patch; the intake asks the customer everything else.
        out.push_back({a.visit_id, p.id, p.blocking ? "network operator" : "intake", day_start_ms - 6 * kHour});
    }
    return out;
}

}  // namespace fc
