"""Dictated words put back together: a content word split into syllables or pieces is read as
the word; words that are words stay as typed."""

from __future__ import annotations

import pytest

from bot import FAQBot
from bot.dictation import sound_key


def test_sound_keys_hear_spelling_by_sound() -> None:
    assert sound_key("sighattic") == sound_key("sciatic")
    assert sound_key("absom") == sound_key("epsom")
    assert sound_key("forsigh") != sound_key("feverish")


@pytest.mark.parametrize(("typed", "heard"), [
    ("what about gly sin ate", "glycinate"),
    ("is mag nee zee um safe", "magnesium"),
])
def test_a_split_content_word_is_read_whole(bot: FAQBot, typed: str, heard: str) -> None:
    assert heard in bot.normalizer.analyse(typed).terms


@pytest.mark.parametrize("typed", ["its been bearable but is gentler on the gut", "I meant the weather",
                                   "what is it for men", "a man in his sixties", "i pooped myself"])
def test_words_that_are_words_stay_as_typed(bot: FAQBot, typed: str) -> None:
    words = typed.casefold().split()
    assert bot.normalizer._sounds.rejoin(words) == words
