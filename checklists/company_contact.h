#pragma once
// CompanyContact: whom the customer calls: the company's name and its helpdesk number, as the depot's
// settings give them (`fieldcheck-depot settings`) and a template may override them.
#include <string>

namespace fc {

struct CompanyContact {
    std::string company;   // "" = not set
    std::string helpdesk;  // a phone number as people write it; "" = not set

    bool empty() const { return company.empty() && helpdesk.empty(); }
    friend bool operator==(const CompanyContact&, const CompanyContact&) = default;
};

}  // namespace fc
