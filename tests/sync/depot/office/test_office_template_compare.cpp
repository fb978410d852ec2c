// Comparing two versions of a template (issue 14): every precheck, step, handover item and survey
// question added, removed or changed (field, old -> new), and the template's own fields; the page
// shows it escaped, for the real templates of the store.
#include <doctest/doctest.h>

#include "sync/depot/office/template_comparison.h"
#include "tests/sync/depot/office/manage_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

// Version 4 of the shipped template: its first precheck gone, a handover item new, the first step
// and the title reworded.
ChecklistTemplate next_version(const ChecklistTemplate& v3, const std::string& title) {
    ChecklistTemplate v4 = v3;
    v4.version = 4;
    v4.title = title;
    v4.prechecks.erase(v4.prechecks.begin());
    v4.steps[0].title = "Check the socket " + kHostile;
    HandoverItem extra = v4.handover.at(0);
    extra.id = "leave-the-manual";
    extra.title = "Leave the manual";
    v4.handover.push_back(extra);
    return v4;
}

const ItemChange* find(const TemplateComparison& c, const std::string& section, const std::string& id) {
    for (const ItemChange& i : c.items) {
        if (i.section == section && i.id == id) return &i;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("template comparison: added, removed and changed items by id, each changed field with old and new") {
    const auto v3 = repo_template(kUploadedTemplate);
    const ChecklistTemplate v4 = next_version(*v3, "Router help");
    const TemplateComparison c = compare_templates(*v3, v4);
    const ItemChange* removed = find(c, "prechecks", v3->prechecks[0].id);
    REQUIRE(removed);
    CHECK(removed->kind == ItemChange::Kind::Removed);
    const ItemChange* added = find(c, "handover", "leave-the-manual");
    REQUIRE(added);
    CHECK(added->kind == ItemChange::Kind::Added);
    CHECK(added->title == "Leave the manual");
    const ItemChange* changed = find(c, "steps", v3->steps[0].id);
    REQUIRE(changed);
    CHECK(changed->kind == ItemChange::Kind::Changed);
    REQUIRE(changed->fields.size() == 1);
    CHECK(changed->fields[0].field == "title");
    CHECK(changed->fields[0].before == v3->steps[0].title);
    CHECK(changed->fields[0].after == v4.steps[0].title);
    CHECK(c.items.size() == 3);  // nothing else: an unchanged item is not listed
    REQUIRE(c.fields.size() == 1);
    CHECK(c.fields[0].field == "title");
    CHECK(c.fields[0].after == "Router help");
    CHECK(compare_templates(*v3, *v3).items.empty());
    CHECK(compare_templates(*v3, *v3).fields.empty());
}

TEST_CASE("office template compare: the page shows what changed between two imported versions, escaped") {
    RunningDepot depot;
    const auto v3 = repo_template(kUploadedTemplate);
    REQUIRE(depot.store->import_template(*v3, 1'700'000'000'000).ok());
    REQUIRE(depot.store->import_template(next_version(*v3, kHostile), 1'700'000'100'000).ok());
    OfficeBrowser b = logged_in(depot, "pia", OfficeRole::Planner, "/templates");
    auto list = b.get("/templates");
    CHECK(list->body.find("href=\"/templates/wifi-activation-en/compare?from=3&amp;to=4\"") != std::string::npos);
    auto r = b.get("/templates/wifi-activation-en/compare?from=3&to=4");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->body.find("<tr class=\"removed\"><td>removed</td><td><code>" + v3->prechecks[0].id + "</code>") != std::string::npos);
    CHECK(r->body.find("<tr class=\"added\"><td>added</td><td><code>leave-the-manual</code>") != std::string::npos);
    CHECK(r->body.find("<tr class=\"changed\"><td>changed</td><td><code>" + v3->steps[0].id + "</code>") != std::string::npos);
    CHECK(r->body.find("<del>" + v3->steps[0].title + "</del>") != std::string::npos);
    check_escaped(r->body);
    CHECK(b.get("/templates/wifi-activation-en/compare?from=3&to=9")->status == 404);
    CHECK(b.get("/templates/wifi-activation-en/compare?from=x&to=4")->status == 404);
    CHECK(b.get("/templates/nothing-here/compare?from=1&to=2")->status == 404);
}
