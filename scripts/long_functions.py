#!/usr/bin/env python3
"""Lists every function definition in product code longer than a limit (default 80 lines).

Usage: scripts/long_functions.py [--max N] [DIR_OR_FILE...]
Prints `file:line: name length` for each, longest first, and exits 1 when there is any, so it can
guard a tree once the last long function is gone. Default dirs: the product parts (not tests, bench).

Why a brace scan and not a compiler: it runs anywhere python3 does, in a second, on a tree that does
not build yet. It blanks comments, string and character literals (raw strings too) and preprocessor
lines first, so braces inside them do not count. Namespaces, classes and `extern "C"` blocks are
descended into; a lambda counts as part of the function that holds it.
"""
import argparse
import os
import re
import sys

PRODUCT_DIRS = ["checklists", "catalogue", "sync", "platform", "app"]
CONTAINER = re.compile(r"^(?:template\s*<.*>\s*)?(?:namespace\b|(?:class|struct|union)\b[^(]*$|extern\s*\"C\")", re.S)
FUNCTION_NAME = re.compile(r"((?:[A-Za-z_~][\w]*\s*(?:<[^()]*?>)?\s*::\s*)*(?:operator\s*(?:\(\)|[^\s(]+)|[A-Za-z_~]\w*))\s*\(")
CTOR_INIT = re.compile(r"\)\s*(?:noexcept\s*)?:(?!:)")


def blank(text):
    """The text with comments, literals and preprocessor lines replaced by spaces; newlines kept."""
    out = []
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == "#":
            j = i
            while j < n and (text[j] != "\n" or text[j - 1] == "\\"):
                j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        if c == "\n":
            at_line_start = True
            out.append(c)
            i += 1
            continue
        if not c.isspace():
            at_line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        raw = re.match(r'(?:u8|u|U|L)?R"([^()\\\s]{0,16})\(', text[i:i + 24])
        if raw and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            close = ")" + raw.group(1) + '"'
            j = text.find(close, i + raw.end())
            j = n if j < 0 else j + len(close)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        if c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum():  # digit separator: 1'000'000
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else " " * (j - i))
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


def matching_brace(code, open_at):
    depth = 0
    for j in range(open_at, len(code)):
        if code[j] == "{":
            depth += 1
        elif code[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(code) - 1


def functions_in(code, start, end, found):
    """Appends (offset of the header, offset of the closing brace, name) for each definition."""
    header_at = start
    i = start
    while i < end:
        c = code[i]
        if c in ";}":
            header_at = i + 1
        elif c == "{":
            close = matching_brace(code, i)
            header = code[header_at:i].strip()
            before = code[header_at:i].rstrip()
            if CTOR_INIT.search(header) and before and (before[-1].isalnum() or before[-1] in "_>"):
                i = close + 1  # a member initialiser `x_{...}` inside a constructor's init list
                continue
            lead = len(code[header_at:i]) - len(code[header_at:i].lstrip())
            if CONTAINER.match(header):
                functions_in(code, i + 1, close, found)
            elif "(" in header and "=" not in header.split("(")[0]:
                name = FUNCTION_NAME.search(header)
                found.append((header_at + lead, close, re.sub(r"\s+", "", name.group(1)) if name else "?"))
            header_at = close + 1
            i = close + 1
            continue
        i += 1


def long_functions(path, limit):
    with open(path, encoding="utf-8", errors="replace") as f:
        code = blank(f.read())
    found = []
    functions_in(code, 0, len(code), found)
    for head, close, name in found:
        first = code.count("\n", 0, head) + 1
        length = code.count("\n", head, close) + 1
        if length > limit:
            yield first, name, length


def sources(paths):
    for root in paths:
        if os.path.isfile(root):
            yield root
            continue
        for folder, _, files in os.walk(root):
            for name in sorted(files):
                if name.endswith((".cpp", ".cc", ".h", ".hpp")):
                    yield os.path.join(folder, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=80, help="longest allowed function, in lines")
    parser.add_argument("paths", nargs="*", help="folders or files (default: the product parts)")
    args = parser.parse_args()
    paths = args.paths or [d for d in PRODUCT_DIRS if os.path.isdir(d)]
    rows = []
    for path in sources(paths):
        rows += [(length, path, line, name) for line, name, length in long_functions(path, args.max)]
    for length, path, line, name in sorted(rows, key=lambda r: (-r[0], r[1], r[2])):
        print(f"{path}:{line}: {name} {length}")
    return 1 if rows else 0


if __name__ == "__main__":
    sys.exit(main())
