"""A chat UI on another origin, in Debian's chromium, using the official OpenAI JavaScript client
(from the npm registry, bundled by tests/js/): its preflight headers pass and a long chat works.

``bash .ci/run`` installs and bundles it (``npm ci`` and ``npm run bundle`` in tests/js); on a
developer's machine without the bundle the test skips, in CI it fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from live import magbot_serve, static_site
from widget_driver import launch_chromium, missing

pytestmark = pytest.mark.browser

JS = ROOT / "tests" / "js"
BUNDLE = JS / "build" / "openai.js"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_chromium()


def test_a_60_turn_chat_with_three_long_pastes_from_a_browser_page(browser: Any, tmp_path: Path) -> None:
    if not BUNDLE.exists():
        missing(f"no {BUNDLE.relative_to(ROOT)} (cd tests/js && npm ci && npm run bundle)")
    shutil.copy(BUNDLE, tmp_path / "openai.js")
    shutil.copy(JS / "chat_page.html", tmp_path / "index.html")
    with static_site(tmp_path) as page_origin, magbot_serve("--cors-origin", page_origin) as service:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(page_origin + "/index.html")
        replies = page.evaluate("([base, turns, pastes]) => window.runChat(base, turns, pastes)",
                                [service, 60, [5, 30, 55]])
        page.close()
    assert errors == [] and len(replies) == 60
    assert all("healthcare provider" in reply for reply in replies)
    assert "420" in replies[-1] or "400" in replies[-1]  # the last "and for men?" kept its context
