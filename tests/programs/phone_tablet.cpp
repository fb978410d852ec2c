// A tablet for the phone-survey browser test (tests/phone_survey_browser.py), a real process with a
// real device store: `enroll DIR URL TOKEN` enrolls and syncs once (templates, assignments, and the
// survey key registered); `seal DIR VISIT` walks the visit to the customer's survey, chooses the
// customer's own phone and prints the QR code's link; `send DIR` syncs the sealed visit up.
#include <cstdio>
#include <string>

#include "checklists/clock.h"
#include "sync/client/survey_key_registration.h"
#include "sync/client/sync_client.h"
#include "sync/store/device_store.h"
#include "sync/wire/survey_code.h"
#include "tests/sync/depot/visit_walker.h"

using namespace fc;

namespace {

int fail(const std::string& what) {
    std::fprintf(stderr, "phone_tablet: %s\n", what.c_str());
    return 1;
}

int seal(DeviceStore& store, const std::string& visit_id) {
    auto key = device_survey_key(store);
    if (!key) return fail(key.error().message);
    test::WalkPlan plan;
    plan.phone_code = survey_code(*key, visit_id);
    auto loaded = store.load_visit(visit_id);
    if (!loaded) return fail(loaded.error().message);
    Visit v = std::move(loaded).value();
    test::WalkSinks sinks;
    sinks.record = [&](const Visit& after, const Events& events) { return store.append_events(after, events); };
    sinks.attach = [&](const std::string& bytes) { return store.put_attachment(bytes, "image/jpeg"); };
    if (Status s = test::walk_visit(v, plan, sinks); !s) return fail(s.error().message);
    const auto link = phone_survey_link(store, visit_id);
    if (!link) return fail("no survey link: the depot has not taken the survey key or has no public URL");
    std::printf("%s\n", link->c_str());
    return 0;
}

int sync_once(DeviceStore& store) {
    SyncOptions options;
    options.ignore_backoff = true;
    auto report = sync_with_depot(store, options);
    if (!report) return fail(report.error().message);
    for (const std::string& p : report->problems) std::fprintf(stderr, "phone_tablet: %s\n", p.c_str());
    std::printf("sent %d\n", report->sent);
    return report->problems.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string verb = argc > 1 ? argv[1] : "";
    if (argc < 3) return fail("usage: phone_tablet enroll DIR URL TOKEN | seal DIR VISIT | send DIR");
    SystemClock clock;
    auto store = DeviceStore::open(argv[2], clock);
    if (!store) return fail(store.error().message);
    if (verb == "enroll" && argc == 5) {
        if (Status s = enroll_with_depot(**store, argv[3], argv[4]); !s) return fail(s.error().message);
        return sync_once(**store);
    }
    if (verb == "seal" && argc == 4) return seal(**store, argv[3]);
    if (verb == "send" && argc == 3) return sync_once(**store);
    return fail("usage: phone_tablet enroll DIR URL TOKEN | seal DIR VISIT | send DIR");
}
