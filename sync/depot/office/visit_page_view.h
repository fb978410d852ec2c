#pragma once
// The visit page's Mustache view and its labels (GET /visits/{id}; data from visit_page.cpp).
#include "sync/depot/web/web_page.h"

namespace fc {

extern const char* const kVisitPageView;
// Every "l_*" label the view reads, in `lang`.
void set_visit_page_labels(Lang lang, PageData& d);

}  // namespace fc
