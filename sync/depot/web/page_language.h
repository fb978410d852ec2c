#pragma once
// The language of a customer page: the visit's template language when the page is about a visit,
// else the first language of the request's Accept-Language the catalogue has words in, else Dutch
// (the company's customers are in the Netherlands).
#include <httplib.h>

#include <optional>
#include <string>

#include "catalogue/lang.h"

namespace fc {

Lang page_language(const httplib::Request& req, const std::optional<std::string>& template_language);

}  // namespace fc
