"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against a live
server started by the test. Screenshots of the main states go to test-artifacts/screenshots/.

Without Chromium or the playwright package the tests are skipped locally, and fail in CI
(CI=true), where the browser must be there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
# one unless told that this is safe (the live server handles requests in its own threads).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SYNTH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"browser tests must run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -r requirements-dev.txt)")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def plain_http():
    """Plain HTTP for the live server, set before it builds its middleware (which reads the
    HTTPS settings once, at start-up)."""
    from django.test.utils import override_settings

    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0, CSRF_COOKIE_SECURE=False, SESSION_COOKIE_SECURE=False):
        yield


@pytest.fixture(scope="session")
def live_server(plain_http, live_server):
    return live_server


@pytest.fixture
def site(live_server, settings):
    """The live server's base URL, with plain static files (no collectstatic manifest needed)."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    return live_server.url


class Screenshots:
    def __init__(self, viewport: str):
        self.viewport = viewport
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def __call__(self, page, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{self.viewport}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path


def _is_problem(message) -> bool:
    """Console errors, except the browser noting a 400 page (a form shown again with its errors)."""
    return message.type == "error" and "status of 400" not in message.text


def _page(browser, viewport: dict, label: str):
    context = browser.new_context(viewport=viewport, accept_downloads=True, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if _is_problem(message) else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    page.shot = Screenshots(label)
    return context, page


@pytest.fixture
def page(browser, site):
    """A desktop-sized page; the test fails on any console error (a CSP violation is one)."""
    context, page = _page(browser, DESKTOP, "desktop")
    yield page
    context.close()
    assert page.problems == [], f"errors in the browser console: {page.problems}"


@pytest.fixture
def phone(browser, site):
    context, page = _page(browser, PHONE, "phone")
    yield page
    context.close()
    assert page.problems == [], f"errors in the browser console: {page.problems}"


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")
