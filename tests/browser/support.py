"""Constants and helpers for the browser tests."""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}

ADMIN_PASSWORD = "Admin-Pass-2026"


def login(page, username="admin", password=ADMIN_PASSWORD):
    """Sign in through the login form, as a user does."""
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("form:has(#id_username) button[type=submit]").click()


def screenshot(page, name: str, *, docs: str | None = None, full_page: bool = True) -> Path:
    """Save ``test-artifacts/<name>.png``; with ``docs``, also the viewport as docs/screenshots/<docs>.

    The docs copy is rewritten only when its bytes change, so repeated runs leave git clean.
    """
    page.evaluate("document.fonts.ready.then(() => true)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=full_page, animations="disabled", caret="hide")
    if docs:
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        png = page.screenshot(full_page=False, animations="disabled", caret="hide")
        target = DOCS_SCREENSHOTS / docs
        if not target.exists() or target.read_bytes() != png:
            target.write_bytes(png)
    return path
