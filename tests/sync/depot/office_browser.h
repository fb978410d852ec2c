#pragma once
// OfficeBrowser: a back-office user's browser against a real depot on 127.0.0.1, the way the pages
// are used: a cookie jar (the session and the login form's cookie), forms posted with the token the
// last page carried, redirects seen (not followed) so tests can check where they lead.
#include <httplib.h>

#include <map>
#include <regex>
#include <stdexcept>
#include <string>

#include "sync/depot/office/office_password.h"
#include "tests/sync/depot/depot_test_support.h"

namespace fc::test {

// A back-office account on `depot`'s store (password hashed as `user add` does).
inline OfficeUser add_office_user(RunningDepot& depot, const std::string& name, OfficeRole role,
                                  const std::string& password = "correct horse battery", Lang lang = Lang::En) {
    auto hash = hash_password(password);
    if (!hash) throw std::runtime_error(hash.error().message);
    auto user = depot.store->add_office_user(name, role, lang, *hash, 1'700'000'000'000);
    if (!user) throw std::runtime_error(user.error().message);
    return *user;
}

class OfficeBrowser {
public:
    explicit OfficeBrowser(const RunningDepot& depot) : client_(depot.client()) {}

    // GET, keeping cookies the answer set; remembers the page's form token.
    httplib::Result get(const std::string& path) {
        auto r = client_->Get(path.c_str(), headers_());
        take_(r);
        return r;
    }
    // POST an urlencoded form; the last page's token is added as `csrf` unless the form has one.
    httplib::Result post(const std::string& path, httplib::Params form) {
        if (!form.count("csrf")) form.emplace("csrf", csrf_);
        auto r = client_->Post(path.c_str(), headers_(), form);
        take_(r);
        return r;
    }
    // POST a multipart form (uploads), with the token like post().
    httplib::Result post_multipart(const std::string& path, httplib::MultipartFormDataItems items) {
        bool has_csrf = false;
        for (const auto& i : items) has_csrf = has_csrf || i.name == "csrf";
        if (!has_csrf) items.push_back({"csrf", csrf_, "", ""});
        auto r = client_->Post(path.c_str(), headers_(), items);
        take_(r);
        return r;
    }
    // Opens the login page and logs in; true when the depot answered with a session (303 onwards).
    bool login(const std::string& name, const std::string& password = "correct horse battery") {
        get("/login");
        auto r = post("/login", {{"name", name}, {"password", password}});
        return r && r->status == 303 && cookies_.count("fc_session");
    }

    std::map<std::string, std::string>& cookies() { return cookies_; }
    // The browser's Accept-Language (pages before login speak it; "en" unless a test says otherwise).
    void set_language(std::string language) { language_ = std::move(language); }
    const std::string& csrf() const { return csrf_; }
    httplib::Client& client() { return *client_; }

private:
    httplib::Headers headers_() const {
        std::string jar;
        for (const auto& [k, v] : cookies_) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
        httplib::Headers h{{"Accept-Language", language_}};
        if (!jar.empty()) h.emplace("Cookie", jar);
        return h;
    }
    void take_(const httplib::Result& r) {
        if (!r) return;
        const std::size_t n = r->get_header_value_count("Set-Cookie");
        for (std::size_t i = 0; i < n; ++i) {
            const std::string c = r->get_header_value("Set-Cookie", i);
            const std::size_t eq = c.find('='), semi = c.find(';');
            const std::string name = c.substr(0, eq), value = c.substr(eq + 1, semi - eq - 1);
            if (c.find("Max-Age=0") != std::string::npos) cookies_.erase(name);
            else cookies_[name] = value;
        }
        static const std::regex token(R"re(name="csrf" value="([0-9a-f]{64})")re");
        std::smatch m;
        if (std::regex_search(r->body, m, token)) csrf_ = m[1];
    }

    std::unique_ptr<httplib::Client> client_;
    std::map<std::string, std::string> cookies_;
    std::string csrf_;
    std::string language_ = "en";
};

}  // namespace fc::test
