#pragma once
// The hooks around every route: the guard that refuses a body or a framing before any route runs,
// JSON answers for the errors cpp-httplib produces itself, the close an answer asks for, and the
// answer to a route that failed.
#include <httplib.h>

#include <exception>

namespace fc {

// Pre-routing: routes without a body refuse one before reading it; an absurd declared length is
// refused on every route. The upload routes count their bodies themselves (request_body.h).
httplib::Server::HandlerResponse guard_request(const httplib::Request& req, httplib::Response& res);

// Error handler: fills in a JSON body for the statuses cpp-httplib produces itself (404, 400 on a
// bad request), and says why a request head was cut off.
httplib::Server::HandlerResponse answer_unrouted(const httplib::Request& req, httplib::Response& res);

// Post-routing: an answer that says the connection closes says so once, and the connection loop
// obeys it, so bytes a refused request left unread are never taken for a next request.
void close_when_answer_says(const httplib::Request& req, httplib::Response& res);

// Exception handler: a route that threw gets a 500 and its connection is closed.
void answer_failed_route(const httplib::Request& req, httplib::Response& res, std::exception_ptr failure);

}  // namespace fc
