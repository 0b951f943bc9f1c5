"""Typo correction and inflection folding, word by word, against a small known vocabulary."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.model import Vocabulary
from bot.normalize import Normalizer

KNOWN = ["magnesium", "sciatica", "glycinate", "citrate", "nerve", "much", "spasm", "relax", "study",
         "take", "stop", "quick", "supplement", "dose", "meds"]


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer(Vocabulary(stopwords=frozenset({"the", "is"})), KNOWN)


@pytest.mark.parametrize(("typed", "read"), [
    ("magnesium", "magnesium"),  # known words are never corrected
    ("magnsium", "magnesium"),  # a dropped letter
    ("sciatcia", "sciatica"),  # two letters swapped count as one edit
    ("glycinat", "glycinate"),
    ("magnisiun", "magnesium"),  # two edits are allowed from nine letters on
    ("supplemnet", "supplement"),
])
def test_a_misspelling_is_read_as_the_known_word(normalizer: Normalizer, typed: str, read: str) -> None:
    assert normalizer._correct(typed) == read


@pytest.mark.parametrize("typed", [
    "nagnesium",  # a typo in the first letter is left: typos rarely fall there
    "cetrale",  # two edits in a word of seven letters is too far
    "mech",  # a short word one letter away may be another word: only swaps are trusted
    "mess",
    "mg", "ok",  # under three letters
    "400",  # numbers
    "melatonin",  # nothing near
])
def test_a_word_too_far_or_too_short_is_left_alone(normalizer: Normalizer, typed: str) -> None:
    assert normalizer._correct(typed) == typed


@pytest.mark.parametrize(("typed", "read"), [("mcuh", "much"), ("nerv", "nerve"), ("dsoe", "dose")])
def test_short_words_take_only_a_swap_or_a_dropped_last_letter(normalizer: Normalizer, typed: str,
                                                               read: str) -> None:
    assert normalizer._correct(typed) == read


@pytest.mark.parametrize(("typed", "read"), [
    ("studies", "study"), ("spasming", "spasm"), ("relaxes", "relax"), ("taking", "take"),
    ("stopped", "stop"), ("stopping", "stop"), ("quickly", "quick"), ("nerves", "nerve"), ("doses", "dose"),
    ("relaxed", "relax"),
])
def test_plain_inflections_fold_to_the_known_stem(normalizer: Normalizer, typed: str, read: str) -> None:
    assert normalizer._correct(typed) == read


def test_folding_is_not_reported_as_a_spelling_correction(normalizer: Normalizer) -> None:
    folded = normalizer.analyse("studies relaxes")
    assert folded.words == ("study", "relax") and folded.corrections == ()
    fixed = normalizer.analyse("magnsium")
    assert fixed.corrections == (("magnsium", "magnesium"),)


def test_an_unknown_stem_is_not_used() -> None:
    # "sings" has no known stem, and is three edits from anything: it stays as typed.
    normalizer = Normalizer(Vocabulary(), ["magnesium"])
    assert normalizer._correct("sings") == "sings"
    assert normalizer._correct("magnesiums") == "magnesium"


def test_a_short_correction_is_marked_as_a_guess(normalizer: Normalizer) -> None:
    analysis = normalizer.analyse("mcuh magnsium")
    assert "much" in analysis.guessed  # four letters: too short to be sure
    assert "magnesium" not in analysis.guessed  # eight letters: sure enough


@given(st.text(alphabet="abcdegilmnorstuy", min_size=0, max_size=12))
def test_a_word_is_read_as_itself_or_as_a_known_word(word: str) -> None:
    normalizer = Normalizer(Vocabulary(), KNOWN)
    read = normalizer._correct(word)
    assert read == word or read in normalizer.known_words


def test_a_line_break_survives_cleaning_and_a_blank_line_ends_a_sentence() -> None:
    from bot import FAQBot
    from bot.normalize import clean_text

    assert clean_text("Back pain\r\nWhich FORM is best\x07") == "back pain \nwhich form is best "
    reading = FAQBot.load().reader.read("I've had sciatica for years\n\nwhich form is best")
    assert [(c.text, c.sentence, c.asks) for c in reading.clauses] == [
        ("i've had sciatica for years", 0, False), ("which form is best", 1, True)]


@pytest.mark.parametrize("word", ["meant", "brother", "infection", "while", "tried", "though", "flight", "won"])
def test_a_common_english_word_is_no_typo(word: str) -> None:
    from bot import FAQBot

    analysis = FAQBot.load().normalizer.analyse(f"my {word} thing")
    assert word in analysis.words
    assert analysis.corrections == ()
