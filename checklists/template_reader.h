#pragma once
// read_template: turns a parsed JSON document into a ChecklistTemplate, walking all of it so that
// every problem is reported in one pass (the result is only usable when no problem was added).
#include <rapidjson/document.h>

#include "checklist_template.h"
#include "template_problem_list.h"

namespace fc {

inline constexpr const char* kTemplateFormat = "fieldcheck-template/1";

ChecklistTemplate read_template(const rapidjson::Value& root, ProblemList& problems);

}  // namespace fc
