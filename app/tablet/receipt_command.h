#pragma once
// ReceiptCommand: `fieldcheck receipt DIR VISIT [--paper a4|80mm] [-o FILE]`, the customer's receipt
// PDF rendered again from the sealed visit in the tablet's store: the bytes the depot renders too.
#include <memory>
#include <optional>

#include "app/command_line/command_line.h"
#include "checklists/clock.h"

namespace fc {

class ReceiptCommand {
public:
    explicit ReceiptCommand(CommandLine& line);
    // After parsing: the exit code when `receipt` was named (0 written, 1 refused, 2 usage); else nullopt.
    std::optional<int> run(Clock& clock) const;

    struct Args;

private:
    std::shared_ptr<Args> args_;
    const CLI::App* receipt_ = nullptr;
};

}  // namespace fc
