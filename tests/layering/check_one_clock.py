#!/usr/bin/env python3
"""One clock, one time formatter: product code reads the time of day only through checklists/clock.cpp
and formats it only in checklists/time_format.cpp, so every time can be injected and every date looks
the same. Prints file:line for each other reading or formatting and exits 1.

  check_one_clock.py --root DIR     check a source tree
  check_one_clock.py --self-test    prove the check fails on a planted reading
"""
import argparse
import os
import re
import sys
import tempfile

PRODUCT_DIRS = ("checklists", "catalogue", "sync", "platform", "app")
OWNERS = {"checklists/clock.cpp", "checklists/time_format.cpp"}
# Readings of the time of day and the C library's formatters. CPU-time clocks (what a frame cost) and
# steady_clock durations are not the time of day and stay allowed.
FORBIDDEN = re.compile(r"system_clock::now|\bstd::time\s*\(|\btime\s*\(\s*nullptr|gettimeofday|"
                       r"localtime_r|gmtime_r|\bstrftime\b|CLOCK_REALTIME|CLOCK_BOOTTIME")


def violations(root):
    found = []
    for part in PRODUCT_DIRS:
        for folder, _, files in os.walk(os.path.join(root, part)):
            for name in sorted(files):
                if not name.endswith((".cpp", ".h")):
                    continue
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                if rel in OWNERS:
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        code = line.split("//", 1)[0]
                        if FORBIDDEN.search(code):
                            found.append(f"{rel}:{number}: reads or formats the time of day outside "
                                         f"checklists/clock.cpp and checklists/time_format.cpp: take a Clock& "
                                         f"(or call time_format.h) instead")
    return found


def self_test():
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, "sync", "store"))
        with open(os.path.join(root, "sync", "store", "stamp.cpp"), "w") as f:
            f.write("// std::time(nullptr) in a comment is fine\nauto t = std::chrono::system_clock::now();\n")
        found = violations(root)
    expected = "sync/store/stamp.cpp:2: reads or formats the time of day"
    if len(found) != 1 or not found[0].startswith(expected):
        print("self-test: expected one violation at sync/store/stamp.cpp:2, got:", found)
        return 1
    print("self-test: the planted reading was found:", found[0])
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    found = violations(args.root)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
