"""Driving the web widget in Debian's chromium with Playwright, for tests/test_widget_browser.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("MAGBOT_CHROMIUM", "/usr/bin/chromium"))
# Playwright's own browser download is not used: Debian's chromium, headless, with nothing phoning home.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing(reason: str) -> None:
    """Skip a browser test on a developer's machine that lacks what it needs; fail it in CI."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI must run the browser tests (bash .ci/run installs chromium)")
    pytest.skip(reason)


def launch_chromium() -> Iterator[Any]:
    """Yield a Playwright browser on Debian's chromium; skip (fail in CI) when it cannot be had."""
    if not CHROMIUM.exists():
        missing(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A fresh page (its own sessionStorage), with the console errors and the requests it saw."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    errors_expected: bool = False

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.locator(".msg.bot, .msg.error").first.wait_for()  # the welcome, or the error saying why not
        return self.page

    def ask(self, text: str) -> Any:
        """Type a question, press Enter, and return the message that answers it."""
        count = self.page.locator(".msg.bot, .msg.error").count()
        box = self.page.get_by_label("Your question")
        box.fill(text)
        box.press("Enter")
        return self.next_message(count)

    def next_message(self, count: int) -> Any:
        message = self.page.locator(".msg.bot, .msg.error").nth(count)
        message.wait_for()
        return message
