// office_seed DIR N [HOSTILE]: fills the depot in DIR (created if new) with N visits of a year's work
// (tests/sync/depot/year_of_visits.h), taken in by the real ingest, for the back office's browser test.
// With HOSTILE, one more visit whose customer, address and technician names are markup and
// right-to-left marks, to be found escaped on every page.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sync/depot/depot_key.h"
#include "tests/sync/depot/year_of_visits.h"

using namespace fc;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: office_seed DIR N [HOSTILE]\n");
        return 2;
    }
    auto store = DepotStore::open(argv[1]);
    if (!store) return std::fprintf(stderr, "office_seed: %s\n", store.error().message.c_str()), 1;
    auto key = load_or_create_depot_key(argv[1]);
    if (!key) return std::fprintf(stderr, "office_seed: %s\n", key.error().message.c_str()), 1;
    test::YearPlan plan;
    plan.visits = std::atoi(argv[2]);
    plan.technicians = 6;
    plan.customers = 40;
    plan.now_ms = SystemClock().now().wall_ms;
    plan.durable = true;
    try {
        test::fill_year(**store, *key, plan);
        if (argc > 3) {
            auto version = (*store)->latest_template_version("fiber-modem-install-nl");
            if (!version || !*version) throw std::runtime_error("the fiber template is not in the depot");
            auto t = (*store)->template_for("fiber-modem-install-nl", **version);
            if (!t) throw std::runtime_error(t.error().message);
            Assignment a = test::make_assignment("V-hostile", "tech-01", **t, "job-hostile");
            a.customer_id = "C-hostile";
            a.customer_name = "<script>alert('klant')</script> \"Jansen\" \u202Eesrever";
            a.address = "<img src=x onerror=alert(1)> Straat 1";
            a.technician_name = "<b>Monteur</b> & 'zoon'";
            if (auto r = (*store)->put_assignments({a}, plan.now_ms); !r) throw std::runtime_error(r.error().message);
            const test::SealedVisit sealed = test::sealed_visit(a, *t);
            for (const auto& [sha, bytes] : sealed.files) (void)(*store)->record_attachment(sha, static_cast<std::int64_t>(bytes.size()), plan.now_ms);
            const DepotReply reply = ingest_visit(**store, *key, "tech-01", a.visit_id, sealed.record, plan.now_ms);
            if (reply.status != 201) throw std::runtime_error(reply.body);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "office_seed: %s\n", e.what());
        return 1;
    }
    std::printf("%d visits\n", plan.visits);
    return 0;
}
