// libcurl's SMTP: one easy handle per attempt (an attempt a minute at most, so no pool is worth it).
#include "sync/depot/smtp_sender.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <cstring>
#include <mutex>

#include "sync/storage/secret_file.h"

namespace fc {
namespace {

void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
    const std::string* message = nullptr;
    std::size_t at = 0;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* up = static_cast<Upload*>(user);
    const std::size_t n = std::min(size * count, up->message->size() - up->at);
    std::memcpy(buffer, up->message->data() + up->at, n);
    up->at += n;
    return n;
}

// The server's replies arrive as CURLINFO_HEADER_IN; the last one is what a failure is about.
int keep_last_reply(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
    if (type != CURLINFO_HEADER_IN) return 0;
    std::string line(data, size);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    auto* kept = static_cast<std::string*>(user);
    // The first refusal is what the attempt is about; curl's QUIT afterwards gets a "221 Bye".
    const bool kept_refusal = !kept->empty() && (kept->front() == '4' || kept->front() == '5');
    if (!line.empty() && !kept_refusal) *kept = line;
    return 0;
}

std::string url_host(const std::string& url) {
    CURLU* u = curl_url();
    std::string host;
    char* h = nullptr;
    if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK && curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK) {
        host = h;
        curl_free(h);
    }
    curl_url_cleanup(u);
    return host;
}

int until_cancelled(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* cancel = static_cast<const std::atomic<bool>*>(user);
    return cancel && cancel->load() ? 1 : 0;
}

SmtpOutcome judge(CURLcode rc, long code, const std::string& last_reply, const char* error) {
    SmtpOutcome out;
    out.code = static_cast<int>(code);
    out.reply = !last_reply.empty() && code > 0 ? last_reply : std::string(error[0] ? error : curl_easy_strerror(rc));
    if (rc == CURLE_OK) {
        out.kind = SmtpOutcome::Kind::Sent;
    } else if (code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED) {
        // Why not a refused login: that is the depot's own setting, not this customer's mail.
        out.kind = SmtpOutcome::Kind::Refused;
    } else {
        out.kind = SmtpOutcome::Kind::TryLater;
    }
    return out;
}

}  // namespace

Status read_smtp_credentials(const std::string& path, SmtpSettings& settings) {
    auto bytes = read_secret_file(path);
    if (!bytes) return bytes.error();
    const std::string& text = *bytes;
    const auto newline = text.find('\n');
    if (newline == std::string::npos) {
        return make_error(ErrorCode::bad_setting, "the SMTP credentials file " + path + " must hold the user on line 1 and the password on line 2");
    }
    settings.user = text.substr(0, newline);
    std::string password = text.substr(newline + 1);
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) password.pop_back();
    if (!settings.user.empty() && settings.user.back() == '\r') settings.user.pop_back();
    settings.password = std::move(password);
    return {};
}

bool smtp_url_on_loopback(const std::string& url) {
    const std::string host = url_host(url);
    return host == "127.0.0.1" || host == "[::1]" || host == "::1";
}

Status check_smtp_url(const std::string& url) {
    const bool scheme = url.rfind("smtp://", 0) == 0 || url.rfind("smtps://", 0) == 0;
    if (!scheme || url_host(url).empty()) {
        return make_error(ErrorCode::bad_url, "--smtp must be smtp://HOST[:PORT] or smtps://HOST[:PORT], not " + url);
    }
    return {};
}

SmtpOutcome send_smtp(const SmtpSettings& s, const std::string& recipient, const std::string& message,
                      const std::atomic<bool>* cancel) {
    init_curl_once();
    CURL* curl = curl_easy_init();
    if (!curl) return {SmtpOutcome::Kind::TryLater, 0, "libcurl could not start"};
    Upload upload{&message, 0};
    std::string last_reply;
    char error[CURL_ERROR_SIZE] = {};
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + recipient + ">").c_str());
    const std::string from = "<" + s.from + ">";
    curl_easy_setopt(curl, CURLOPT_URL, s.url.c_str());
    // Why TRY on loopback only: a local relay or the tests' sink speaks plain SMTP on a link no one
    // else can listen on; anywhere else a server that does not offer STARTTLS is refused.
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(smtp_url_on_loopback(s.url) ? CURLUSESSL_TRY : CURLUSESSL_ALL));
    if (!s.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, s.ca_file.c_str());
    if (!s.user.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, s.user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, s.password.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // the sender runs on its own thread
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(s.connect_timeout_s));
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(s.stall_timeout_s));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(s.total_timeout_s));
    // Why: the low-speed limit does not cover the wait for a reply (after DATA, say); libcurl's own
    // wait for one is 120 s, so a server that stalls there would hold the courier that long.
    curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, static_cast<long>(s.stall_timeout_s));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, until_cancelled);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(cancel));
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);  // needed for the debug callback to see the replies
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, keep_last_reply);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &last_reply);
    const CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    // Why: cleanup says QUIT and waits for the reply; a server that stalled or was cancelled would hold
    // the courier (and the depot's stop) that long again. A failed attempt's connection is cut first.
    curl_socket_t socket = CURL_SOCKET_BAD;
    if (rc != CURLE_OK && curl_easy_getinfo(curl, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK && socket != CURL_SOCKET_BAD) {
        shutdown(socket, SHUT_RDWR);
    }
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    return judge(rc, code, last_reply, error);
}

}  // namespace fc
