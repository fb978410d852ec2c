// A bench program's measured figure, printed as the one line bench/run reads from it.
#pragma once

#include <cstdio>

namespace fc::bench {

// Prints `FIGURE <name> <value> <unit>` on stdout. bench/run pairs figures into its rows (ours
// beside a baseline) and takes the median over rounds, so a program prints each figure once per
// run; everything else it prints is for people and is passed through untouched.
// `name` and `unit` hold no spaces (e.g. "answer_commit", "ms", "visits/s").
inline void print_figure(const char* name, double value, const char* unit) {
    std::printf("FIGURE %s %.6g %s\n", name, value, unit);
    std::fflush(stdout);
}

}  // namespace fc::bench
