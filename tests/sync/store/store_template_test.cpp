// Templates in the device store: immutable per (id, version), read back through the parser.
#include <doctest/doctest.h>

#include "checklists/template_parser.h"
#include "tests/sync/store/open_store.h"
#include "tests/sync/store/store_fixtures.h"
#include "sync/store/device_store.h"

using namespace fc;
using fc::test::RawDatabase;
using fc::test::open_store;
using fc::test::TempDir;

TEST_CASE("a template version is immutable: the same content is accepted again, other content is refused") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    const ChecklistTemplate original = test::fiber_template();
    REQUIRE(store->put_template(original).ok());
    CHECK(store->put_template(original).ok());

    ChecklistTemplate changed = original;
    changed.steps[1].min = -30;  // a wider range under the same version number
    const Status s = store->put_template(changed);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::template_conflict);
    CHECK(s.error().message.find("fiber-install") != std::string::npos);
    auto stored = store->get_template("fiber-install", 1);
    REQUIRE(stored.ok());
    CHECK((*stored)->steps[1].min == -25);

    changed.version = 2;  // the same change as a new version is fine
    CHECK(store->put_template(changed).ok());
    CHECK(store->get_template("fiber-install", 2).value()->steps[1].min == -30);
}

TEST_CASE("get_template gives back the stored template exactly, parsed from its canonical JSON") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    const ChecklistTemplate t = test::fiber_template();
    REQUIRE(store->put_template(t).ok());
    auto back = store->get_template("fiber-install", 1);
    REQUIRE_MESSAGE(back.ok(), back.error().message);
    CHECK(template_to_json(**back) == template_to_json(t));
    RawDatabase raw(test::database_path(tmp.path()));
    CHECK(raw.column("SELECT json FROM templates").front() == template_to_json(t));

    auto missing = store->get_template("fiber-install", 9);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::template_missing);
}

TEST_CASE("list_templates names every stored template with its version, title and language") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    ChecklistTemplate nl = test::fiber_template("glasvezel", 3);
    nl.title = "Glasvezelmodem installeren (één keer)";
    nl.language = "nl";
    REQUIRE(store->put_template(nl).ok());
    REQUIRE(store->put_template(test::fiber_template()).ok());
    auto list = store->list_templates();
    REQUIRE(list.ok());
    REQUIRE(list->size() == 2);
    CHECK(list->at(0).id == "fiber-install");
    CHECK(list->at(0).language == "en");
    CHECK(list->at(1).id == "glasvezel");
    CHECK(list->at(1).version == 3);
    CHECK(list->at(1).title == "Glasvezelmodem installeren (één keer)");
}

TEST_CASE("a template that breaks the template rules is refused before it is stored") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    ChecklistTemplate bad = test::fiber_template();
    bad.steps[2].options.clear();  // a choice without options
    const Status s = store->put_template(bad);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::invalid_template);
    CHECK(store->list_templates().value().empty());
}

TEST_CASE("a visit assigned before its template arrived gets its precheck badge when the template is stored") {
    TempDir tmp;
    auto store = open_store(tmp.path());
    REQUIRE(store->put_assignment(test::fiber_assignment("v-1")).ok());
    CHECK(store->list_visits().value().front().badge == PrecheckBadge{});
    auto t = std::make_shared<const ChecklistTemplate>(test::fiber_template());
    const PrecheckBadge expected = Visit(test::fiber_assignment("v-1"), t).precheck_badge();
    REQUIRE(store->put_template(*t).ok());
    CHECK(store->list_visits().value().front().badge == expected);
    CHECK(expected == PrecheckBadge{PrecheckBadge::State::NotYetConfirmed, "patch"});
}
