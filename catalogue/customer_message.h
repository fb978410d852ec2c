#pragma once
// The written message the customer keeps, worded here from the engine's typed facts (stories 000, 001
// and 003): what happened, what happens next and whom to call, in the template's language.
#include <string>

#include "catalogue/lang.h"
#include "checklists/company_contact.h"
#include "checklists/failure_cause.h"
#include "checklists/visit.h"

namespace fc {

// CustomerMessage: the three parts every message has, so a screen or an export can lay them out and a
// test can hold each one to its job; text() is the message as the customer reads it.
struct CustomerMessage {
    std::string what;  // what happened (a completed visit: what was done)
    std::string next;  // what happens next (a completed visit: the customer's own to-do list, if any)
    std::string whom;  // whom to call: the company and its helpdesk, never an invented number

    bool empty() const { return what.empty(); }
    std::string text() const;
};

// The language a template's customer reads: the template's own, English when it names none we have.
Lang customer_lang(const ChecklistTemplate& t);

// Whom the customer calls: the template's contact where it sets a field, the depot's settings for the
// rest (field by field, so a template can name its own helpdesk and keep the company's name).
CompanyContact customer_contact(const ChecklistTemplate& t, const CompanyContact& depot_settings);

// Why the visit could not go ahead. A not-met precheck is told in the template's customer_text, or in
// a neutral sentence for its moment: never its title, which is the technician's check. Only a network
// fault is told as a network problem. The "other" kind quotes the technician's mandatory text (the
// close screen shows it before it is sent); the optional detail of the other kinds is for the back
// office and is not shown.
CustomerMessage customer_message(const FailureCause& cause, const ChecklistTemplate& t,
                                 const CompanyContact& depot_settings);

// The message of a closed visit: the cause's message when not possible; for a completed visit the
// template's title and the customer's to-do list in writing; empty while the visit is open.
CustomerMessage customer_message(const Visit& visit, const CompanyContact& depot_settings);

}  // namespace fc
