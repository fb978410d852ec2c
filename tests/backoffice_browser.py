#!/usr/bin/env python3
"""Acceptance of issue 14: the depot's back office walked in a real browser (Debian's chromium,
headless, driven by python3-selenium) against the real fieldcheck-depot on 127.0.0.1, filled by the
real ingest (tests/programs/office_seed) with a year's visits and one whose names are markup.

An admin logs in (the login page first, the page asked for after), filters the visits, opens one,
uploads a broken template and reads its problems with their JSON paths; every page shows the hostile
names as text (no alert, no injected element); a helpdesk account in Dutch is refused the templates
page; logout ends the session. Screenshots of each page go to SCREENSHOTS.

Usage: backoffice_browser.py FIELDCHECK_DEPOT OFFICE_SEED SCREENSHOTS
"""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("skipped: python3-selenium is not installed")
    sys.exit(77)

DEPOT, SEED, SHOTS = sys.argv[1], sys.argv[2], sys.argv[3]
CHROMEDRIVER = "/usr/bin/chromedriver"
PASSWORD = "browser test password"
HOSTILE_CUSTOMER = "<script>alert('klant')</script>"


def fail(message):
    raise SystemExit("FAILED: " + message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args, stdin=None):
    out = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        fail(f"{' '.join(args)} failed ({out.returncode}): {out.stderr}")
    return out.stdout.strip()


class Depot:
    def __init__(self, root):
        self.data = os.path.join(root, "depot")
        run(SEED, self.data, "60", "hostile")
        run(DEPOT, "user", "add", "anna", "--role", "admin", "--language", "en", "--data", self.data, stdin=PASSWORD + "\n")
        run(DEPOT, "user", "add", "henk", "--role", "helpdesk", "--language", "nl", "--data", self.data, stdin=PASSWORD + "\n")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([DEPOT, "serve", "--data", self.data, "--listen", f"127.0.0.1:{self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        fail("the depot did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def browser():
    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--lang=en-US"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def wait_for(driver, condition, what):
    try:
        return WebDriverWait(driver, 15).until(condition)
    except Exception:
        fail(f"{what}; the page was {driver.current_url}:\n{driver.page_source[:3000]}")


def no_injection(driver, where):
    try:
        driver.switch_to.alert
        fail(f"{where}: an alert opened: the hostile name ran as script")
    except NoAlertPresentException:
        pass
    if driver.find_elements(By.CSS_SELECTOR, "img[src=x], main script, body script"):
        fail(f"{where}: a hostile name became an element")


def shot(driver, name):
    os.makedirs(SHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SHOTS, f"backoffice-{name}.png"))


def login(driver, url, name, path="/visits"):
    driver.get(url + path)
    wait_for(driver, lambda d: "/login" in d.current_url, f"{path} without a session did not lead to the login")
    driver.find_element(By.NAME, "name").send_keys(name)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for(driver, lambda d: d.current_url.startswith(url + path), f"the login did not lead back to {path}")


def walk_visits(driver, url):
    heading = driver.find_element(By.TAG_NAME, "h1").text
    if "Visits" not in heading:
        fail(f"the visits page's heading is {heading!r}")
    Select(driver.find_element(By.NAME, "technician")).select_by_value("tech-02")
    driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    wait_for(driver, lambda d: "technician=tech-02" in d.current_url, "the filter did not reach the address")
    rows = driver.find_elements(By.CSS_SELECTOR, "table tbody tr")
    if not rows:
        fail("the filtered list is empty")
    if any("Monteur 01" in r.text or "Monteur 03" in r.text for r in rows):
        fail("the technician filter let another technician's visit through")
    shot(driver, "visits")
    driver.get(url + "/visits?technician=tech-01")  # the hostile visit is tech-01's, and the oldest
    page = driver.page_source
    if HOSTILE_CUSTOMER in page:
        fail("the hostile customer name is in the list's markup unescaped")
    no_injection(driver, "/visits")
    link = driver.find_element(By.CSS_SELECTOR, "a[href='/visits/V-hostile']")
    link.click()
    wait_for(driver, lambda d: d.current_url.endswith("/visits/V-hostile"), "the visit did not open")
    if HOSTILE_CUSTOMER not in driver.find_element(By.TAG_NAME, "body").text:
        fail("the hostile customer's name is not shown as text on the visit page")
    no_injection(driver, "/visits/V-hostile")
    driver.get(url + "/visits/V-100010")
    wait_for(driver, expected_conditions.presence_of_element_located((By.TAG_NAME, "h1")), "a visit did not open")
    shot(driver, "visit")


def upload_broken_template(driver, url, root):
    broken = os.path.join(root, "broken-template.json")
    with open(broken, "w", encoding="utf-8") as f:
        f.write('{"format": 3, "id": "broken", "version": 1, "title": "", "language": "xx", '
                '"steps": [{"id": "a", "kind": "teleport", "title": "Beam the modem"}]}')
    driver.get(url + "/templates")
    driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(broken)
    driver.find_element(By.CSS_SELECTOR, "form[enctype='multipart/form-data'] button[type=submit]").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".problem, .problems tr"), "no problems were listed")
    text = driver.find_element(By.TAG_NAME, "body").text
    if "$.steps[0]" not in text:
        fail(f"the problems do not name the JSON path of the broken step:\n{text[:2000]}")
    shot(driver, "template-problems")


def main():
    with tempfile.TemporaryDirectory() as root:
        depot = Depot(root)
        driver = browser()
        try:
            login(driver, depot.url, "anna")
            walk_visits(driver, depot.url)
            upload_broken_template(driver, depot.url, root)
            for page in ("satisfaction", "failures", "integrity", "devices", "planning", "users"):
                driver.get(f"{depot.url}/{page}")
                wait_for(driver, expected_conditions.presence_of_element_located((By.TAG_NAME, "h1")), f"/{page} did not open")
                no_injection(driver, f"/{page}")
                shot(driver, page)
            driver.find_element(By.CSS_SELECTOR, "form.logout button").click()
            wait_for(driver, lambda d: "/login" in d.current_url, "logout did not lead to the login")
            driver.get(depot.url + "/visits")
            wait_for(driver, lambda d: "/login" in d.current_url, "after logout the visits still opened")
            driver.delete_all_cookies()
            login(driver, depot.url, "henk")
            driver.get(depot.url + "/templates")
            if "Niet voor uw rol" not in driver.find_element(By.TAG_NAME, "body").text:
                fail("a helpdesk account opened the templates page, or was not told why not in Dutch")
        finally:
            driver.quit()
            depot.stop()
    print("ok: logged in, filtered, opened a visit, read a broken template's problems; hostile names stayed text")


if __name__ == "__main__":
    main()
