#pragma once
// WebPage: one HTML answer of the depot's public pages (the customer's survey now; receipts and the
// back office later): rendered from a Mustache template whose {{values}} are escaped by default,
// sent with the security headers every page carries.
#include <httplib.h>

#include <string>

#include <kainjow/mustache.hpp>

#include "catalogue/lang.h"

namespace fc {

using PageData = kainjow::mustache::data;

// An empty Mustache list, to push rows into.
inline PageData page_list() { return PageData{PageData::type::list}; }

// Renders `view` (a Mustache template: the view's body) inside the one layout every page shares, with
// the page's language and title; a template error is a programming error and renders as a 500 page.
std::string render_page(Lang lang, const std::string& title, const std::string& view, const PageData& data);

// The two halves of render_page, for pages with a frame of their own (the back office, office/):
// a view rendered with its data ("" when the template is broken), and the layout around a body
// rendered just before, linking `stylesheet`.
std::string render_view(const std::string& view, const PageData& data);
std::string render_layout(Lang lang, const std::string& title, const std::string& body, const std::string& stylesheet);

// Sets the status, the HTML body and the security headers (web_headers.h).
void send_page(httplib::Response& res, int status, std::string html);

}  // namespace fc
