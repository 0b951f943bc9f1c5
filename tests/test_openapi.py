"""bot/openapi.json: it describes every route the app has and no other, each error with the error
object, and the live server meets it under schemathesis (the API tester from the package index)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
from starlette.routing import Route

from bot import FAQBot
from bot.server import create_app
from conftest import ROOT
from live import magbot_serve

SPEC = json.loads((ROOT / "bot" / "openapi.json").read_text())
ERROR_SCHEMAS = {"#/components/schemas/Error", "#/components/schemas/ChatError"}


def app_operations(bot: FAQBot) -> set[tuple[str, str]]:
    """(path, method) of every route; HEAD is Starlette's automatic twin of GET."""
    return {(route.path, method.lower()) for route in create_app(bot).routes if isinstance(route, Route)
            for method in (route.methods or ()) if method != "HEAD"}


def spec_operations() -> set[tuple[str, str]]:
    return {(path, method) for path, item in SPEC["paths"].items() for method in item}


def test_the_description_names_every_route_of_the_app_and_no_other(bot: FAQBot) -> None:
    app = app_operations(bot)
    described = spec_operations()
    assert app - described == set(), "routes missing from bot/openapi.json"
    assert described - app == set(), "bot/openapi.json describes routes the app does not have"


def test_every_error_status_is_answered_with_the_error_object() -> None:
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    schema = response["content"]["application/json"]["schema"]
                    assert schema["$ref"] in ERROR_SCHEMAS, (method, path, status)
    error = SPEC["components"]["schemas"]["Error"]["properties"]["error"]
    assert error["required"] == ["code", "message"]


def test_the_live_server_meets_its_description(tmp_path: Path, bot: FAQBot) -> None:
    # With the review log on, POST /v1/feedback is live too (without it, it answers 404 feedback_off).
    with magbot_serve("--review-log", str(tmp_path / "review")) as url:
        served = httpx.get(url + "/openapi.json")
        assert served.headers["content-type"] == "application/json" and served.json() == SPEC
        # A fixed seed: the same cases on every run, so CI is repeatable; every check but
        # positive_data_acceptance (a made-up state token is refused, as it must be).
        run = subprocess.run(
            [str(Path(sys.executable).parent / "st"), "--config-file", str(ROOT / "tests" / "schemathesis.toml"),
             "run", url + "/openapi.json", "--checks", "all", "--exclude-checks", "positive_data_acceptance",
             "--max-examples", "40", "--seed", "20", "--workers", "1", "--no-color",
             "--generation-database", "none"],
            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]  # its exit status: any failure is 1
