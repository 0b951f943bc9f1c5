"""The bundled content keeps the medical content rules: facts from the article, in our own words."""

from __future__ import annotations

import re

import pytest

from bot.content import load_content
from conftest import ARTICLE, words

pytestmark = pytest.mark.skipif(not ARTICLE.exists(), reason="the article is not beside the project")

CONTENT = load_content()
FAQ_ANSWERS = [a for a in CONTENT.answers.values() if not CONTENT.intent(a.intent).smalltalk]


def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


def test_every_number_in_every_answer_is_in_the_article() -> None:
    allowed = numbers(article())
    for answer in CONTENT.answers.values():
        for text in (answer.text, *(note for _, note in answer.aspects)):
            assert numbers(text) <= allowed, (answer.intent, numbers(text) - allowed)


def test_every_answer_names_a_real_section_heading() -> None:
    lines = {line.strip() for line in article().splitlines() if line.strip()}
    for answer in FAQ_ANSWERS:
        assert answer.source in lines, answer.intent
        assert len(answer.source.split()) <= 12  # a heading, not a paragraph


def test_answers_are_short() -> None:
    for answer in FAQ_ANSWERS:
        assert len(answer.text.split()) <= 85, (answer.intent, len(answer.text.split()))


def test_no_sentence_is_copied_from_the_article() -> None:
    # Eight words in a row shared with the article means a sentence was lifted, not rewritten.
    source = words(article())
    runs = {tuple(source[i:i + 8]) for i in range(len(source) - 7)}
    for answer in FAQ_ANSWERS:
        for written in (answer.text, *(note for _, note in answer.aspects)):
            text = words(written)
            copied = [" ".join(text[i:i + 8]) for i in range(len(text) - 7) if tuple(text[i:i + 8]) in runs]
            assert not copied, (answer.intent, copied)


def test_every_faq_answer_has_follow_ups() -> None:
    for answer in FAQ_ANSWERS:
        assert 1 <= len(answer.follow_ups) <= 3, answer.intent


def test_the_caveat_points_to_a_provider() -> None:
    assert re.search(r"provider|doctor|pharmacist", CONTENT.caveat)
