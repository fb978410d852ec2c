#pragma once
// read_template: turns a parsed JSON document into a ChecklistTemplate, walking all of it so that
// every problem is reported in one pass (the result is only usable when no problem was added).
#include <string>

#include <rapidjson/document.h>

#include "checklist_template.h"
#include "template_problem_list.h"

namespace fc {

// What a template's "format" says for each format it may have (ChecklistTemplate::format):
// "fieldcheck-template/1", "fieldcheck-template/2".
std::string template_format_name(int format);

ChecklistTemplate read_template(const rapidjson::Value& root, ProblemList& problems);

}  // namespace fc
