// A tablet for the receipt's byte-identity test (tests/receipt_byte_identity.py), a real process with
// a real device store: `enroll DIR URL TOKEN` enrolls and syncs once (templates, assignments, the
// survey key and the depot's public URL); `seal DIR VISIT OUTCOME` walks the visit and seals it with
// the receipt facts the tablet app seals (app/tablet/visit_receipt.h), OUTCOME one of submit, phone,
// decline, not-possible, and prints the receipt code; `send DIR` syncs the sealed visit up. The PDF
// itself is made by the real `fieldcheck receipt` binary.
#include <cstdio>
#include <string>

#include "app/tablet/visit_receipt.h"
#include "checklists/clock.h"
#include "sync/client/device_enrollment.h"
#include "sync/client/survey_key_registration.h"
#include "sync/client/sync_client.h"
#include "sync/store/device_store.h"
#include "sync/wire/survey_code.h"
#include "tests/sync/depot/visit_walker.h"

using namespace fc;

namespace {

int fail(const std::string& what) {
    std::fprintf(stderr, "receipt_tablet: %s\n", what.c_str());
    return 1;
}

bool plan_outcome(test::WalkPlan& plan, const std::string& outcome, DeviceStore& store, const std::string& visit_id) {
    if (outcome == "submit") return true;
    if (outcome == "phone") {
        auto key = device_survey_key(store);
        if (!key) return false;
        plan.phone_code = survey_code(*key, visit_id);
        return true;
    }
    if (outcome == "decline") {
        plan.decline_after_answers = 0;
        return true;
    }
    if (outcome == "not-possible") {
        plan.not_possible = true;
        return true;
    }
    return false;
}

int seal(DeviceStore& store, const std::string& visit_id, const std::string& outcome) {
    auto loaded = store.load_visit(visit_id);
    if (!loaded) return fail(loaded.error().message);
    Visit v = std::move(loaded).value();
    test::WalkPlan plan;
    if (!plan_outcome(plan, outcome, store, visit_id)) return fail("unknown outcome " + outcome);
    auto contact = store.company_contact();
    SystemClock clock;
    auto code = tablet_receipt_code(store, v.assignment().visit_id);
    if (!code) return fail(code.error().message);
    auto facts = tablet_receipt_facts(store, v, contact ? *contact : CompanyContact{}, clock.now().wall_ms, *code);
    if (!facts) return fail(facts.error().message);
    plan.receipt = *facts;
    test::WalkSinks sinks;
    sinks.record = [&](const Visit& after, const Events& events) { return store.append_events(after, events); };
    sinks.attach = [&](const std::string& bytes) { return store.put_attachment(bytes, "image/jpeg"); };
    if (Status s = test::walk_visit(v, plan, sinks); !s) return fail(s.error().message);
    std::printf("%s\n", code->c_str());
    return 0;
}

int sync_once(DeviceStore& store) {
    SyncOptions options;
    options.ignore_backoff = true;
    auto report = sync_with_depot(store, options);
    if (!report) return fail(report.error().message);
    for (const std::string& p : report->problems) std::fprintf(stderr, "receipt_tablet: %s\n", p.c_str());
    std::printf("sent %d\n", report->sent);
    return report->problems.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string verb = argc > 1 ? argv[1] : "";
    const char* usage = "usage: receipt_tablet enroll DIR URL TOKEN | seal DIR VISIT OUTCOME | send DIR";
    if (argc < 3) return fail(usage);
    SystemClock clock;
    auto store = DeviceStore::open(argv[2], clock);
    if (!store) return fail(store.error().message);
    if (verb == "enroll" && argc == 5) {
        if (Status s = enroll_with_depot(**store, argv[3], argv[4]); !s) return fail(s.error().message);
        return sync_once(**store);
    }
    if (verb == "seal" && argc == 5) return seal(**store, argv[3], argv[4]);
    if (verb == "send" && argc == 3) return sync_once(**store);
    return fail(usage);
}
