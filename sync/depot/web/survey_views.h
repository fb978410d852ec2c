#pragma once
// The views of the customer's phone survey (one file each): the form with the template's questions
// and nothing pre-selected, and the notice pages (thanks, already answered, unknown, expired, check
// your answers). Each returns a whole HTML page in the given language.
#include <string>

#include "catalogue/lang.h"
#include "checklists/checklist_template.h"

namespace fc {

// `problem`: the words of a refused submission shown above the form again ("" = none).
std::string survey_form_view(Lang lang, const ChecklistTemplate& t, const std::string& problem);

enum class SurveyNotice { Thanks, AlreadyAnswered, Unknown, Expired };
std::string survey_notice_view(Lang lang, SurveyNotice notice);

}  // namespace fc
