#include "sync/depot/office/visit_words.h"

#include <httplib.h>

#include "catalogue/catalogue.h"

namespace fc {
namespace {

std::string word(Lang lang, const std::string& prefix, const std::string& name) {
    const std::string key = prefix + name;
    return has_key(key) ? text(lang, key) : name;
}

}  // namespace

std::string outcome_words(Lang lang, const std::string& outcome) { return word(lang, "outcome.", outcome); }

std::string cause_words(Lang lang, const std::string& cause_kind) {
    return cause_kind.empty() ? std::string() : word(lang, "cause.", cause_kind);
}

std::string channel_words(Lang lang, const std::string& channel) { return word(lang, "office.visits.channel.", channel); }

std::string flag_words(Lang lang, const std::string& flag_code) { return word(lang, "office.visits.flag.", flag_code); }

std::string customer_path(const std::string& customer_id, const std::string& job_id) {
    if (!customer_id.empty()) return "/customers/" + httplib::detail::encode_query_param(customer_id);
    if (!job_id.empty()) return "/jobs/" + httplib::detail::encode_query_param(job_id);
    return {};
}

}  // namespace fc
