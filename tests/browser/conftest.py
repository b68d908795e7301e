"""Real-browser accessibility harness: Chromium (Playwright), axe-core and the Nu HTML Checker.

Prerequisites (installed by CI, see tests/browser/package.json):

    apt-get install -y chromium default-jre-headless
    npm ci --prefix tests/browser

Tests marked ``browser`` are skipped with the reason when a prerequisite is missing, unless
``REQUIRE_BROWSER=1`` is set (as in CI): then they fail instead, so a broken install cannot
pass unnoticed.

To check a new page, add its path to ``PUBLIC_PAGES`` in test_pages_accessible.py, or call the
``check_accessibility`` fixture from a new test: ``check_accessibility(page, "/some/path/")``.
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - only on machines without the dev extras
    sync_playwright = None

from tests.processes import free_port, stop

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}

# The WCAG 2.1 level A and AA rules; best-practice rules are not part of the gate.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# How many failing elements of each axe rule the failure message names.
AXE_TARGETS_SHOWN = 3

VNU_START_TIMEOUT = 90  # seconds; the checker usually answers after about 4 s.


def _require_browser():
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}


def _missing_prerequisites():
    missing = []
    if sync_playwright is None:
        missing.append("the playwright Python package (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install -y chromium)")
    if not shutil.which("java"):
        missing.append("java (apt-get install -y default-jre-headless)")
    for path in (AXE_JS, VNU_JAR):
        if not path.exists():
            missing.append(f"{path.relative_to(HERE)} (npm ci --prefix tests/browser)")
    return missing


def pytest_runtest_setup(item):
    if item.get_closest_marker("browser") is None:
        return
    missing = _missing_prerequisites()
    if not missing:
        return
    reason = "browser test prerequisites missing: " + "; ".join(missing)
    if _require_browser():
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1, so this is a failure, not a skip)")
    pytest.skip(reason)


# --- Browser ------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def _playwright():
    # Playwright's sync API keeps an asyncio loop running in this thread for as long as it is
    # open, which makes Django's async-safety guard refuse ORM calls from the test (and from
    # transactional_db's flush). The loop never runs Django code, so the guard is a false alarm
    # here. Package scope (tests/browser/__init__.py) closes Playwright and restores the guard
    # after the last browser test, so the rest of the suite runs with the guard on and without
    # the variable (which `check --deploy` rejects).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh tab in a fresh context (no cookies) on a 1280 px desktop, in Danish.

    ``bypass_csp`` lets axe be injected despite the site's ``script-src 'self'``; the page's
    own CSP is otherwise unchanged. The locale is Danish, the site's default language, so the
    browser's Accept-Language does not switch the site to English behind the test's back.
    """
    context = browser.new_context(
        base_url=live_server.url,
        bypass_csp=True,
        locale="da-DK",
        viewport=DESKTOP_VIEWPORT,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


# --- axe-core -----------------------------------------------------------------------------

_AXE_RUN = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    targets: v.nodes.map((node) => node.target.join(' ')),
  }));
}
"""


def axe_violations(page):
    """Run axe-core (WCAG 2.1 A/AA) on the page as it is now; returns the violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_AXE_RUN, AXE_TAGS)


def format_axe_violations(violations):
    lines = []
    for v in violations:
        targets = v["targets"]
        shown = ", ".join(targets[:AXE_TARGETS_SHOWN])
        more = (
            f" (+{len(targets) - AXE_TARGETS_SHOWN} more)"
            if len(targets) > AXE_TARGETS_SHOWN
            else ""
        )
        lines.append(f"- {v['id']} [{v['impact']}]: {v['help']}")
        lines.append(f"    on: {shown}{more}")
        lines.append(f"    see {v['helpUrl']}")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    violations = axe_violations(page)
    assert not violations, (
        f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:\n"
        + format_axe_violations(violations)
    )


# --- Nu HTML Checker ----------------------------------------------------------------------


class NuHtmlChecker:
    """vnu.jar run as its local HTTP service, once for all of tests/browser (one JVM).

    Starting the JVM and reading the schemas takes seconds; after that each page is checked in
    milliseconds, so every test can validate its own page and fail with its own message.
    """

    def __init__(self, jar):
        self.jar = jar
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/?out=json"
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self._process = subprocess.Popen(
            [
                shutil.which("java"),
                "-Xss8m",  # the schema compiler recurses deeply; the default stack overflows
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(jar),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_ready()

    def _wait_until_ready(self):
        deadline = time.monotonic() + VNU_START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the Nu HTML Checker exited early:\n{self._log_tail()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.close()
        raise RuntimeError(f"the Nu HTML Checker did not start in {VNU_START_TIMEOUT} s")

    def _log_tail(self, size=4000):
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-size:]

    def messages(self, html):
        """All of the checker's messages for one HTML document (a str)."""
        request = urllib.request.Request(  # noqa: S310 - our own loopback service
            self.url,
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return json.load(response)["messages"]

    def errors(self, html):
        """Only the errors; "info" messages (including warnings) are not failures."""
        return [m for m in self.messages(html) if m.get("type") in {"error", "non-document-error"}]

    def close(self):
        stop(self._process)
        self._log.close()


@pytest.fixture(scope="package")
def html_checker():
    checker = NuHtmlChecker(VNU_JAR)
    yield checker
    checker.close()


def format_html_errors(errors, html):
    source = html.splitlines()
    lines = []
    for e in errors:
        line = e.get("lastLine") or e.get("firstLine")
        where = f"line {line}" if line else "document"
        lines.append(f"- {where}: {e.get('message', '').strip()}")
        if line and 0 < line <= len(source):
            lines.append(f"    {source[line - 1].strip()[:160]}")
    return "\n".join(lines)


def assert_valid_html(html_checker, html, url):
    errors = html_checker.errors(html)
    assert not errors, (
        f"the Nu HTML Checker found {len(errors)} error(s) in the HTML of {url}:\n"
        + format_html_errors(errors, html)
    )


# --- The check that pages share -----------------------------------------------------------


class AccessibilityCheck:
    """``check_accessibility(page, url)``: load ``url``, then assert axe and vnu both pass.

    ``url`` is a path on the live server ("/cases/") or an absolute URL. The HTML validated is
    the server's response body as sent, not the DOM after scripts ran. Returns the Playwright
    response so a test can check more. ``check_accessibility.loaded(page, response)`` checks a
    page the test already navigated to (after submitting a form, say); the two halves are also
    there alone as ``assert_no_axe_violations(page)`` and ``assert_valid_html(html, url)``.
    """

    def __init__(self, html_checker):
        self.html_checker = html_checker

    def __call__(self, page, url):
        response = page.goto(url, wait_until="load")
        return self.loaded(page, response, url)

    def loaded(self, page, response, url=None):
        url = url or page.url
        assert response is not None, f"no response for {url}"
        assert response.status == 200, f"{url} answered {response.status}, not 200"
        self.assert_no_axe_violations(page)
        self.assert_valid_html(response.text(), url)
        return response

    def assert_no_axe_violations(self, page):
        assert_no_axe_violations(page)

    def assert_valid_html(self, html, url):
        assert_valid_html(self.html_checker, html, url)


@pytest.fixture
def check_accessibility(html_checker):
    return AccessibilityCheck(html_checker)
