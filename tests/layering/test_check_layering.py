#!/usr/bin/env python3
"""The layering check can fail: fake trees with one crossing each, under the real docs/architecture.md.

Each case builds a small tree in a temporary folder (the real rules copied in), runs check_layering.py
on it as ctest does, and expects exit 1 and the exact line it must print, or exit 0 for a clean tree.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CHECK = os.path.join(HERE, "check_layering.py")
sys.path.insert(0, HERE)
import check_layering  # noqa: E402  (the rules' reasons, so the expected lines follow the doc's wording)

with open(os.path.join(ROOT, "docs", "architecture.md"), encoding="utf-8") as doc:
    RULES = check_layering.Rules(doc.read(), "docs/architecture.md")


def forbidden(where, part, verb, what, other):
    return f"{where}: {part} must not {verb} {what} ({part} -> {other} is forbidden: {RULES.why_not(part, other)})"


class FakeTree:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="layering-")
        os.makedirs(os.path.join(self.root, "docs"))
        shutil.copy(os.path.join(ROOT, "docs", "architecture.md"), os.path.join(self.root, "docs"))
        self.write("checklists/visit.h", "#pragma once\n")
        self.write("sync/store/device_store.h", '#pragma once\n#include "checklists/visit.h"\n')
        self.write("sync/depot/depot_store.h", "#pragma once\n#include <sqlite3.h>\n")

    def write(self, path, text):
        full = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
        return full

    def check(self, *extra):
        done = subprocess.run([sys.executable, CHECK, "--root", self.root, *extra],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        return done.returncode, done.stdout.splitlines(), done.stderr

    def remove(self):
        shutil.rmtree(self.root)


class LayeringCheckFails(unittest.TestCase):
    def setUp(self):
        self.tree = FakeTree()

    def tearDown(self):
        self.tree.remove()

    def test_a_clean_tree_passes(self):
        self.tree.write("sync/store/device_store.cpp", '#include "device_store.h"\n#include <sqlite3.h>\n')
        self.tree.write("app/tablet/model.cpp", '#include "sync/store/device_store.h"\n#include <imgui.h>\n')
        code, out, err = self.tree.check()
        self.assertEqual(code, 0, out + [err])

    def test_the_core_must_not_include_sqlite(self):
        self.tree.write("checklists/visit_rules.cpp", '#include "visit.h"\n\n#include <sqlite3.h>\n')
        code, out, _ = self.tree.check()
        self.assertEqual(code, 1)
        self.assertEqual(out, [forbidden("checklists/visit_rules.cpp:3", "checklists", "include", "<sqlite3.h>",
                                         "SQLite")])

    def test_the_core_must_not_include_a_store_gui_or_tls(self):
        self.tree.write("checklists/seal.cpp", '#include "sync/store/device_store.h"\n#include <imgui.h>\n'
                                               '#include <openssl/ssl.h>\n#include <openssl/evp.h>\n')
        code, out, _ = self.tree.check()
        self.assertEqual(code, 1)
        self.assertEqual(out, [
            forbidden("checklists/seal.cpp:1", "checklists", "include", '"sync/store/device_store.h"', "device_store"),
            forbidden("checklists/seal.cpp:2", "checklists", "include", "<imgui.h>", "GUI"),
            forbidden("checklists/seal.cpp:3", "checklists", "include", "<openssl/ssl.h>", "TLS"),
        ])

    def test_the_depot_must_not_include_the_device_store_or_a_screen(self):
        self.tree.write("app/tablet/strings.h", "#pragma once\n")
        self.tree.write("sync/depot/routes/visits.cpp", '#include "sync/store/device_store.h"\n'
                                                        '#include "app/tablet/strings.h"\n')
        code, out, _ = self.tree.check()
        self.assertEqual(code, 1)
        self.assertEqual(out, [
            forbidden("sync/depot/routes/visits.cpp:1", "depot", "include", '"sync/store/device_store.h"',
                      "device_store"),
            forbidden("sync/depot/routes/visits.cpp:2", "depot", "include", '"app/tablet/strings.h"', "tablet-app"),
        ])

    def test_the_tablet_must_not_include_the_depot_nor_the_platform_a_visit(self):
        self.tree.write("app/screens/today_screen.cpp", '#include "sync/depot/depot_store.h"\n')
        self.tree.write("platform/fonts.cpp", '#include "checklists/visit.h"\n')
        code, out, _ = self.tree.check()
        self.assertEqual(code, 1)
        self.assertEqual(out, [
            forbidden("app/screens/today_screen.cpp:1", "tablet-app", "include", '"sync/depot/depot_store.h"',
                      "depot"),
            forbidden("platform/fonts.cpp:1", "platform", "include", '"checklists/visit.h"', "checklists"),
        ])

    def test_a_file_in_no_part_fails(self):
        self.tree.write("sync/outbox/outbox.cpp", "int x;\n")
        code, out, _ = self.tree.check()
        self.assertEqual(code, 1)
        self.assertEqual(out, ["sync/outbox/outbox.cpp:1: belongs to no part of docs/architecture.md "
                               "(name its part there, with its arrows)"])

    def test_a_forbidden_link_fails_at_its_cmake_line(self):
        self.tree.write("app/CMakeLists.txt", "add_library(app STATIC a.cpp)\n"
                                              "target_link_libraries(app PUBLIC sync_client\n  depot platform)\n")
        dot = self.tree.write("graph.dot", 'digraph "fieldcheck" {\n'
                                           '    "node0" [ label = "app", shape = octagon ];\n'
                                           '    "node1" [ label = "depot", shape = octagon ];\n'
                                           '    "node2" [ label = "sync_client", shape = octagon ];\n'
                                           '    "node0" -> "node2"  // app -> sync_client\n'
                                           '    "node0" -> "node1"  // app -> depot\n}\n')
        code, out, _ = self.tree.check("--graphviz", dot)
        self.assertEqual(code, 1)
        self.assertEqual(out, [forbidden("app/CMakeLists.txt:2", "tablet-app", "link", "depot (target app)", "depot")])

    def test_the_depot_program_must_not_compile_a_tablet_file(self):
        demo = self.tree.write("app/tablet/demo_day.cpp", "int demo;\n")
        commands = self.tree.write("build/compile_commands.json", json.dumps([{
            "directory": os.path.join(self.tree.root, "build", "app"),
            "command": "c++ -o CMakeFiles/fieldcheck-depot.dir/tablet/demo_day.cpp.o -c " + demo,
            "file": demo}]))
        code, out, _ = self.tree.check("--compile-commands", commands)
        self.assertEqual(code, 1)
        self.assertEqual(out, [forbidden("app/tablet/demo_day.cpp:1", "depot-app", "compile", "app/tablet/demo_day.cpp",
                                         "tablet-app")])

    def test_rules_that_contradict_themselves_are_refused(self):
        doc = os.path.join(self.tree.root, "docs", "architecture.md")
        with open(doc, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("use checklists     -> libcrypto", "use checklists     -> libcrypto SQLite")
        text = text.replace("never checklists   -> *", "never checklists   -> SQLite : no SQL\nnever checklists   -> *")
        with open(doc, "w", encoding="utf-8") as f:
            f.write(text)
        code, _, err = self.tree.check()
        self.assertEqual(code, 2)
        self.assertIn("checklists -> SQLite is both an arrow and forbidden", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
