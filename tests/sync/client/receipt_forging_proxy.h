#pragma once
// ReceiptForgingProxy: a man in the middle on 127.0.0.1 for tests. It forwards every request to the
// real depot (copying the depot's marker header, as any proxy would) except visit uploads, which it
// answers itself with a receipt of its own making; or, with no depot behind it, it is a fake depot on
// plain HTTP that echoes each uploaded visit's id and seal (issue 11, finding 5).
#include <httplib.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <rapidjson/document.h>

#include "sync/wire/receipt_signature.h"
#include "sync/wire/wire_messages.h"

namespace fc::test {

enum class Forgery {
    Unsigned,       // visit id and seal echoed from the request, no signature
    OtherKey,       // echoed and signed, by a key that is not the depot's
    OtherVisit,     // signed by the depot's own key, but for another visit
    OtherSeal,      // signed by the depot's own key, for this visit id with another seal
};

class ReceiptForgingProxy {
public:
    // `depot_port` 0: no depot behind; every other request gets a depot-looking 200 "{}".
    // `depot_key`: the real depot's key, for the forgeries a stolen old receipt stands for.
    ReceiptForgingProxy(int depot_port, Forgery forgery, std::optional<SigningKey> depot_key = std::nullopt)
        : forgery_(forgery), depot_key_(std::move(depot_key)), other_key_(SigningKey::generate()) {
        if (depot_port != 0) upstream_ = std::make_unique<httplib::Client>("127.0.0.1", depot_port);
        server_.Put(R"(/api/v1/visits/([A-Za-z0-9_-]+))",
                    [this](const httplib::Request& req, httplib::Response& res) { forge(req, res); });
        server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { forward(req, res); });
        server_.Put(".*", [this](const httplib::Request& req, httplib::Response& res) { forward(req, res); });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
    }
    ~ReceiptForgingProxy() {
        server_.stop();
        thread_.join();
    }
    ReceiptForgingProxy(const ReceiptForgingProxy&) = delete;
    ReceiptForgingProxy& operator=(const ReceiptForgingProxy&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int forged() const { return forged_; }

private:
    void forge(const httplib::Request& req, httplib::Response& res) {
        ++forged_;
        rapidjson::Document record;
        record.Parse(req.body.data(), req.body.size());
        const std::string seal = !record.HasParseError() && record.IsObject() && record.HasMember("seal") &&
                                         record["seal"].IsString() ? record["seal"].GetString() : "";
        DepotReceipt r{req.matches[1], seal, 1'700'000'000'000, 1, {}, {}};
        switch (forgery_) {
            case Forgery::Unsigned: break;
            case Forgery::OtherKey: r = sign_receipt(r, other_key_); break;
            case Forgery::OtherVisit:
                r.visit_id = "v-other";
                r = sign_receipt(r, *depot_key_);
                break;
            case Forgery::OtherSeal:
                r.seal = std::string(64, 'f');
                r = sign_receipt(r, *depot_key_);
                break;
        }
        res.status = 201;
        res.set_header("X-Fieldcheck-Depot", "1");
        res.set_content(encode_receipt(r), "application/json");
    }

    void forward(const httplib::Request& req, httplib::Response& res) {
        res.set_header("X-Fieldcheck-Depot", "1");
        if (!upstream_) {
            res.status = 200;
            res.set_content("{}", "application/json");
            return;
        }
        httplib::Headers headers;
        // Everything a request proves itself with: the bearer token, or the signature and what it covers.
        for (const char* name : {"Authorization", "Signature-Input", "Signature", "Content-Digest", "Fieldcheck-Record-Signature"}) {
            if (req.has_header(name)) headers.emplace(name, req.get_header_value(name));
        }
        const std::string target = req.target.empty() ? req.path : req.target;
        auto answer = req.method == "PUT"
                          ? upstream_->Put(target, headers, req.body, req.get_header_value("Content-Type"))
                          : (req.method == "HEAD" ? upstream_->Head(target, headers) : upstream_->Get(target, headers));
        if (!answer) {
            res.status = 502;
            return;
        }
        res.status = answer->status;
        res.set_content(answer->body, answer->get_header_value("Content-Type"));
    }

    Forgery forgery_;
    std::optional<SigningKey> depot_key_;
    SigningKey other_key_;
    std::unique_ptr<httplib::Client> upstream_;
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::atomic<int> forged_{0};
};

}  // namespace fc::test
