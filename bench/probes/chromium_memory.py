#!/usr/bin/env python3
"""chromium_memory.py DIR: the memory baseline for app_pss. Debian's chromium under its own Xvfb (the
same 1280x800 screen the app's walk uses) shows a 60-question checklist page built from the
repository's own templates (every precheck, step, handover item and survey question, in turn, until
there are 60), with a yes/no/n.a. choice and a comment field per question, the way a web checklist
would. Sums PSS and USS over chromium's whole process tree, peak of samples over 6 s after the page
loaded, and prints chromium_pss and chromium_uss in MiB."""
import html
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
QUESTIONS = 60


def questions():
    texts = []
    for path in sorted((ROOT / "templates").glob("*-en.json")):
        t = json.loads(path.read_text())
        for part in ("prechecks", "steps", "handover", "survey"):
            for item in t.get(part, []):
                texts.append(item.get("title") or item.get("text") or item.get("question") or item.get("id"))
    texts = [t for t in texts if t]
    return [texts[i % len(texts)] for i in range(QUESTIONS)]


def page(items):
    rows = []
    for i, q in enumerate(items):
        name = f"q{i}"
        choices = "".join(f'<label><input type="radio" name="{name}" value="{v}"> {v}</label>' for v in ("yes", "no", "n.a."))
        rows.append(f'<li><p>{html.escape(q)}</p>{choices}<input type="text" name="{name}-comment" placeholder="comment"></li>')
    return ("<!doctype html><html><head><meta charset='utf-8'><title>Checklist</title><style>"
            "body{font:18px sans-serif;margin:2em} li{margin:1em 0;padding:.5em;border:1px solid #ccc}"
            "label{margin-right:1.5em} input[type=text]{display:block;width:90%;font-size:18px}</style></head><body>"
            "<h1>Visit checklist</h1><p id='progress'></p><form><ol>" + "".join(rows) + "</ol>"
            "<button type='submit'>Submit</button></form><script>"
            "const f=document.forms[0];function count(){const n=new Set([...f.querySelectorAll('input[type=radio]:checked')]"
            ".map(e=>e.name)).size;document.getElementById('progress').textContent=n+' of " + str(QUESTIONS) + " answered';}"
            "f.addEventListener('change',count);count();</script></body></html>")


def tree(root_pid):
    """root_pid and every descendant, from /proc."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def memory_kib(pids):
    pss = uss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                key, _, rest = line.partition(":")
                if key == "Pss":
                    pss += int(rest.split()[0])
                elif key in ("Private_Clean", "Private_Dirty"):
                    uss += int(rest.split()[0])
        except (OSError, ValueError):
            pass
    return pss, uss


def start_xvfb():
    """Xvfb on the first free display; it writes the display's number to the pipe when it is ready."""
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        number = ready.readline().strip()
    if not number:
        xvfb.kill()
        raise SystemExit("chromium_memory: Xvfb did not start")
    return xvfb, ":" + number


def main():
    work = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp())
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "checklist.html").write_text(page(questions()))
    xvfb, display = start_xvfb()
    chromium = None
    try:
        env = dict(os.environ, DISPLAY=display)
        chromium = subprocess.Popen(
            ["chromium", "--no-sandbox", "--no-first-run", "--no-default-browser-check", "--disable-sync",
             f"--user-data-dir={work / 'profile'}", "--window-size=1280,800", "--window-position=0,0",
             (work / "checklist.html").as_uri()],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(6)  # started, page loaded and drawn
        peak_pss = peak_uss = 0
        for _ in range(12):
            pss, uss = memory_kib(tree(chromium.pid))
            peak_pss, peak_uss = max(peak_pss, pss), max(peak_uss, uss)
            time.sleep(0.5)
        if chromium.poll() is not None:
            raise SystemExit(f"chromium_memory: chromium exited early ({chromium.returncode})")
    finally:
        if chromium is not None:
            try:
                os.killpg(chromium.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            chromium.wait(timeout=20)
        xvfb.terminate()
        xvfb.wait()
    print(f"chromium_memory: the chromium process tree's peak PSS {peak_pss // 1024} MiB, USS {peak_uss // 1024} MiB")
    print(f"FIGURE chromium_pss {peak_pss / 1024:.1f} MiB")
    print(f"FIGURE chromium_uss {peak_uss / 1024:.1f} MiB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
