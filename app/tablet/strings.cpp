#include "app/tablet/strings.h"

#include "catalogue/error_message.h"

namespace fc {

// Why so thin: the one table from code to words is catalogue/po (error.<code>), shared with the depot.
std::string error_text(const Error& e, const Strings& t, const std::string& subject) {
    return error_message(t.lang(), e, subject);
}

}  // namespace fc
