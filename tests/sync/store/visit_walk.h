#pragma once
// VisitWalk: a deterministic walk through a fiber visit (answers, corrections, a hidden step, the
// handover and the survey), shared by the store tests and the SIGKILL writer, so the test can
// compute every event the writer stores without asking it.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "checklists/visit.h"
#include "tests/sync/store/store_fixtures.h"

namespace fc::test {

using WalkAction = std::function<Expected<Decision>(const Visit&, Instant)>;

// The events of a decision, for tests that store them and replay them through apply(), the way a
// store load and the depot do (the app installs the decided visit instead).
inline Expected<Events> events_of(Expected<Decision> d) {
    if (!d) return d.error();
    return std::move(d->events);
}

inline std::string walk_visit_id(int k) { return "walk-" + std::to_string(k); }

inline Assignment walk_assignment(int k) {
    Assignment a = fiber_assignment(walk_visit_id(k));
    a.window_start_ms += static_cast<std::int64_t>(k) * 3'600'000;
    a.window_end_ms += static_cast<std::int64_t>(k) * 3'600'000;
    return a;
}

// Times depend only on the visit and the event number, so a walk resumed after a crash produces
// exactly the events an uninterrupted walk would have.
inline Instant walk_instant(int k, std::size_t next_seq) {
    const auto step = static_cast<std::int64_t>(next_seq) * 7'000;
    const auto base = static_cast<std::int64_t>(k) * 3'600'000;
    return Instant{1'700'000'000'000 + base + step, 5'000 + base + step};
}

// Every fifth visit ends "not possible" at the patch precheck; the others run to the survey.
inline std::vector<WalkAction> walk_actions(int k) {
    std::vector<WalkAction> a;
    a.push_back([](const Visit& v, Instant t) { return v.open(t); });
    a.push_back([](const Visit& v, Instant t) { return v.record_precheck("socket", Answer::met(), t); });
    a.push_back([](const Visit& v, Instant t) { return v.record_precheck("alarm", Answer::met(), t); });
    a.push_back([](const Visit& v, Instant t) { return v.record_precheck("alarm", Answer::not_met("no alarm"), t); });
    if (k % 5 == 4) {
        // The consequence (closed not possible, cause: this precheck) comes in the same decision.
        a.push_back([](const Visit& v, Instant t) { return v.record_precheck("patch", Answer::not_met("not patched"), t); });
        return a;
    }
    a.push_back([](const Visit& v, Instant t) { return v.record_precheck("patch", Answer::met(), t); });
    a.push_back([](const Visit& v, Instant t) { return v.begin_steps(t); });
    a.push_back([](const Visit& v, Instant t) { return v.answer_step("mount", Answer::confirmed(), t); });
    a.push_back([](const Visit& v, Instant t) { return v.go_next(t); });
    a.push_back([](const Visit& v, Instant t) { return v.answer_step("power", Answer::measured(-18.5), t); });
    a.push_back([](const Visit& v, Instant t) {
        return v.answer_step("power", Answer::measured(-27.25, "connector was dirty, cleaned"), t);
    });
    a.push_back([k](const Visit& v, Instant t) { return v.answer_step("power", Answer::measured(-17.0 - (k % 40) * 0.125), t); });
    a.push_back([](const Visit& v, Instant t) { return v.go_next(t); });
    a.push_back([](const Visit& v, Instant t) { return v.answer_step("route", Answer::choice("new"), t); });
    a.push_back([](const Visit& v, Instant t) { return v.go_next(t); });
    a.push_back([](const Visit& v, Instant t) { return v.answer_step("sealed", Answer::done(), t); });
    a.push_back([](const Visit& v, Instant t) { return v.go_back(t); });
    // Back to the duct: "sealed" is hidden again and its answer discarded, in the same decision.
    a.push_back([](const Visit& v, Instant t) { return v.answer_step("route", Answer::choice("duct"), t); });
    a.push_back([](const Visit& v, Instant t) { return v.go_next(t); });
    a.push_back([k](const Visit& v, Instant t) {
        return v.answer_step("note", Answer::text_value("Modem naast de meterkast, één kabel, visit " + std::to_string(k)), t);
    });
    a.push_back([](const Visit& v, Instant t) { return v.go_next(t); });
    a.push_back([](const Visit& v, Instant t) { return v.go_back(t); });
    a.push_back([](const Visit& v, Instant t) { return v.clear_step("note", t); });
    a.push_back([](const Visit& v, Instant t) { return v.answer_step("note", Answer::text_value("Modem on the wall"), t); });
    a.push_back([](const Visit& v, Instant t) { return v.go_next(t); });
    a.push_back([](const Visit& v, Instant t) { return v.begin_handover(t); });
    a.push_back([](const Visit& v, Instant t) { return v.confirm_handover("laptop", t); });
    a.push_back([](const Visit& v, Instant t) { return v.confirm_handover("lights", t); });
    a.push_back([](const Visit& v, Instant t) { return v.enter_customer_mode(t); });
    a.push_back([k](const Visit& v, Instant t) { return v.answer_survey("appointment", Answer::score(1 + k % 5), t); });
    a.push_back([](const Visit& v, Instant t) { return v.answer_survey("arrival", Answer::score(4), t); });
    a.push_back([](const Visit& v, Instant t) { return v.answer_survey("explanation", Answer::score(2), t); });
    a.push_back([](const Visit& v, Instant t) { return v.answer_survey("explanation", Answer::score(3), t); });
    a.push_back([](const Visit& v, Instant t) { return v.answer_survey("result", Answer::score(5), t); });
    a.push_back([](const Visit& v, Instant t) { return v.answer_survey("comment", Answer::text_value("Vriendelijk"), t); });
    a.push_back([](const Visit& v, Instant t) { return v.submit_survey(t); });
    return a;
}

// The events of action `i` on `v`, or the engine's refusal.
inline Expected<Events> walk_step(const Visit& v, int k, std::size_t i) {
    const auto actions = walk_actions(k);
    if (i >= actions.size()) return make_error(ErrorCode::walk_done, "the walk has no action " + std::to_string(i));
    return events_of(actions[i](v, walk_instant(k, v.events().size() + 1)));
}

// The complete walk in memory: what a store must hold for visit k once the writer is done.
inline Expected<Visit> walk_in_memory(int k, std::shared_ptr<const ChecklistTemplate> t, std::size_t actions = SIZE_MAX) {
    Visit v(walk_assignment(k), std::move(t));
    const auto all = walk_actions(k);
    for (std::size_t i = 0; i < all.size() && i < actions; ++i) {
        auto events = events_of(all[i](v, walk_instant(k, v.events().size() + 1)));
        if (!events) return make_error(events.error().code, "walk action " + std::to_string(i) + ": " + events.error().message);
        if (auto s = v.apply(*events); !s) return s.error();
    }
    return v;
}

// How many actions produced the events `stored` holds; -1 when they are not a prefix of the walk.
inline int walk_actions_done(const Visit& stored, int k, std::shared_ptr<const ChecklistTemplate> t) {
    Visit v(walk_assignment(k), std::move(t));
    const auto all = walk_actions(k);
    for (std::size_t i = 0; i <= all.size(); ++i) {
        if (v.events().size() == stored.events().size()) return static_cast<int>(i);
        if (i == all.size() || v.events().size() > stored.events().size()) return -1;
        auto events = events_of(all[i](v, walk_instant(k, v.events().size() + 1)));
        if (!events || !v.apply(*events)) return -1;
    }
    return -1;
}

}  // namespace fc::test
