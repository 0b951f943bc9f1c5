"""docs/matching.md's tables of numbers and docs/content.md's keys are held to the code, so the
docs cannot drift: a field added, renamed or retuned without its line in the docs fails here."""

from __future__ import annotations

import re
from dataclasses import asdict

import pytest

from bot import (
    asking,
    content,
    content_rules,
    content_vocabulary,
    conversation,
    dictation,
    judging,
    long_text,
    matcher,
    normalize,
    phrases,
    reading,
    rerankers,
    settings,
    smalltalk,
    steps,
    told,
    triage,
    uncovered,
)
from bot.settings import ScoringWeights, Thresholds
from conftest import ROOT

_ROW = re.compile(r"^\|\s*`(\w+)`\s*\|\s*([^|]+?)\s*\|")
#: Replies the code reads when a pack writes them; the loader does not list these in one place.
_OPTIONAL_REPLIES = {"careful", "statement", "aspect_note", "urgent_caveat", "why_again", "other_language",
                     "after_crisis", "prompt", "level_labels", "compact_caveats"}


def table_under(doc: str, heading: str) -> dict[str, float]:
    """The `name` | value rows of the first table after the heading that starts with ``heading``."""
    lines = doc.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("#") and
                  line.lstrip("# ").startswith(heading)), None)
    assert start is not None, f"no heading {heading!r} in docs/matching.md"
    rows: dict[str, float] = {}
    for line in lines[start + 1:]:
        if line.startswith("#"):
            break
        found = _ROW.match(line)
        if found:
            name, value = found.groups()
            assert name not in rows, f"{name} is listed twice under {heading}"
            rows[name] = float(value)
    return rows


@pytest.fixture(scope="module")
def matching() -> str:
    return (ROOT / "docs" / "matching.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("heading", "defaults"), [("`Thresholds`", Thresholds()),
                                                   ("`ScoringWeights`", ScoringWeights())])
def test_every_setting_is_in_the_docs_with_its_default(matching: str, heading: str,
                                                      defaults: Thresholds | ScoringWeights) -> None:
    documented = table_under(matching, heading)
    fields = asdict(defaults)
    missing, unknown = set(fields) - set(documented), set(documented) - set(fields)
    assert not missing and not unknown, f"{heading}: missing {missing}, unknown {unknown}"
    for name, value in fields.items():
        assert documented[name] == pytest.approx(value), f"{heading}.{name}: docs {documented[name]}, code {value}"


def test_every_documented_constant_has_its_value_in_the_code(matching: str) -> None:
    constants = table_under(matching, "Constants")
    modules = (settings, matcher, conversation, asking, triage, reading, normalize, uncovered, phrases, steps,
               dictation, long_text)
    assert {"SMALLTALK_CUTOFF", "SHORTLIST", "_FILLER_ZIPF", "_ZIPF_SPAN", "_COMMON_FLOOR"} <= set(constants)
    for name, value in constants.items():
        owners = [m for m in modules if hasattr(m, name)]
        assert owners, f"{name} is documented but no module defines it"
        assert getattr(owners[0], name) == pytest.approx(value), f"{name}: docs {value}"


#: The modules whose numbers turn a message into a reply. Triage's own (triage.py, triage_words.py)
#: are documented as they are; the ones listed here must document every number they hold.
_DECIDING = (settings, matcher, asking, judging, rerankers, reading, normalize, smalltalk, steps, told, uncovered,
             phrases, dictation)
#: Numbers that are labels, not settings: outcome ranks and the state format's version.
_NOT_SETTINGS = {"ANSWER", "CLARIFY", "UNCOVERED", "FALLBACK", "STATE_VERSION"}


def test_every_number_that_changes_a_reply_is_documented(matching: str) -> None:
    constants = table_under(matching, "Constants")
    undocumented = sorted(f"{m.__name__}.{name}" for m in _DECIDING for name, value in vars(m).items()
                          if name.lstrip("_").isupper() and isinstance(value, (int, float))
                          and not isinstance(value, bool) and name not in _NOT_SETTINGS and name not in constants)
    assert not undocumented, f"numbers missing from docs/matching.md's Constants: {undocumented}"


def test_every_content_key_the_loader_accepts_is_documented() -> None:
    doc = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([\w.]+)`", doc)) | set(re.findall(r"^\s*(\w+):", doc, re.M))
    keys = (content_vocabulary.VOCABULARY_KEYS | set(content_rules._RED_FLAG_KEYS) | set(content._ANSWER_KEYS)
            | set(content._INTENT_KEYS) | content._INTENT_SECTIONS | content._ANSWER_SECTIONS
            | set(content.REQUIRED_REPLIES) | set(content_rules._LEVELS) | set(content_rules._NATURES)
            | set(content_rules._SCOPES) | _OPTIONAL_REPLIES)
    assert keys <= named, f"undocumented: {sorted(keys - named)}"
