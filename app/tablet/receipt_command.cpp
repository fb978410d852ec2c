#include "app/tablet/receipt_command.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "app/tablet/visit_receipt.h"
#include "sync/store/device_store.h"

namespace fc {
namespace {

constexpr const char* kUsage = "receipt DIR VISIT [--paper a4|80mm] [-o FILE]";
constexpr const char* kDescription = "Write the customer's receipt of a sealed visit as a PDF.";
constexpr const char* kHelp =
    "Renders the receipt again from the sealed visit VISIT in the tablet's data directory DIR: the same\n"
    "bytes the tablet kept at the seal (DIR/receipts/VISIT.pdf, A4) and the depot's receipt page gives.\n"
    "Without -o the PDF goes to standard output (not to a terminal).\n"
    "Exit status: 0 written; 1 no such visit, the visit is still open or was sealed without a receipt,\n"
    "or the file could not be written; 2 a usage error.";

int refuse(const std::string& what) {
    std::fprintf(stderr, "fieldcheck receipt: %s\n", what.c_str());
    return 1;
}

// The engine's refusals, said for this command: which visit, and what to do about it.
std::string refusal_text(const Error& e, const std::string& visit_id) {
    if (e.code == ErrorCode::not_sealed) return "visit " + visit_id + " is still open: its receipt is made when it is sealed";
    if (e.code == ErrorCode::not_found) return "visit " + visit_id + " was sealed without a receipt (" + e.message + ")";
    return e.message;
}

int write_out(const std::string& pdf, const std::string& out) {
    if (out.empty() || out == "-") {
        const std::size_t written = std::fwrite(pdf.data(), 1, pdf.size(), stdout);
        return written == pdf.size() && std::fflush(stdout) == 0 ? 0 : refuse("the PDF could not be written to stdout");
    }
    std::FILE* f = std::fopen(out.c_str(), "wb");
    if (!f) return refuse("cannot write " + out);
    const bool whole = std::fwrite(pdf.data(), 1, pdf.size(), f) == pdf.size();
    if (std::fclose(f) != 0 || !whole) return refuse("cannot write " + out);
    return 0;
}

}  // namespace

struct ReceiptCommand::Args {
    std::string data;
    std::string visit_id;
    std::string paper = "a4";
    std::string out;
};

namespace {

int make_receipt_file(const ReceiptCommand::Args& o, Clock& clock) {
    const auto paper = paper_from_string(o.paper);
    if (!paper) {
        std::fprintf(stderr, "fieldcheck receipt: --paper is a4 or 80mm, not '%s'\nusage: fieldcheck %s\n", o.paper.c_str(), kUsage);
        return 2;
    }
    if ((o.out.empty() || o.out == "-") && isatty(STDOUT_FILENO)) {
        std::fprintf(stderr, "fieldcheck receipt: a PDF is not for the terminal: give -o FILE or redirect\nusage: fieldcheck %s\n", kUsage);
        return 2;
    }
    // DeviceStore::open makes a missing directory: a typo must not become an empty tablet.
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::path(o.data) / "fieldcheck.db", ec)) {
        return refuse(o.data + " holds no tablet data");
    }
    auto store = DeviceStore::open(o.data, clock);
    if (!store) return refuse(store.error().message);
    auto visit = store.value()->load_visit(o.visit_id);
    if (!visit) {
        return refuse(visit.error().code == ErrorCode::not_found ? "no visit " + o.visit_id + " in " + o.data
                                                                 : visit.error().message);
    }
    auto pdf = tablet_receipt_pdf(*store.value(), *visit, *paper);
    if (!pdf) return refuse(refusal_text(pdf.error(), o.visit_id));
    return write_out(*pdf, o.out);
}

}  // namespace

ReceiptCommand::ReceiptCommand(CommandLine& line) : args_(std::make_shared<Args>()) {
    CLI::App& cmd = line.command(line.app(), "receipt", kDescription, kUsage);
    cmd.add_option("DIR", args_->data, "the tablet's data directory")->required()->type_name("DIR");
    cmd.add_option("VISIT", args_->visit_id, "the sealed visit's id")->required()->type_name("VISIT");
    cmd.add_option("--paper", args_->paper, "a4 (the default) or 80mm, a receipt printer's roll")->type_name("PAPER");
    cmd.add_option("-o,--output", args_->out, "the file to write; without it, standard output")->type_name("FILE");
    cmd.footer(kHelp);
    receipt_ = &cmd;
}

std::optional<int> ReceiptCommand::run(Clock& clock) const {
    if (receipt_->parsed()) return make_receipt_file(*args_, clock);
    return std::nullopt;
}

}  // namespace fc
