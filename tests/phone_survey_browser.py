#!/usr/bin/env python3
"""Acceptance: the customer's own phone, walked in a real browser (Debian's chromium, headless, driven
by python3-selenium) against the real fieldcheck-depot on 127.0.0.1 and a real tablet store
(tests/programs/phone_tablet): the tablet seals a visit with a survey code, the phone page is filled
in by clicking, and the depot links the answers to the visit whichever arrives first; a wrong code,
a second submission and an expired link each get a clear page and store nothing.

Usage: phone_survey_browser.py FIELDCHECK_DEPOT PHONE_TABLET TEMPLATES_DIR
Exit 77 (skipped) when chromium, chromedriver or selenium is missing.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("skipped: python3-selenium is not installed")
    sys.exit(77)

DEPOT, TABLET, TEMPLATES = sys.argv[1], sys.argv[2], sys.argv[3]
CHROMEDRIVER = "/usr/bin/chromedriver"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args):
    out = subprocess.run(args, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({out.returncode}): {out.stderr}")
    return out.stdout.strip()


def fail(message):
    raise SystemExit("FAILED: " + message)


class Depot:
    def __init__(self, root):
        self.data = os.path.join(root, "depot")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        run(DEPOT, "template", "import", "--data", self.data, os.path.join(TEMPLATES, "fiber-modem-install-nl.json"))
        self.token = run(DEPOT, "token", "create", "--data", self.data, "--technician", "tech-phone")
        sheet = os.path.join(root, "sheet.csv")
        today = time.strftime("%Y-%m-%d", time.gmtime())
        with open(sheet, "w") as f:
            f.write("visit_id,technician_id,customer_name,address,job_id,window_start,window_end,template_id\n")
            for visit in ("V-phone-first", "V-record-first", "V-second"):
                f.write(f"{visit},tech-phone,Mevr. Proef,Proefstraat 1 Ede,J-{visit},{today}T06:00:00Z,{today}T20:00:00Z,"
                        "fiber-modem-install-nl\n")
            # A visit whose window ended 20 days ago: its link has expired.
            f.write("V-expired,tech-phone,Dhr. Oud,Oudeweg 2 Ede,J-old,2020-01-01T08:00:00Z,2020-01-01T10:00:00Z,"
                    "fiber-modem-install-nl\n")
        run(DEPOT, "assign", "--data", self.data, sheet)
        self.process = subprocess.Popen([DEPOT, "serve", "--data", self.data, "--listen", f"127.0.0.1:{self.port}",
                                         "--public-url", self.url], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True)
        if "listening" not in self.process.stdout.readline():
            fail("the depot did not start")

    def export(self):
        return json.loads(run(DEPOT, "export", "--data", self.data, "--format", "json"))["visits"]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def browser():
    if not os.path.exists(CHROMEDRIVER):
        print("skipped: chromium-driver is not installed")
        sys.exit(77)
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=nl"):
        options.add_argument(flag)
    # A Dutch phone: headless chromium ignores --lang for Accept-Language; the preference sets it.
    options.add_experimental_option("prefs", {"intl.accept_languages": "nl,en"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def fill_in(driver, link, scores):
    driver.get(link)
    if driver.find_elements(By.CSS_SELECTOR, "input:checked"):
        fail("a survey answer was pre-selected")
    for question, score in scores.items():
        driver.find_element(By.CSS_SELECTOR, f"input[name='q-{question}'][value='{score}']").click()
    driver.find_element(By.NAME, "q-comment").send_keys("Keurig geholpen")
    form = driver.find_element(By.TAG_NAME, "form")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # The click returns before the answer page loads: reading h1 at once can find the form's own
    # heading, gone a moment later (a stale element). Wait until the form's page has been replaced.
    WebDriverWait(driver, 20).until(expected_conditions.staleness_of(form))
    return driver.find_element(By.TAG_NAME, "h1").text


def status_of(url):
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as e:
        return e.code


def post_status(url, fields):
    data = urllib.parse.urlencode(fields).encode()
    try:
        return urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST"), timeout=10).status
    except urllib.error.HTTPError as e:
        return e.code


SCORES = {"rate-appointment": 2, "rate-arrival": 1, "rate-explanation": 2, "rate-result": 3}


def main():
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as root:
        depot = Depot(root)
        driver = browser()
        try:
            tablet = os.path.join(root, "tablet")
            run(TABLET, "enroll", tablet, depot.url, depot.token)
            # The phone first, then the record; and the record first, then the phone.
            link = run(TABLET, "seal", tablet, "V-phone-first")
            if fill_in(driver, link, SCORES) != "Dank u wel":
                fail("the phone page did not thank the customer")
            link_later = run(TABLET, "seal", tablet, "V-record-first")
            run(TABLET, "send", tablet)
            if fill_in(driver, link_later, SCORES) != "Dank u wel":
                fail("the phone page after the record did not thank the customer")
            # Back to an answered link: a clear page and no form; a second submission of the form
            # (sent again by the browser, or replayed) is refused with 409 and changes nothing.
            driver.get(link)
            if driver.find_element(By.TAG_NAME, "h1").text != "Al ingevuld" or driver.find_elements(By.TAG_NAME, "form"):
                fail("an answered link did not say so with a clear page")
            if post_status(link, {f"q-{q}": "5" for q in SCORES}) != 409:
                fail("a second submission was not refused")
            # A wrong code: the last character changed.
            wrong = link[:-1] + ("A" if link[-1] != "A" else "B")
            driver.get(wrong)
            if driver.find_element(By.TAG_NAME, "h1").text != "Deze link werkt niet" or status_of(wrong) != 404:
                fail(f"a wrong code was not refused: {driver.find_element(By.TAG_NAME, 'h1').text!r}, HTTP {status_of(wrong)}, {wrong}")
            expired = run(TABLET, "seal", tablet, "V-expired")
            driver.get(expired)
            if driver.find_element(By.TAG_NAME, "h1").text != "Deze link is verlopen" or status_of(expired) != 410:
                fail("an expired link was not refused")
            visits = {v["visit_id"]: v for v in depot.export()}
            for visit in ("V-phone-first", "V-record-first"):
                v = visits.get(visit)
                if not v or v["survey_channel"] != "phone_qr" or v["survey_status"] != "on_phone":
                    fail(f"{visit} is not linked to its phone survey: {v}")
                if v["scores"] != {"appointment": 2, "arrival": 1, "explanation": 2, "result": 3}:
                    fail(f"{visit} has the wrong scores: {v['scores']}")
                if v["survey_comment"] != "Keurig geholpen":
                    fail(f"{visit} has the wrong comment: {v['survey_comment']}")
        finally:
            driver.quit()
            depot.stop()
    print(f"phone survey in chromium: both orders linked, second, wrong and expired refused "
          f"({time.monotonic() - started:.1f} s)")


if __name__ == "__main__":
    main()
