#pragma once
// VisitsDepot: a real depot on 127.0.0.1 with the shipped fiber template, where visits are walked
// through the real engine and sent the way a tablet sends them (files first, then the record, over
// HTTP with a bearer token), for the back office's visits pages. Photos are real PNG bytes unless a
// test hands the tablet other bytes.
#include <functional>
#include <string>

#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/office_browser.h"
#include "tests/sync/depot/visit_walker.h"

namespace fc::test {

// A 2×2 RGB PNG; `salt` after its end keeps each photo's hash its own (decoders stop at IEND).
inline std::string test_png(const std::string& salt = {}) {
    static const char kPng[] =
        "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00"
        "\x00\xfd\xd4\x9a\x73\x00\x00\x00\x11\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\x00\x44\x60\xe2\x3f\x03\x00\x1d\xf0"
        "\x03\xfd\xa0\x33\x09\x89\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";
    return std::string(kPng, sizeof kPng - 1) + salt;
}

struct VisitsDepot {
    RunningDepot depot;
    std::shared_ptr<const ChecklistTemplate> t = repo_template(kTemplateName);
    std::map<std::string, std::string> tokens;  // technician -> bearer token

    VisitsDepot() { depot.add_template(*t); }

    Assignment assignment(const std::string& visit_id, const std::string& technician = "tech-a",
                          const std::string& job_id = "job-1") const {
        return make_assignment(visit_id, technician, *t, job_id);
    }

    // Walks `a` (sealed at `start`) and sends its files and record; the record's HTTP status.
    // `file(bytes)`: what the tablet uploads for each file the walk attaches (real PNGs by default).
    SealedVisit send(const Assignment& a, const WalkPlan& plan = {}, Instant start = {1'700'000'100'000, 500'000},
                     const std::function<std::string(const std::string&)>& file = {}) {
        Visit v(a, t);
        SealedVisit out;
        WalkSinks sinks;
        sinks.attach = [&](const std::string& walked) {
            const std::string bytes = file ? file(walked) : test_png(walked);
            const std::string sha = sha256_hex(bytes);
            out.files[sha] = bytes;
            return Expected<std::string>(sha);
        };
        if (Status s = walk_visit(v, plan, sinks, start); !s) throw std::runtime_error("walk: " + s.error().message);
        deliver(v, out);
        return out;
    }

    // Sends a visit sealed by the test itself (and the files it names) as its technician's tablet.
    void deliver(const Visit& v, SealedVisit& out) {
        out.record = encode_visit_record(v);
        out.seal = v.seal();
        const std::string& technician = v.assignment().technician_id;
        if (!tokens.count(technician)) tokens[technician] = depot.token_for(technician);
        auto c = depot.client(tokens[technician]);
        for (const auto& [sha, bytes] : out.files) {
            auto r = c->Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
            if (!r || (r->status != 201 && r->status != 200)) throw std::runtime_error("attachment refused");
        }
        auto r = c->Put(("/api/v1/visits/" + v.assignment().visit_id).c_str(), out.record, "application/json");
        if (!r || r->status >= 300) throw std::runtime_error("visit refused: " + (r ? r->body : std::string("no answer")));
    }

    // Assigns and sends in one go.
    SealedVisit assign_and_send(const Assignment& a, const WalkPlan& plan = {}, Instant start = {1'700'000'100'000, 500'000}) {
        depot.assign({a});
        return send(a, plan, start);
    }

    // A browser logged in with a new account of `role`.
    OfficeBrowser browser(OfficeRole role, const std::string& name = "") {
        const std::string user = name.empty() ? std::string("u-") + role_name(role) : name;
        add_office_user(depot, user, role);
        OfficeBrowser b(depot);
        if (!b.login(user)) throw std::runtime_error("login failed");
        return b;
    }
};

}  // namespace fc::test
