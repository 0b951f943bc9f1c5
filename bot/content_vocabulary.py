"""The ``vocabulary`` sections of a pack: word lists, synonyms, uncovered subjects and mappings.

Every key has a field of the same name on ``model.Vocabulary``; most are lists of phrases, a few
map a name to phrases or to one word (``_VOCABULARY_MAPS``).
"""

from __future__ import annotations

from typing import Any

from .content_reader import PackReader, norm_pattern
from .model import Vocabulary
from .yamlsource import LocatedDict, LocatedList

__all__ = ["VOCABULARY_KEYS", "VocabularyChecks"]

#: Vocabulary keys that list intent ids rather than phrases.
_ID_LISTS = {"choice_aspects"}
#: Vocabulary keys that map a name to phrases (or, for the sex letters, to a word), not lists.
_VOCABULARY_MAPS = {"profile", "profile_sex_letters", "profile_careful", "choice_groups", "group_overviews"}
VOCABULARY_KEYS = {
    "synonyms", "stopwords", "out_of_scope", "followup_markers", "more_requests", "reset_commands",
    "generic_words", "question_openers", "question_words", "relative_words", "embedding_words", "question_subjects",
    "clause_fillers", "not_questions", "ask_phrases", "statement_openers", "subject_groups", "subject_names",
    "aspect_groups", "amount_words", "no_amount_groups", "choice_aspects",
    "correction_openers", "pointing_back", "switch_markers", "topic_switches", "incidental_mentions",
    "pointing_words", "triage_negators",
    "triage_settled", "triage_worsening", "triage_hypothetical", "triage_safe", "triage_hyperbole",
    "triage_denials", *_VOCABULARY_MAPS}


class VocabularyChecks(PackReader):
    """Builds the pack's Vocabulary from every ``vocabulary`` section, reporting each problem."""

    def build_vocabulary(self, docs: list) -> Vocabulary:
        synonyms: dict[str, str] = {}
        lists: dict[str, list[str]] = {}
        maps: dict[str, dict[str, Any]] = {}
        uncovered: dict[str, str] = {}
        for label, doc in docs:
            vocabulary = doc.get("vocabulary")
            if vocabulary is None:
                continue
            if not isinstance(vocabulary, LocatedDict):
                self.problem(label, doc.line_of("vocabulary"), "'vocabulary' must be a mapping")
                continue
            for key in vocabulary:
                if key not in VOCABULARY_KEYS:
                    self.problem(label, vocabulary.line_of(key), f"unknown vocabulary key '{key}'")
            table = vocabulary.get("synonyms", LocatedDict(0))
            if not isinstance(table, LocatedDict):
                self.problem(label, vocabulary.line_of("synonyms"), "synonyms must map a word to its variants")
                table = LocatedDict(0)
            for canonical in table:
                for variant in self.texts(label, table, canonical, f"synonyms of '{canonical}'"):
                    key = norm_pattern(variant)
                    if key in synonyms and synonyms[key] != norm_pattern(str(canonical)):
                        self.problem(label, table.line_of(canonical),
                                     f"'{variant}' is a synonym of both '{synonyms[key]}' and '{canonical}'")
                    synonyms[key] = norm_pattern(str(canonical))
            for key in VOCABULARY_KEYS - {"synonyms", "out_of_scope"} - _VOCABULARY_MAPS:
                if key in vocabulary:
                    lists.setdefault(key, []).extend(self.texts(label, vocabulary, key, key))
            for key in _VOCABULARY_MAPS & set(vocabulary):
                maps.setdefault(key, {}).update(self.mapping(label, vocabulary, key))
            if "out_of_scope" in vocabulary:
                uncovered.update(self.subjects(label, vocabulary))
        # Phrases are read the way messages are; intent ids are names, kept as written.
        words = {key: tuple(v.strip() if key in _ID_LISTS else norm_pattern(v) for v in values)
                 for key, values in lists.items()}
        # Every other key is a list of phrases with a field of the same name; two are sets.
        lists_of: dict[str, Any] = {
            key: (frozenset if key in ("stopwords", "generic_words") else tuple)(words.get(key, ()))
            for key in VOCABULARY_KEYS - {"synonyms", "out_of_scope"} - _VOCABULARY_MAPS}
        lists_of.update({key: maps.get(key, {}) for key in _VOCABULARY_MAPS})
        return Vocabulary(synonyms=synonyms, out_of_scope=tuple(uncovered), out_of_scope_labels=uncovered,
                          **lists_of)  # type: ignore[arg-type]

    def mapping(self, label: str, vocabulary: LocatedDict, key: str) -> dict[str, Any]:
        """A vocabulary mapping: a name to a list of phrases (``profile``) or to one word."""
        table = vocabulary[key]
        if not isinstance(table, LocatedDict):
            self.problem(label, vocabulary.line_of(key), f"{key} must be a mapping")
            return {}
        out: dict[str, Any] = {}
        for name, value in table.items():
            if isinstance(value, LocatedList):
                out[str(name)] = tuple(norm_pattern(v) for v in self.texts(label, table, name, f"{key}.{name}"))
            else:
                # A single value names something (a fact, a careful situation's id, a group): as written.
                out[str(name)] = (self.text(label, table.line_of(name), value, f"{key}.{name}") or "").strip()
        return out

    def subjects(self, label: str, vocabulary: LocatedDict) -> dict[str, str]:
        """out_of_scope items: a phrase, or {phrase: how the reply names it}."""
        items = vocabulary["out_of_scope"]
        if not isinstance(items, LocatedList):
            self.problem(label, vocabulary.line_of("out_of_scope"), "out_of_scope must be a list")
            return {}
        found = {}
        for index, item in enumerate(items):
            line = items.line_of(index)
            if isinstance(item, LocatedDict) and len(item) == 1:
                phrase, name = next(iter(item.items()))
                phrase, name = self.text(label, line, phrase, "subject"), self.text(label, line, name, "its name")
            else:
                phrase = name = self.text(label, line, item, "subject")
            if phrase and name:
                found[norm_pattern(phrase)] = name
        return found
