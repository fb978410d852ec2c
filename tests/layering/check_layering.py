#!/usr/bin/env python3
"""Fails when an #include, a link or a compiled file crosses the layering of docs/architecture.md.

Usage:
  check_layering.py [--root DIR] [--rules FILE] [--build-dir DIR [--cmake CMAKE] [--cmake-arg=-DX=Y ...]]
                    [--graphviz FILE] [--compile-commands FILE]

The rules are the ```layering block of docs/architecture.md (parts, libraries, arrows, and why the
forbidden ones are forbidden); this script holds none of its own. It checks
  - every `#include "..."` and `#include <...>` of product code (the folders of the parts),
  - every link of a part's CMake target, from CMake's --graphviz output,
  - every source a part's target compiles, from compile_commands.json,
and prints each violation as
  file:line: A must not include H (A -> B is forbidden: why)
Exit status: 0 clean, 1 violations, 2 the rules or the build could not be read.

With --build-dir it configures a scratch build of --root there to get the link graph and the compile
commands: a fresh configure sees the CMakeLists as they are, and never regenerates the build tree that
ctest runs from.
"""
import argparse
import fnmatch
import json
import os
import re
import subprocess
import sys

SOURCE_ENDINGS = (".h", ".hpp", ".hh", ".cpp", ".cc", ".cxx", ".inc", ".ipp", ".def", ".tcc")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


class RulesError(Exception):
    pass


class Rules:
    """The parts, libraries and arrows of the ```layering block, and the answers they give."""

    def __init__(self, text, source):
        self.source = source
        self.parts = {}        # name -> list of folders (or files), relative to the root
        self.part_targets = {}  # CMake target -> part
        self.libs = {}         # name -> header patterns
        self.lib_targets = {}  # imported CMake target -> lib
        self.uses = {}         # name -> names it points at
        self.never = {}        # (from, to or "*") -> why
        self._read(text)
        self._check()

    def _read(self, text):
        block = re.search(r"^```layering\s*\n(.*?)^```", text, re.S | re.M)
        if not block:
            raise RulesError(f"{self.source}: no ```layering block")
        first_line = text[:block.start(1)].count("\n") + 1
        for offset, line in enumerate(block.group(1).splitlines()):
            line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
            if line:
                self._read_line(line, f"{self.source}:{first_line + offset}")

    def _read_line(self, line, where):
        kind, _, rest = line.partition(" ")
        if kind in ("part", "lib"):
            fields = [f.strip() for f in rest.split("|")]
            if len(fields) != 3 or not fields[0]:
                raise RulesError(f"{where}: expected `{kind} NAME | ... | targets`")
            name, members, targets = fields[0], fields[1].split(), fields[2].split()
            if name in self.parts or name in self.libs:
                raise RulesError(f"{where}: {name} is named twice")
            (self.parts if kind == "part" else self.libs)[name] = members
            for target in targets:
                (self.part_targets if kind == "part" else self.lib_targets)[target] = name
        elif kind == "use":
            source, arrow, targets = rest.partition("->")
            if not arrow:
                raise RulesError(f"{where}: expected `use A -> B C`")
            self.uses.setdefault(source.strip(), set()).update(targets.split())
        elif kind == "never":
            arrow, colon, why = rest.partition(":")
            source, dash, target = arrow.partition("->")
            if not dash or not colon or not why.strip():
                raise RulesError(f"{where}: expected `never A -> B : why`")
            self.never[(source.strip(), target.strip())] = why.strip()
        else:
            raise RulesError(f"{where}: unknown line `{line}`")

    def _check(self):
        """The block must not contradict itself, and every forbidden arrow must say why."""
        names = set(self.parts) | set(self.libs)
        for source, targets in self.uses.items():
            for name in targets | {source}:
                if name not in (self.parts if name == source else names):
                    raise RulesError(f"{self.source}: `use {source} -> ...` names {name}, which is no part or lib")
        for (source, target), why in self.never.items():
            if source not in self.parts or (target != "*" and target not in names):
                raise RulesError(f"{self.source}: `never {source} -> {target}` names no part or lib")
            if target != "*" and self.allows(source, target):
                raise RulesError(f"{self.source}: {source} -> {target} is both an arrow and forbidden ({why})")
        for part in self.parts:
            if (part, "*") not in self.never:
                raise RulesError(f"{self.source}: part {part} has no `never {part} -> * : why` line")

    def reach(self, part):
        """The parts an arrow path leads to from part, part included."""
        seen, todo = {part}, [part]
        while todo:
            for name in self.uses.get(todo.pop(), ()):
                if name in self.parts and name not in seen:
                    seen.add(name)
                    todo.append(name)
        return seen

    def allows(self, source, target):
        if target in self.libs:
            return target in self.uses.get(source, set())
        return target in self.reach(source)

    def why_not(self, source, target):
        return self.never.get((source, target)) or self.never[(source, "*")]

    def part_of(self, path):
        """The part whose folder (or file) holds path, the longest match winning; None if none."""
        best, best_length = None, -1
        for part, members in self.parts.items():
            for member in members:
                if (path == member or path.startswith(member.rstrip("/") + "/")) and len(member) > best_length:
                    best, best_length = part, len(member)
        return best

    def product_roots(self):
        return sorted({member.split("/")[0] for members in self.parts.values() for member in members})

    def lib_of_header(self, header):
        for lib, patterns in self.libs.items():
            if any(fnmatch.fnmatchcase(header, pattern) for pattern in patterns):
                return lib
        return None


class Report:
    def __init__(self, rules):
        self.rules = rules
        self.violations = []
        self.counts = {"files": 0, "includes": 0, "links": 0, "compiled": 0}

    def crossing(self, where, source, verb, what, target):
        why = self.rules.why_not(source, target)
        self.violations.append(f"{where}: {source} must not {verb} {what} ({source} -> {target} is forbidden: {why})")

    def add(self, line):
        self.violations.append(line)


def product_files(root, rules):
    for top in rules.product_roots():
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(SOURCE_ENDINGS):
                    yield os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")


def included_path(root, including, header, quoted):
    """The repository path an include names, or None when it names no file of ours."""
    candidates = [os.path.join(os.path.dirname(including), header)] if quoted else []
    candidates.append(header)
    for candidate in candidates:
        path = os.path.normpath(candidate).replace(os.sep, "/")
        if not path.startswith("../") and os.path.isfile(os.path.join(root, path)):
            return path
    return None


def check_includes(root, rules, report):
    roots = rules.product_roots()
    for path in product_files(root, rules):
        report.counts["files"] += 1
        part = rules.part_of(path)
        if part is None:
            report.add(f"{path}:1: belongs to no part of {rules.source} (name its part there, with its arrows)")
            continue
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                match = INCLUDE.match(line)
                if match:
                    report.counts["includes"] += 1
                    check_include(root, rules, report, f"{path}:{number}", part, match, roots)


def check_include(root, rules, report, where, part, match, roots):
    quoted, header = match.group(1) == '"', match.group(2).strip()
    written = f'"{header}"' if quoted else f"<{header}>"
    own = included_path(root, where.rsplit(":", 1)[0], header, quoted)
    if own is None and header.split("/")[0] in roots and "/" in header:
        own = os.path.normpath(header)  # a file of ours that does not exist (yet): judge it by its folder
    if own is not None:
        target = rules.part_of(own)
        top = own.split("/")[0]
        if target is None and top in roots:
            report.add(f"{where}: {part} includes {written}, which belongs to no part of {rules.source}")
        elif target is None and top in ("tests", "bench"):
            report.add(f"{where}: {part} must not include {written} (product code includes nothing from {top}/)")
        elif target is not None and target != part and not rules.allows(part, target):
            report.crossing(where, part, "include", written, target)
        return
    lib = rules.lib_of_header(header)
    if lib is not None and not rules.allows(part, lib):
        report.crossing(where, part, "include", written, lib)


def read_graphviz(path):
    """(source label, target label) for every edge of CMake's --graphviz output."""
    labels, edges = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            node = re.match(r'\s*"(node\d+)"\s*\[\s*label\s*=\s*"([^"]*)"', line)
            if node:
                labels[node.group(1)] = node.group(2)
            edge = re.match(r'\s*"(node\d+)"\s*->\s*"(node\d+)"', line)
            if edge:
                edges.append(edge.groups())
    return [(labels.get(a, a), labels.get(b, b)) for a, b in edges]


def link_calls(root):
    """(file, first line, target, text) of every target_link_libraries call in the tree's CMakeLists."""
    calls = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "build")))
        for name in files:
            if name == "CMakeLists.txt" or name.endswith(".cmake"):
                path = os.path.join(folder, name)
                text = open(path, encoding="utf-8", errors="replace").read()
                for call in re.finditer(r"target_link_libraries\s*\(\s*([^\s)]+)([^)]*)\)", text):
                    calls.append((os.path.relpath(path, root), text.count("\n", 0, call.start()) + 1,
                                  call.group(1), call.group(0)))
    return calls


def check_links(root, rules, report, graphviz):
    calls = link_calls(root)
    for source, target in read_graphviz(graphviz):
        part = rules.part_targets.get(source)
        other = rules.part_targets.get(target) or rules.lib_targets.get(target)
        if part is None or other is None:
            continue
        report.counts["links"] += 1
        if other != part and not rules.allows(part, other):
            where = next((f"{file}:{line}" for file, line, name, text in calls
                          if name == source and re.search(rf"(?<![\w:]){re.escape(target)}(?![\w:])", text)),
                         graphviz)
            report.crossing(where, part, "link", f"{target} (target {source})", other)


def check_compiled(root, rules, report, compile_commands):
    with open(compile_commands, encoding="utf-8") as f:
        entries = json.load(f)
    real_root = os.path.realpath(root)
    for entry in entries:
        source = os.path.realpath(os.path.join(entry.get("directory", ""), entry["file"]))
        output = entry.get("output") or " ".join(entry.get("arguments", [])) or entry.get("command", "")
        target = re.search(r"CMakeFiles/([^/]+)\.dir/", output)
        part = rules.part_targets.get(target.group(1)) if target else None
        if part is None or not source.startswith(real_root + os.sep):
            continue
        path = os.path.relpath(source, real_root).replace(os.sep, "/")
        owner = rules.part_of(path)
        if owner is None or path.split("/")[0] not in rules.product_roots():
            continue
        report.counts["compiled"] += 1
        if owner == part:
            continue
        if rules.allows(part, owner):
            report.add(f"{path}:1: {part} must not compile {path} (it belongs to {owner}: link {owner} instead)")
        else:
            report.crossing(f"{path}:1", part, "compile", path, owner)


def configure_scratch(root, build_dir, cmake, cmake_args):
    """Configures root in build_dir; returns (graphviz file, compile_commands.json)."""
    os.makedirs(build_dir, exist_ok=True)
    graphviz = os.path.join(build_dir, "layering.dot")
    command = [cmake, "-S", root, "-B", build_dir, f"--graphviz={graphviz}"] + cmake_args
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise RulesError(f"configuring {root} in {build_dir} failed:\n{done.stdout}")
    return graphviz, os.path.join(build_dir, "compile_commands.json")


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")))
    parser.add_argument("--rules", help="default: ROOT/docs/architecture.md")
    parser.add_argument("--build-dir", help="configure a scratch build here to read links and compiled files")
    parser.add_argument("--cmake", default="cmake")
    parser.add_argument("--cmake-arg", action="append", default=[], help="passed to the scratch configure")
    parser.add_argument("--graphviz", help="CMake --graphviz output to read the links from")
    parser.add_argument("--compile-commands", help="compile_commands.json to read the compiled files from")
    args = parser.parse_args(argv)
    root = os.path.abspath(args.root)
    rules_path = args.rules or os.path.join(root, "docs", "architecture.md")
    try:
        with open(rules_path, encoding="utf-8") as f:
            rules = Rules(f.read(), os.path.relpath(rules_path, root))
        graphviz, compile_commands = args.graphviz, args.compile_commands
        if args.build_dir:
            graphviz, compile_commands = configure_scratch(root, args.build_dir, args.cmake, args.cmake_arg)
    except (OSError, RulesError) as problem:
        print(f"layering: {problem}", file=sys.stderr)
        return 2
    report = Report(rules)
    check_includes(root, rules, report)
    if graphviz:
        check_links(root, rules, report, graphviz)
    if compile_commands and os.path.isfile(compile_commands):
        check_compiled(root, rules, report, compile_commands)
    for line in sorted(set(report.violations)):
        print(line)
    counted = ", ".join(f"{n} {what}" for what, n in report.counts.items())
    if report.violations:
        print(f"layering: {len(set(report.violations))} crossing(s) of {rules.source} ({counted} checked)",
              file=sys.stderr)
        return 1
    print(f"layering: nothing crosses {rules.source} ({counted} checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
