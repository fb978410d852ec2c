#!/usr/bin/env python3
"""Acceptance (issue 13): the depot's receipt PDF is the tablet's, byte for byte, for every demo template.

The real fieldcheck-depot serves on 127.0.0.1; a real tablet store (tests/programs/receipt_tablet)
enrolls, seals one visit per demo template and outcome with the receipt facts the tablet app seals,
and sends them; then `GET /r/{visit}/{code}.pdf` (A4 and 80 mm) from the depot must equal what the
real `fieldcheck receipt DIR VISIT` binary writes from the tablet's store.

Usage: receipt_byte_identity.py FIELDCHECK FIELDCHECK_DEPOT RECEIPT_TABLET TEMPLATES_DIR
"""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

FIELDCHECK, DEPOT, TABLET, TEMPLATES = sys.argv[1:5]
# Each outcome the receipt words differently: answered here, on the phone, declined, and closed as not
# possible on a blocking precheck (the receipt sealed before the close the rules demand).
OUTCOMES = ("submit", "phone", "decline", "not-possible")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args, binary=False):
    out = subprocess.run(args, capture_output=True, timeout=120)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({out.returncode}): {out.stderr.decode(errors='replace')}")
    return out.stdout if binary else out.stdout.decode().strip()


def fail(message):
    raise SystemExit("FAILED: " + message)


def demo_templates():
    return sorted(name[:-len(".json")] for name in os.listdir(TEMPLATES) if name.endswith(".json"))


class Depot:
    def __init__(self, root, templates):
        self.data = os.path.join(root, "depot")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        for t in templates:
            run(DEPOT, "template", "import", "--data", self.data, os.path.join(TEMPLATES, t + ".json"))
        self.token = run(DEPOT, "token", "create", "--data", self.data, "--technician", "tech-receipt")
        sheet = os.path.join(root, "sheet.csv")
        today = time.strftime("%Y-%m-%d", time.gmtime())
        self.visits = []
        with open(sheet, "w") as f:
            f.write("visit_id,technician_id,technician_name,customer_name,address,job_id,window_start,window_end,"
                    "template_id\n")
            for t in templates:
                for outcome in OUTCOMES:
                    visit = f"V-{t}-{outcome}"
                    self.visits.append((visit, t, outcome))
                    f.write(f"{visit},tech-receipt,Sanne de Vries,Mevr. Jansen-Çelik,Kerkstraat 1 Ede,J-{visit},"
                            f"{today}T06:00:00Z,{today}T20:00:00Z,{t}\n")
        run(DEPOT, "assign", "--data", self.data, sheet)
        run(DEPOT, "settings", "--data", self.data, "--company", "Glasvezel Oost", "--helpdesk", "088 123 4567")
        self.process = subprocess.Popen([DEPOT, "serve", "--data", self.data, "--listen", f"127.0.0.1:{self.port}",
                                         "--public-url", self.url], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True)
        if "listening" not in self.process.stdout.readline():
            fail("the depot did not start")

    def get(self, path):
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as answer:
                return answer.status, answer.headers.get("Content-Type", ""), answer.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type", ""), e.read()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def compare(depot, tablet, visit, code, paper):
    mine = run(FIELDCHECK, "receipt", tablet, visit, "--paper", paper, "-o", "-", binary=True)
    if not mine.startswith(b"%PDF-"):
        fail(f"{visit}: `fieldcheck receipt --paper {paper}` wrote no PDF")
    status, kind, theirs = depot.get(f"/r/{visit}/{code}.pdf?paper={paper}")
    if status != 200 or not kind.startswith("application/pdf"):
        fail(f"{visit}: GET /r/{visit}/…pdf?paper={paper} answered {status} {kind}")
    if mine != theirs:
        at = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
        fail(f"{visit} ({paper}): the depot's PDF ({len(theirs)} bytes) differs from the tablet's ({len(mine)} bytes)"
             f" from byte {at}")
    return len(mine)


def main():
    templates = demo_templates()
    if not templates:
        fail("no demo templates in " + TEMPLATES)
    with tempfile.TemporaryDirectory() as root:
        depot = Depot(root, templates)
        try:
            tablet = os.path.join(root, "tablet")
            run(TABLET, "enroll", tablet, depot.url, depot.token)
            codes = {visit: run(TABLET, "seal", tablet, visit, outcome) for visit, _, outcome in depot.visits}
            run(TABLET, "send", tablet)
            # The kept PDF of the seal: the one the tablet app keeps is the same rendering.
            for visit, template, outcome in depot.visits:
                a4 = compare(depot, tablet, visit, codes[visit], "a4")
                roll = compare(depot, tablet, visit, codes[visit], "80mm")
                print(f"ok {template} {outcome}: A4 {a4} bytes, 80 mm {roll} bytes, identical")
        finally:
            depot.stop()
    print(f"receipt_byte_identity: {len(depot.visits)} visits of {len(templates)} demo templates, byte-identical")


if __name__ == "__main__":
    main()
