#!/usr/bin/env python3
"""Test names ctest can keep: doctest_discover_tests hands ctest each TEST_CASE name, and ctest reads a
';' in it as a list separator, so one test becomes two names that match no test and fail as missing.
Prints file:line for each TEST_CASE whose name holds a ';' and exits 1.

  check_test_names.py --root DIR     check a source tree's tests/
  check_test_names.py --self-test    prove the check fails on a planted name
"""
import argparse
import os
import re
import sys
import tempfile

# TEST_CASE("a" "b") and names split over lines as adjacent literals.
TEST_CASE = re.compile(r'TEST_CASE\(\s*((?:"(?:[^"\\\n]|\\.)*"\s*)+)')
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def violations(root):
    found = []
    for folder, _, files in os.walk(os.path.join(root, "tests")):
        for name in sorted(files):
            if not name.endswith((".cpp", ".h")):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            for match in TEST_CASE.finditer(text):
                test_name = "".join(LITERAL.findall(match.group(1)))
                if ";" in test_name:
                    line = text.count("\n", 0, match.start()) + 1
                    rel = os.path.relpath(path, root).replace(os.sep, "/")
                    found.append(f"{rel}:{line}: test name holds ';', which ctest splits into two missing "
                                 f"tests: \"{test_name}\" (use ',' or 'and')")
    return found


def self_test():
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, "tests", "x"))
        with open(os.path.join(root, "tests", "x", "test_a.cpp"), "w") as f:
            f.write('TEST_CASE("fine, and fine") {}\nTEST_CASE("one thing "\n          "; another") {}\n')
        found = violations(root)
        if len(found) != 1 or "tests/x/test_a.cpp:2:" not in found[0]:
            print("self-test: the check did not find exactly the planted name:", found)
            return 1
    print("self-test: the planted name was found")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if not args.root:
        parser.error("--root or --self-test")
    found = violations(args.root)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
