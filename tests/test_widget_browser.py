"""The web widget as a person meets it: a real ``magbot serve``, Debian's chromium driven by Playwright.

Run these alone with ``pytest -m browser``. They skip only when chromium or Playwright is missing on a
developer's machine; in CI (CI=true) a missing browser is a failure. Screenshots land in
tests/artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot import FAQBot
from conftest import ROOT, SMALL_ANSWERS, write_pack
from live import magbot_serve, static_site
from widget_driver import Tab, launch_chromium

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"
XSS = '<img src=x onerror="window.magbotPwned=1"><script>window.magbotPwned=2</script>'
EMERGENCY_RED, PROMPT_AMBER = "rgb(179, 0, 27)", "rgb(224, 161, 0)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_chromium()


@dataclass
class Sites:
    """The service, a page on an origin it allows, and one on an origin it does not."""

    service: str
    allowed: str
    other: str


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    folder = tmp_path_factory.mktemp("site")
    with static_site(folder) as allowed, static_site(folder) as other, \
            magbot_serve("--cors-origin", allowed) as service:
        embed = (ROOT / "examples" / "embed.html").read_text(encoding="utf-8")
        (folder / "embed.html").write_text(embed.replace("http://127.0.0.1:8000", service), encoding="utf-8")
        floating = re.sub(r'\s*<div id="magbot"></div>', "", embed.replace("http://127.0.0.1:8000", service))
        (folder / "floating.html").write_text(floating, encoding="utf-8")
        boxed = embed.replace("http://127.0.0.1:8000", service).replace(
            '<div id="magbot"></div>', '<div id="magbot" style="height: 300px"></div>')
        (folder / "boxed.html").write_text(boxed, encoding="utf-8")
        yield Sites(service, allowed, other)


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="light")
    page = context.new_page()
    opened = Tab(page)
    page.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("request", lambda request: opened.requests.append(request.url))
    yield opened
    context.close()
    if not opened.errors_expected:
        assert opened.errors == [], "console errors"


def last_text(message: Any) -> str:
    return message.locator(".text").inner_text()


# -- asking -----------------------------------------------------------------------------------------
def test_ask_and_see_the_answer_its_source_and_the_caveat(tab: Tab, sites: Sites, bot: FAQBot) -> None:
    page = tab.open(sites.service + "/")
    assert bot.content.replies["welcome"] in page.locator(".msg.bot").first.inner_text()
    expected = bot.ask("how much magnesium for women?")
    message = tab.ask("how much magnesium for women?")
    assert last_text(message) == expected.text
    assert message.locator(".source").inner_text() == f"From: {expected.source}"
    assert message.locator(".caveat").inner_text() == expected.caveat
    assert page.locator(".msg.user").last.inner_text().endswith("how much magnesium for women?")
    assert page.locator(".msg.bot .caveat").count() == page.locator(".msg.bot").count() == 2
    assert all(url.startswith(sites.service) or url.startswith("data:") for url in tab.requests)  # no CDN


def test_clicking_a_suggestion_asks_it(tab: Tab, sites: Sites, bot: FAQBot) -> None:
    tab.open(sites.service + "/")
    session = bot.session()
    first = session.ask("is glycinate a good form")
    message = tab.ask("is glycinate a good form")
    buttons = message.get_by_role("button")
    assert buttons.all_inner_texts() == list(first.suggestions)
    count = tab.page.locator(".msg.bot").count()
    buttons.nth(1).click()
    assert last_text(tab.next_message(count)) == session.ask(first.suggestions[1]).text
    assert tab.page.locator(".msg.user").last.inner_text().endswith(first.suggestions[1])


def test_a_follow_up_uses_the_conversation(tab: Tab, sites: Sites, bot: FAQBot) -> None:
    tab.open(sites.service + "/")
    session = bot.session()
    for question in ("how much magnesium for women?", "and for men?", "tell me more"):
        assert last_text(tab.ask(question)) == session.ask(question).text
    assert session.to_dict()["intent"] is not None  # "tell me more" was answered, which needs the topic
    assert bot.ask("tell me more").text == bot.content.replies["more_without_topic"]


def test_a_clarification_offers_buttons_not_numbers(tab: Tab, sites: Sites, bot: FAQBot) -> None:
    tab.open(sites.service + "/")
    reply = bot.ask("magnesium pills")
    message = tab.ask("magnesium pills")
    assert last_text(message) == reply.text and not re.search(r"\d\)", message.inner_text())
    assert message.get_by_role("group", name="Which did you mean?").get_by_role("button").all_inner_texts() == list(
        reply.suggestions)
    count = tab.page.locator(".msg.bot").count()
    message.get_by_role("button", name=reply.suggestions[0]).click()
    assert last_text(tab.next_message(count)) == bot.content.answers[reply.options[0]].text.strip()


# -- urgent replies -------------------------------------------------------------------------------
def test_an_emergency_is_unmistakable(tab: Tab, sites: Sites, bot: FAQBot) -> None:
    tab.open(sites.service + "/")
    message = tab.ask("i cant feel my legs and wet myself")
    assert "triage-emergency" in message.get_attribute("class")
    assert message.locator(".badge").inner_text().lower().endswith("emergency")
    assert last_text(message) == bot.ask("i cant feel my legs and wet myself").text
    style = message.evaluate("m => [getComputedStyle(m).borderTopColor, getComputedStyle(m.querySelector('.text'))"
                             ".color, getComputedStyle(m.querySelector('.text')).fontWeight]")
    assert style == [EMERGENCY_RED, EMERGENCY_RED, "700"]
    assert message.locator(".caveat").is_visible()


def test_a_prompt_level_reply_is_set_apart_from_an_emergency(tab: Tab, sites: Sites, bot: FAQBot) -> None:
    # The service gives triage levels once they exist; the widget's side of that contract is tested here.
    reply = {**bot.ask("i cant feel my legs and wet myself").to_dict(), "triage": "prompt"}
    tab.page.route("**/v1/ask", lambda route: route.fulfill(json={**reply, "state": None}))
    tab.open(sites.service + "/")
    message = tab.ask("my leg has been numb for a week")
    assert "triage-prompt" in message.get_attribute("class") and "triage-emergency" not in message.get_attribute(
        "class")
    assert message.evaluate("m => getComputedStyle(m).borderTopColor") == PROMPT_AMBER


# -- memory, start over, errors ---------------------------------------------------------------------
def test_a_reload_continues_the_conversation_and_start_over_forgets_it(tab: Tab, sites: Sites, bot: FAQBot) -> None:
    page = tab.page
    page.set_viewport_size({"width": 320, "height": 640})  # small enough that the conversation scrolls
    tab.open(sites.service + "/")
    tab.ask("how much magnesium for women?")
    before = page.locator(".msg").all_inner_texts()
    page.reload()
    page.locator(".msg.bot").first.wait_for()
    assert page.locator(".msg").all_inner_texts() == before
    log = page.get_by_role("log")
    page.wait_for_function("l => l.scrollTop > 0 && l.scrollTop + l.clientHeight >= l.scrollHeight - 1",
                           arg=log.element_handle())  # it opens at the latest turn
    session = bot.session()
    session.ask("how much magnesium for women?")
    assert last_text(tab.ask("tell me more")) == session.ask("tell me more").text  # the topic survived
    page.get_by_role("button", name="Start over").click()
    page.locator(".msg.bot").first.wait_for()
    assert page.locator(".msg").count() == 1 and page.locator(".msg.user").count() == 0
    assert last_text(tab.ask("tell me more")) == bot.content.replies["more_without_topic"]


def test_an_unreachable_or_failing_service_is_said_plainly(tab: Tab, sites: Sites) -> None:
    tab.errors_expected = True  # the browser logs the failed requests themselves
    page = tab.open(sites.service + "/")
    page.route("**/v1/ask", lambda route: route.abort())
    message = tab.ask("what is sciatica")
    assert message.get_attribute("role") == "alert" and "could not be reached" in message.inner_text()
    assert page.get_by_label("Your question").input_value() == "what is sciatica"  # kept, to try again
    page.unroute("**/v1/ask")
    page.route("**/v1/ask", lambda route: route.fulfill(status=500, json={
        "error": {"code": "internal_error", "message": "the bot failed on this request"}}))
    message = tab.ask("what is sciatica")
    assert "answered with an error (500): the bot failed on this request" in message.inner_text()
    assert not any("Uncaught" in error for error in tab.errors)


# -- safety and accessibility -----------------------------------------------------------------------
def test_markup_in_a_reply_is_shown_as_text(tab: Tab, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", answers=SMALL_ANSWERS.replace(
        "text: Air scatters blue light more than red light.", "text: 'Air scatters blue light. " + XSS + "'"))
    with magbot_serve("--content", str(pack)) as service:
        tab.open(service + "/")
        message = tab.ask("why is the sky blue")
        tab.ask(XSS)
        assert XSS in last_text(message)
        assert tab.page.locator(".msg.user").last.inner_text().endswith(XSS)
        assert tab.page.locator("img, .msg script").count() == 0
        assert tab.page.evaluate("window.magbotPwned") is None


def test_keyboard_alone_asks_and_picks_with_visible_focus(tab: Tab, sites: Sites) -> None:
    page = tab.open(sites.service + "/")
    focused = "() => document.activeElement.shadowRoot?.activeElement?.className || ''"
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.shadowRoot?.activeElement?.id || ''").endswith("-q"):
            break
    page.keyboard.type("is glycinate a good form")
    count = page.locator(".msg.bot").count()
    page.keyboard.press("Enter")
    tab.next_message(count)
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(focused) == "choice"
    outline = page.evaluate("() => { const e = document.activeElement.shadowRoot.activeElement;"
                            " const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }")
    assert outline == ["solid", "3px"]
    page.keyboard.press("Enter")
    tab.next_message(count + 1)
    log = page.get_by_role("log", name="Conversation")
    assert log.get_attribute("aria-live") == "polite" and page.get_by_role("button", name="Send").is_visible()


def test_motion_and_colour_follow_the_readers_settings(browser: Any, sites: Sites) -> None:
    looks = {}
    for scheme, motion in (("light", "no-preference"), ("dark", "reduce")):
        context = browser.new_context(color_scheme=scheme, reduced_motion=motion)
        page = context.new_page()
        page.goto(sites.service + "/")
        message = page.locator(".msg.bot").first
        message.wait_for()
        looks[scheme] = message.evaluate("m => [getComputedStyle(m).animationName,"
                                         " getComputedStyle(m.closest('.panel')).backgroundColor]")
        context.close()
    assert looks["light"] == ["magbot-in", "rgb(255, 255, 255)"]
    assert looks["dark"] == ["none", "rgb(22, 27, 34)"]


# -- embedding on another site --------------------------------------------------------------------------
def test_the_embedded_widget_works_from_an_allowed_origin(tab: Tab, sites: Sites, bot: FAQBot) -> None:
    page = tab.open(sites.allowed + "/embed.html")
    assert page.get_by_role("heading", name="Sciatica and magnesium").is_visible()
    assert last_text(tab.ask("what is sciatica")) == bot.ask("what is sciatica").text


def test_the_embedded_widget_says_why_it_fails_from_another_origin(tab: Tab, sites: Sites) -> None:
    tab.errors_expected = True  # chromium logs the CORS refusal
    page = tab.open(sites.other + "/embed.html")
    assert "could not be reached" in page.locator(".msg.error").first.inner_text()
    assert "could not be reached" in tab.ask("what is sciatica").inner_text()
    assert any("CORS" in error for error in tab.errors)


def test_without_a_place_on_the_page_it_opens_from_a_corner_button(tab: Tab, sites: Sites, bot: FAQBot) -> None:
    page = tab.page
    page.goto(sites.allowed + "/floating.html")
    page.get_by_role("button", name="Questions? Ask here").click()
    opener = page.locator(".opener")
    assert opener.get_attribute("aria-expanded") == "true" and opener.inner_text() == "Close"
    page.locator(".msg.bot").first.wait_for()
    assert last_text(tab.ask("what is sciatica")) == bot.ask("what is sciatica").text
    page.keyboard.press("Escape")
    assert opener.get_attribute("aria-expanded") == "false" and not page.get_by_label("Your question").is_visible()
    assert page.evaluate("() => document.activeElement.shadowRoot.activeElement.className") == "opener"


# -- how it looks --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "width", "height"), [("320", 320, 640), ("desktop", 1280, 800)])
def test_screenshots_at_320_pixels_and_on_a_desktop(tab: Tab, sites: Sites, name: str, width: int,
                                                    height: int) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(reduced_motion="reduce")  # no animation or smooth scroll still running in the picture
    tab.open(sites.service + "/")
    for question in ("how much magnesium for women?", "magnesium pills", "i cant feel my legs and wet myself"):
        tab.ask(question)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off the side
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"widget-{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 5000


# -- on a phone and a desktop: the input always in view -----------------------------------------------
PAGES = {"chat": "/", "embed": "/embed.html", "floating": "/floating.html"}


def open_page(tab: Tab, sites: Sites, name: str) -> Any:
    page = tab.page
    page.goto((sites.service if name == "chat" else sites.allowed) + PAGES[name])
    if name == "floating":
        page.get_by_role("button", name="Questions? Ask here").click()
    page.locator(".msg.bot").first.wait_for()
    return page


def in_view(page: Any, locator: Any) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size["width"] + 0.5 \
        and box["y"] + box["height"] <= size["height"] + 0.5


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_the_input_and_send_are_on_screen_on_load_and_after_replies(tab: Tab, sites: Sites, name: str,
                                                                    width: int) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 640 if width == 360 else 800})
    page.emulate_media(reduced_motion="reduce")
    open_page(tab, sites, name)
    box, send = page.get_by_label("Your question"), page.get_by_role("button", name="Send")
    assert in_view(page, box) and in_view(page, send), "input or Send off screen on load"
    for question in ("how much magnesium for women?", "magnesium pills", "i cant feel my legs and wet myself"):
        tab.ask(question)
    assert in_view(page, box) and in_view(page, send), "input or Send off screen after replies"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"widget-{name}-{width}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 5000


def test_an_element_with_a_height_of_its_own_is_filled(tab: Tab, sites: Sites) -> None:
    page = tab.page
    page.goto(sites.allowed + "/boxed.html")
    page.locator(".msg.bot").first.wait_for()
    height = page.evaluate("() => document.querySelector('#magbot').shadowRoot.querySelector('.panel')"
                           ".getBoundingClientRect().height")
    assert abs(height - 300) <= 1
    assert in_view(page, page.get_by_role("button", name="Send"))


def test_while_a_reply_is_on_its_way_send_is_disabled_and_it_says_so(tab: Tab, sites: Sites) -> None:
    page = tab.page
    held: list[Any] = []
    page.route("**/v1/ask", lambda route: held.append(route))
    tab.open(sites.service + "/")
    box = page.get_by_label("Your question")
    box.fill("what is sciatica")
    box.press("Enter")
    send = page.get_by_role("button", name="Send")
    page.wait_for_function("() => document.querySelector('#magbot').shadowRoot.querySelector('.send').disabled")
    assert send.is_disabled() and page.locator(".waiting").is_visible()
    assert page.locator(".log").get_attribute("aria-busy") == "true"
    held[0].continue_()
    page.locator(".msg.bot").nth(1).wait_for()
    assert send.is_enabled() and not page.locator(".waiting").is_visible()


def test_an_urgent_reply_is_an_alert_with_tel_links(tab: Tab, sites: Sites, bot: FAQBot) -> None:
    tab.open(sites.service + "/")
    ordinary = tab.ask("what is sciatica")
    message = tab.ask("i want to end my life")
    assert message.get_attribute("role") == "alert"
    links = message.locator("a.tel")
    hrefs = [links.nth(n).get_attribute("href") for n in range(links.count())]
    assert "tel:988" in hrefs and "tel:116123" in hrefs and "tel:999" in hrefs
    assert last_text(message) == bot.ask("i want to end my life").text  # the text itself is unchanged
    assert ordinary.get_attribute("role") is None and ordinary.locator("a").count() == 0


def test_only_the_newest_suggestions_are_in_the_tab_order(tab: Tab, sites: Sites) -> None:
    page = tab.page
    tab.open(sites.service + "/")
    tab.ask("how much magnesium for women?")
    tab.ask("magnesium pills")
    indexes = page.evaluate("""() => [...document.querySelector('#magbot').shadowRoot.querySelectorAll('.msg.bot')]
        .map(m => [...m.querySelectorAll('.choice')].map(b => b.tabIndex))""")
    *older, newest = [row for row in indexes if row]
    assert newest and all(i == 0 for i in newest)
    assert older and all(i == -1 for row in older for i in row)


def test_a_long_paste_is_sent_and_the_reply_says_how_it_was_read(tab: Tab, sites: Sites) -> None:
    tab.open(sites.service + "/")
    text = "My back has been bad since the summer and I have tried lots of things. " * 80
    message = tab.ask(text + "How much magnesium should a woman take?")
    assert "long" in message.locator(".notice").inner_text() and "310" in last_text(message)


def test_helpful_yes_reaches_the_review_log(browser: Any, tmp_path: Path) -> None:
    folder = tmp_path / "review"
    with magbot_serve("--review-log", str(folder)) as service:
        page = browser.new_page()
        tab = Tab(page)
        tab.open(service + "/")
        answer = tab.ask("is magnesium glycinate good?")
        with page.expect_response("**/v1/feedback") as response:
            answer.get_by_role("button", name="Yes").click()
        assert response.value.status == 204
        assert "Thanks" in answer.locator(".feedback").inner_text()
        page.close()
    logged = "".join(path.read_text(encoding="utf-8") for path in folder.glob("*.jsonl"))
    assert '"yes"' in logged


def test_without_a_review_log_no_feedback_buttons_show(tab: Tab, sites: Sites) -> None:
    tab.open(sites.service + "/")
    assert tab.ask("is magnesium glycinate good?").locator(".feedback").count() == 0
