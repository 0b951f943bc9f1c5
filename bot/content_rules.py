"""The safety sections of a pack: ``concepts``, and the rules over them in ``red_flags``,
``careful`` and ``facts``.

A rule is written ``when: SELF + (ENDING | NOT-GO-ON)`` (one expression, or a list of them: any
one fires it), optionally ``unless:`` expressions that keep it from firing ("took the whole box *to
the pharmacist*"). The older ``any``/``all`` phrase groups are still read, as a combination of
their own, so a small pack needs no concepts. Every problem is reported at its ``file:line``.
"""

from __future__ import annotations

from .concepts import ConceptTable, Problem
from .content_reader import PackReader
from .model import RedFlag
from .yamlsource import LocatedDict, LocatedList

__all__ = ["RuleChecks"]

_RED_FLAG_KEYS = {"id": True, "all": False, "any": False, "when": False, "unless": False, "reply": False,
                  "level": False, "nature": False, "scope": False}
_SCOPES = ("message", "asked")
_LEVELS = ("emergency", "prompt")
_NATURES = ("symptom", "event", "history", "thought")

Groups = tuple[tuple[str, ...], ...]


class RuleChecks(PackReader):
    """Reads concepts once, then every rule section against them."""

    concepts: ConceptTable

    def build_concepts(self, docs: list) -> ConceptTable:
        table = ConceptTable()
        first_label = docs[0][0] if docs else "intents"
        for label, doc in docs:
            if "concepts" not in doc:
                continue
            section = doc["concepts"]
            if not isinstance(section, LocatedDict):
                self.problem(label, doc.line_of("concepts"), "'concepts' must map a NAME to its phrases")
                continue
            for name, value in section.items():
                table.add(str(name), value, section.line_of(name), self._reporter(label))
        table.resolve(self._reporter(self._label_of(docs, first_label)))
        self.concepts = table
        return table

    def _reporter(self, label: str, fixed_line: int | None = None) -> Problem:
        """A problem callback for one file (and, for a rule's own text, one line)."""
        def report(line: int, message: str) -> None:
            self.problem(label, fixed_line if fixed_line is not None else line, message)
        return report

    def _label_of(self, docs: list, default: str) -> str:
        return next((label for label, doc in docs if "concepts" in doc), default)

    def check_concepts_used(self, docs: list) -> None:
        label = self._label_of(docs, "intents")
        for name in self.concepts.unused():
            self.problem(label, self.concepts.lines[name], f"concept '{name}' is used by no rule")

    def build_red_flags(self, docs: list,
                        section: str = "red_flags") -> tuple[list[RedFlag], list[tuple[str, int, str]]]:
        """Rules over concepts: the red flags, the careful situations (``careful``) or the facts a
        person tells (``facts``, whose ids are fact names)."""
        flags, replies_used = [], []
        for label, entry in self.entries(docs, section):
            if not self.keys(label, entry, _RED_FLAG_KEYS, "red flag"):
                continue
            flag_id = self.text(label, entry.line_of("id"), entry["id"], "id") or "?"
            combos = [*self._expressions(label, entry, "when", flag_id)]
            groups = self._phrase_groups(label, entry, flag_id)
            if groups:
                combos.append(groups)
            if not combos:
                self.problem(label, entry.line, f"red flag '{flag_id}' needs 'when', 'any' or 'all'")
                continue
            unless = self._expressions(label, entry, "unless", flag_id) if "unless" in entry else []
            reply = "default"
            if section == "careful" and "reply" not in entry:
                self.problem(label, entry.line, f"careful situation '{flag_id}' needs a 'reply'")
            if "reply" in entry:
                reply = self.text(label, entry.line_of("reply"), entry["reply"], "reply") or "default"
            if section != "facts":
                replies_used.append((label, entry.line_of("reply"), reply))
            level = self.choice(label, entry, "level", _LEVELS, flag_id)
            nature = self.choice(label, entry, "nature", _NATURES, flag_id)
            scope = self.choice(label, entry, "scope", _SCOPES, flag_id)
            written = entry.get("when", [])
            when = tuple(str(w) for w in (written if isinstance(written, list) else [written]))
            flags.append(RedFlag(flag_id, combos[0], reply, level, nature, scope, either=tuple(combos[1:]),
                                 unless=tuple(unless), when=when))
        return flags, replies_used

    def _expressions(self, label: str, entry: LocatedDict, key: str, flag_id: str) -> list[Groups]:
        if key not in entry:
            return []
        value = entry[key]
        items = list(value) if isinstance(value, LocatedList) else [value]
        out = []
        for index, item in enumerate(items):
            line = value.line_of(index) if isinstance(value, LocatedList) else entry.line_of(key)
            if not isinstance(item, str) or not item.strip():
                self.problem(label, line, f"'{flag_id}' {key}: each rule is text, like 'SELF + ENDING'")
                continue
            groups = self.concepts.compile(item, self._reporter(label, line))
            if groups:
                out.append(groups)
        return out

    def _phrase_groups(self, label: str, entry: LocatedDict, flag_id: str) -> Groups:
        groups: list[tuple[str, ...]] = []
        if "any" in entry:
            groups.append(tuple(self.texts(label, entry, "any", f"'{flag_id}' any")))
        if "all" in entry:
            value = entry["all"]
            if not isinstance(value, LocatedList):
                self.problem(label, entry.line_of("all"), f"'{flag_id}' all must be a list of lists")
            for index, group in enumerate(value if isinstance(value, LocatedList) else []):
                if not isinstance(group, LocatedList) or not group:
                    self.problem(label, value.line_of(index), f"'{flag_id}' all: each item is a list of phrases")
                    continue
                groups.append(tuple(self.text(label, group.line_of(i), phrase, "phrase") or ""
                                    for i, phrase in enumerate(group)))
        if groups and not all(any(ch.isalpha() for ch in "".join(group)) for group in groups):
            # A rule of punctuation alone ("???") is counted but can never fire: a safety rule lost.
            self.problem(label, entry.line, f"red flag '{flag_id}': each group needs at least one word")
        return tuple(groups)

    def choice(self, label: str, entry: LocatedDict, key: str, allowed: tuple[str, ...], flag_id: str) -> str:
        """An optional key that must be one of a few words; the first is the default."""
        if key not in entry:
            return allowed[0]
        value = self.text(label, entry.line_of(key), entry[key], key)
        if value not in allowed:
            self.problem(label, entry.line_of(key), f"red flag '{flag_id}' {key} must be one of {', '.join(allowed)}")
            return allowed[0]
        return value
