"""Load a content pack (``intents/`` and ``answers/`` folders of YAML) and check it strictly.

Every problem is collected and reported together as ``file:line: message``; nothing half-valid
is ever returned. ``magbot validate`` and ``FAQBot.load`` run exactly these checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .content_reader import norm_pattern
from .content_rules import RuleChecks
from .content_vocabulary import VocabularyChecks
from .errors import ContentError
from .locations import default_content_dir
from .model import Answer, Content, Intent
from .yamlsource import LocatedDict

__all__ = ["MIN_PATTERNS", "default_content_dir", "load_content"]


#: Fewer patterns than this cannot cover the ways real people phrase one question.
MIN_PATTERNS = 8
#: Replies written as a mapping of named texts; every other reply is one text.
_MAPPING_REPLIES = {"urgent", "careful", "fact_notes", "level_labels", "compact_caveats"}

# What each folder may hold at its top level, and which keys each entry may use.
_INTENT_SECTIONS = {"intents", "smalltalk", "concepts", "red_flags", "careful", "facts", "vocabulary"}
_ANSWER_SECTIONS = {"answers", "replies", "caveat", "sections"}
_INTENT_KEYS = {"id": True, "topic": True, "question": True, "patterns": True, "keywords": False,
                "group": False}
_SMALLTALK_KEYS = {"id": True, "patterns": True}
_ANSWER_KEYS = {"intent": True, "text": True, "source": False, "follow_ups": False, "why": False,
                "aspects": False}
#: Replies every pack must write, because the conversation needs each of them.
REQUIRED_REPLIES = ("fallback", "out_of_scope", "out_of_scope_clarify", "clarify", "clarify_pick", "suggest",
                    "unreadable", "urgent", "reset", "more_without_topic", "welcome")


def load_content(directory: str | Path | None = None) -> Content:
    """Load and validate a pack; raise ContentError listing every problem found."""
    root = Path(directory) if directory is not None else default_content_dir()
    checker = _Checker()
    intent_docs = checker.read_folder(root, "intents", _INTENT_SECTIONS)
    answer_docs = checker.read_folder(root, "answers", _ANSWER_SECTIONS)
    content = checker.build(intent_docs, answer_docs)
    if checker.problems or content is None:
        raise ContentError(checker.problems or [f"{root}:1: no content found"])
    return content


class _Checker(VocabularyChecks, RuleChecks):
    """Collects problems while turning located YAML into Content."""

    # -- building --------------------------------------------------------------------------------
    def build(self, intent_docs: list, answer_docs: list) -> Content | None:
        intents = self.build_intents(intent_docs)
        answers = self.build_answers(answer_docs, intents)
        concepts = self.build_concepts(intent_docs)
        red_flags, urgent_keys = self.build_red_flags(intent_docs)
        careful, careful_keys = self.build_red_flags(intent_docs, "careful")
        facts, _ = self.build_red_flags(intent_docs, "facts")
        self.check_concepts_used(intent_docs)
        vocabulary = self.build_vocabulary(intent_docs)
        caveat, replies, sections = self.build_replies(answer_docs)
        for table, used in (("urgent", urgent_keys), ("careful", careful_keys)):
            for label, line, key in used:
                if key not in (replies.get(table) or {}):
                    self.problem(label, line, f"{table} reply '{key}' is not among replies.{table}")
        self.check_sources(answer_docs, sections)
        if self.problems or caveat is None:
            if caveat is None and not any("caveat" in p for p in self.problems):
                self.problem(answer_docs[0][0] if answer_docs else "answers", 1,
                             "missing 'caveat': every reply must carry the consult-your-provider caveat")
            return None
        return Content(intents=tuple(intents.values()), answers=answers, red_flags=tuple(red_flags),
                       vocabulary=vocabulary, caveat=caveat, replies=replies, sections=tuple(sections),
                       careful=tuple(careful), facts=tuple(facts), number_slots=tuple(concepts.slots.values()),
                       lexicon_words=frozenset(concepts.base_words))

    def build_intents(self, docs: list) -> dict[str, Intent]:
        intents: dict[str, Intent] = {}
        where: dict[str, str] = {}
        pattern_owner: dict[str, str] = {}
        for section, spec in (("intents", _INTENT_KEYS), ("smalltalk", _SMALLTALK_KEYS)):
            for label, entry in self.entries(docs, section):
                if not self.keys(label, entry, spec, f"{section} entry"):
                    continue
                intent_id = self.text(label, entry.line_of("id"), entry["id"], "id")
                if intent_id is None:
                    continue
                if intent_id in intents:
                    self.problem(label, entry.line_of("id"), f"duplicate id '{intent_id}' (also {where[intent_id]})")
                    continue
                patterns = self.texts(label, entry, "patterns", f"patterns of '{intent_id}'")
                if section == "intents" and 0 < len(patterns) < MIN_PATTERNS:
                    self.problem(label, entry.line_of("patterns"),
                                 f"'{intent_id}' has {len(patterns)} patterns; at least {MIN_PATTERNS} are needed")
                for index, pattern in enumerate(patterns):
                    key = norm_pattern(pattern)
                    owner = pattern_owner.setdefault(key, intent_id)
                    if owner != intent_id:
                        self.problem(label, entry["patterns"].line_of(index),
                                     f"pattern '{pattern}' is in both '{owner}' and '{intent_id}'")
                if section == "intents":
                    topic = self.text(label, entry.line_of("topic"), entry["topic"], "topic")
                    question = self.text(label, entry.line_of("question"), entry["question"], "question")
                    keywords = self.texts(label, entry, "keywords", "keywords") if "keywords" in entry else []
                    group = (self.text(label, entry.line_of("group"), entry["group"], "group")
                             if "group" in entry else None)
                    intent = Intent(intent_id, topic or intent_id, question or intent_id, tuple(patterns),
                                    tuple(keywords), group)
                else:
                    intent = Intent(intent_id, intent_id, patterns[0] if patterns else intent_id,
                                    tuple(patterns), smalltalk=True)
                intents[intent_id] = intent
                where[intent_id] = f"{label}:{entry.line}"
        return intents

    def build_answers(self, docs: list, intents: dict[str, Intent]) -> dict[str, Answer]:
        answers: dict[str, Answer] = {}
        follow_up_refs = []
        for label, entry in self.entries(docs, "answers"):
            if not self.keys(label, entry, _ANSWER_KEYS, "answer"):
                continue
            intent_id = self.text(label, entry.line_of("intent"), entry["intent"], "intent")
            text = self.text(label, entry.line_of("text"), entry["text"], "answer text")
            if intent_id is None or text is None:
                continue
            if intent_id not in intents:
                self.problem(label, entry.line_of("intent"), f"answer for unknown intent '{intent_id}'")
                continue
            if intent_id in answers:
                self.problem(label, entry.line_of("intent"), f"second answer for intent '{intent_id}'")
                continue
            source = None
            if "source" in entry:
                source = self.text(label, entry.line_of("source"), entry["source"], "source")
            elif not intents[intent_id].smalltalk:
                self.problem(label, entry.line, f"answer '{intent_id}' is missing 'source' (its article section)")
            follow_ups = self.texts(label, entry, "follow_ups", "follow_ups") if "follow_ups" in entry else []
            if len(follow_ups) > 3:
                self.problem(label, entry.line_of("follow_ups"), "at most 3 follow_ups")
            follow_up_refs += [(label, entry.line_of("follow_ups"), ref) for ref in follow_ups]
            why = self.text(label, entry.line_of("why"), entry["why"], "why") if "why" in entry else None
            if why is not None:
                follow_up_refs.append((label, entry.line_of("why"), why))
            aspects = self.aspects(label, entry) if "aspects" in entry else []
            follow_up_refs += [(label, entry.line_of("aspects"), aspect) for aspect, _ in aspects]
            answers[intent_id] = Answer(intent_id, text, source, tuple(follow_ups), why, tuple(aspects))
        for label, line, ref in follow_up_refs:
            if ref not in intents:
                self.problem(label, line, f"follow-up '{ref}' does not resolve to an intent")
        for intent in intents.values():
            if intent.id not in answers:
                self.problem("answers", 1, f"intent '{intent.id}' has no answer")
        return answers

    def aspects(self, label: str, entry: LocatedDict) -> list[tuple[str, str]]:
        """An answer's ``aspects``: aspect intent -> what the article says of this subject on it."""
        table = entry["aspects"]
        if not isinstance(table, LocatedDict):
            self.problem(label, entry.line_of("aspects"), "aspects must be a mapping of intent id to text")
            return []
        out = []
        for aspect, note in table.items():
            checked = self.text(label, table.line_of(aspect), note, f"aspects '{aspect}'")
            if checked is not None:
                out.append((str(aspect), checked))
        return out

    def build_replies(self, docs: list) -> tuple[str | None, dict[str, Any], list[str]]:
        caveat: str | None = None
        replies: dict[str, Any] = {}
        sections: list[str] = []
        for label, doc in docs:
            if "caveat" in doc:
                caveat = self.text(label, doc.line_of("caveat"), doc["caveat"], "caveat")
            if "sections" in doc:
                sections += self.texts(label, doc, "sections", "sections")
            if "replies" not in doc:
                continue
            table = doc["replies"]
            if not isinstance(table, LocatedDict):
                self.problem(label, doc.line_of("replies"), "'replies' must be a mapping")
                continue
            for key, value in table.items():
                if isinstance(value, LocatedDict) and key in _MAPPING_REPLIES:
                    replies[key] = {k: self.text(label, value.line_of(k), v, f"replies.{key}.{k}") or ""
                                    for k, v in value.items()}
                else:
                    replies[key] = self.text(label, table.line_of(key), value, f"replies.{key}") or ""
        first = docs[0][0] if docs else "answers"
        for key in REQUIRED_REPLIES:
            if key not in replies:
                self.problem(first, 1, f"missing replies.{key}")
        urgent = replies.get("urgent")
        if "urgent" in replies and not (isinstance(urgent, dict) and "default" in urgent):
            self.problem(first, 1, "replies.urgent must map reply names to text, with a 'default'")
        return caveat, replies, sections

    def check_sources(self, docs: list, sections: list[str]) -> None:
        if not sections:
            return
        for label, entry in self.entries(docs, "answers"):
            source = entry.get("source")
            if isinstance(source, str) and source.strip() not in sections:
                self.problem(label, entry.line_of("source"), f"source '{source}' is not one of the sections")
