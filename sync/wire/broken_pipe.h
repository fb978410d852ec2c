#pragma once
// ignore_broken_pipe_signal: makes a peer that hangs up mid-write an ordinary error, for both programs.
namespace fc {

// Why: cpp-httplib 0.11.4 sends without MSG_NOSIGNAL, so a peer that hangs up while we write
// raises SIGPIPE, whose default action ends the whole program (the tablet app, the depot). Sets
// SIGPIPE to "ignore" once per process; the write then fails with EPIPE like any network error.
void ignore_broken_pipe_signal();

}  // namespace fc
