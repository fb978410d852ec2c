#pragma once
// FaultProxy: a TCP proxy on 127.0.0.1 between a tablet and its depot that breaks connections the
// way a depot yard's Wi-Fi and a customer's network do, for tests. Each new connection gets one
// fault (or none), drawn from a seeded random source. A fault strikes at a byte offset: either a
// random offset of the connection (so it lands in any request of a sync pass: the health check, a
// photo, the visit) or, for half of the faults, an offset within or right after the first visit
// upload (PUT /api/v1/visits/ID) on the connection, the moment that decides "sent":
//   CutRequest    forwards the tablet's bytes up to the offset, then drops the connection (a body
//                 cut half-way, or right after it was complete and the depot went on to commit);
//   CutResponse   forwards the depot's answers up to the offset, then drops the connection;
//   DropResponse  drops the connection as soon as the depot starts its answer: the depot answers
//                 only after its durable commit, and the tablet hears nothing of it;
//   Stall         forwards the tablet's bytes up to the offset, then passes nothing either way and
//                 hangs up after `stall_ms` (the tablet's read timeout must end the wait);
//   CaptivePortal answers a request itself with a Wi-Fi login page (200, HTML, no depot): the
//                 first one on the connection, or the visit upload.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace fc::test {

enum class Fault { None, CutRequest, CutResponse, DropResponse, Stall, CaptivePortal };
const char* to_string(Fault f);

class FaultProxy {
public:
    // Listens on 127.0.0.1 (any free port) and forwards to 127.0.0.1:`depot_port`.
    FaultProxy(int depot_port, std::uint64_t seed, int stall_ms);
    ~FaultProxy();  // stops accepting, ends every connection, joins every thread
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // Share of new connections that get a fault (0 = a clean network); the kind is drawn evenly.
    void set_fault_share(double share);

    std::map<Fault, std::uint64_t> faults_dealt() const;
    // Visit uploads seen on the way to the depot ("PUT /api/v1/visits/ID"), per visit id.
    std::map<std::string, std::uint64_t> visit_uploads() const;
    // Connections the tablet opened through the proxy so far.
    std::size_t connections_accepted() const;

private:
    struct Connection;
    void accept_loop_();
    void serve_(int client, Fault fault, bool at_visit_upload, std::size_t cut_at);
    // Counts visit uploads in the tablet's bytes; true when one starts in this piece.
    bool note_request_bytes_(std::string& tail, const char* data, std::size_t size);

    int depot_port_;
    int stall_ms_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::mt19937_64 random_;
    double fault_share_ = 0;
    std::map<Fault, std::uint64_t> dealt_;
    std::map<std::string, std::uint64_t> uploads_;
    std::size_t accepted_ = 0;
    std::vector<std::unique_ptr<Connection>> connections_;
    std::thread acceptor_;
};

}  // namespace fc::test
