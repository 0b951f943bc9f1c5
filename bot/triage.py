"""Triage: red flags are caught before anything else, read clause by clause, at the right level.

A bag of phrases over the whole message fails both ways: it misses an emergency told in a long
message and it raises the alarm at "no numbness down below" or "the numbness has been there for
months, my GP knows". So each rule (content: ``intents/safety.yaml``) must be met within one
sentence, and what surrounds its phrases is read:

- a phrase right after a negator ("no numbness", "never lost control") does not count;
- a symptom or event told as settled (past, known to a doctor, checked, stable) does not count,
  unless the same sentence says it is new or worsening;
- a symptom or event asked about as a hypothetical ("what happens if a child swallows one")
  does not count: the question gets its answer instead;
- thoughts of suicide or self-harm count however they are told: nothing settles them.

A missed emergency is the worst failure, so where a message is truly ambiguous the rule fires.
Each rule names its level of care: ``emergency`` (now) or ``prompt`` (a doctor or pharmacist today).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .concepts import NumberSlot
from .english import has_number, read_numbers
from .model import RedFlag, Vocabulary
from .phrases import PhraseSet, phrase_words
from .reading import Reading
from .triage_slots import SlotReader
from .triage_words import ASKING, BOUNDARIES, CLAUSE_MARK, Lexicon, spell_out, starts_clause

__all__ = ["CLAUSE_MARK", "Triage", "spell_out"]

#: How many words before a phrase a negator may stand ("no bladder or bowel problems").
_NEGATION_REACH = 4
#: How many words after a phrase a denial may stand ("bladder and bowels are fine").
_DENIAL_REACH = 4
#: The tail of a very long message is read for self-harm thoughts in runs of this many words.
_TAIL_RUN = 200
_TAIL_OVERLAP = 20
_THIS_YEAR = datetime.date.today().year
#: How many span readings are kept between the steps of a turn (and across turns, until full).
_SCANS_KEPT = 512
@dataclass(frozen=True)
class _Rule:
    flag: RedFlag
    groups: tuple[frozenset[str], ...]  # each group's phrases (and number-slot keys), as compiled
    unless: tuple[tuple[frozenset[str], ...], ...] = ()  # combinations that keep it from firing


def _groups(combination: Sequence[Sequence[str]]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(p for p in group if p.startswith("#") or phrase_words(p)) for group in combination)


def _compile(flags: Sequence[RedFlag]) -> list[_Rule]:
    # Groups are sets: a rule looks up the few phrases a span holds, not its dozens of phrases. A
    # rule with several combinations ("when" lists) is one _Rule per combination, in order.
    rules = [_Rule(flag, _groups(combination), tuple(_groups(u) for u in flag.unless))
             for flag in flags for combination in flag.combinations]
    return [r for r in rules if r.groups and all(r.groups)]


#: Words between a plain "not" and the thought it denies: "not *trying to* hurt myself".
_DENIAL_SKIP = frozenset({"trying", "going", "planning", "gonna", "wanting", "want", "to", "about", "even", "ever",
                          "really", "actually"})


def _thought_denied(words: tuple[str, ...], start: int) -> bool:
    j = start - 1
    while j >= 0 and words[j] in _DENIAL_SKIP:
        j -= 1
    return j >= 0 and words[j] in ("not", "never", "t") and j >= start - 4


def _past_year(words: tuple[str, ...]) -> bool:
    """ "in 2015", "back in 2010", "since 2019": a year gone by tells a story, like "years ago"."""
    if not any(len(w) == 4 and w.isdigit() for w in words):
        return False
    return any(1950 <= value < _THIS_YEAR and start > 0 and words[start - 1] in ("in", "since", "from", "of")
               for start, _, value in read_numbers(words))


def _phrases(rules: Sequence[_Rule]) -> list[str]:
    return [p for rule in rules for groups in (rule.groups, *rule.unless) for group in groups for p in group
            if not p.startswith("#")]


Hits = dict[str, list[int]]  # phrase -> where it starts in the words


class Triage:
    """Compiled rules and the words that qualify them; immutable, so one serves every thread."""

    def __init__(self, flags: Sequence[RedFlag], vocabulary: Vocabulary, careful: Sequence[RedFlag] = (),
                 facts: Sequence[RedFlag] = (), slots: Sequence[NumberSlot] = ()) -> None:
        self._rules = _compile(flags)
        self._careful = _compile(careful)
        self._facts = _compile(facts)
        every = self._rules + self._careful + self._facts
        self._slots = SlotReader(slots, (p for rule in every for groups in (rule.groups, *rule.unless)
                                         for group in groups for p in group if p.startswith("#")))
        # Every phrase of every rule and every qualifier, searched in one pass over a span; each
        # rule then only looks its phrases up, and only the rules whose first group is there.
        qualifiers = {"settled": vocabulary.triage_settled, "worsening": vocabulary.triage_worsening,
                      "hypothetical": vocabulary.triage_hypothetical}
        rule_phrases = _phrases(every)
        # Typos are corrected towards the rules' own words ("acident" -> accident), not the matcher's.
        self._lexicon = Lexicon(w for p in rule_phrases for w in phrase_words(p) if not w.endswith("*"))
        tags: dict[str, set[str]] = {}
        for tag, phrases in [("rule", rule_phrases), ("slot", self._slots.phrases), *qualifiers.items()]:
            for phrase in phrases:
                tags.setdefault(phrase, set()).add(tag)
        # A few kinds of tags among tens of thousands of phrases: each kind is one shared object.
        kinds: dict[frozenset[str], frozenset[str]] = {}
        self._tags = {p: kinds.setdefault(frozenset(t), frozenset(t)) for p, t in tags.items()}
        self._phrases = PhraseSet(self._tags)
        self._rules_with: dict[str, list[int]] = {}
        for index, rule in enumerate(self._rules):
            for phrase in rule.groups[0]:
                self._rules_with.setdefault(phrase, []).append(index)
        self.pointing_words = frozenset(vocabulary.pointing_words)
        # Nearly every message trips no rule: one look for any rule's first group settles it.
        self._screen = PhraseSet(p for rule in self._rules for p in rule.groups[0] if not p.startswith("#"))
        self._thought_screen = PhraseSet(p for rule in self._rules if rule.flag.nature == "thought"
                                         for p in rule.groups[0] if not p.startswith("#"))
        # A rule led by a number slot ("PILL-COUNT >= 10 + ...") is screened by any number at all.
        self._number_first = any(p.startswith("#") for rule in self._rules for p in rule.groups[0])
        self._fact_screen = PhraseSet(p for rule in self._facts for p in rule.groups[0] if not p.startswith("#"))
        self._fact_numbers = any(p.startswith("#") for rule in self._facts for p in rule.groups[0])
        self._negators = PhraseSet(vocabulary.triage_negators)
        self._settled = PhraseSet(vocabulary.triage_settled)
        self._worsening = PhraseSet(vocabulary.triage_worsening)
        self._hypothetical = PhraseSet(vocabulary.triage_hypothetical)
        self._safe = PhraseSet(vocabulary.triage_safe)
        self._hyperbole = PhraseSet(vocabulary.triage_hyperbole)
        self._denials = PhraseSet(vocabulary.triage_denials)
        # Phrase lengths, in words; filled as phrases are met (a dict write is atomic, so sharing
        # the cache across threads is safe).
        self._sizes: dict[str, int] = {}
        self._scanned: dict[tuple[str, ...], tuple[bool, bool, Hits]] = {}
        self._negated: dict[str, bool] = {}

    def check(self, reading: Reading, readings_of: Callable[[str], Sequence[tuple[str, ...]]],
              thoughts_only: bool = False) -> RedFlag | None:
        """The first rule a sentence of the message meets, or None.

        ``readings_of`` gives a text's words as typed and with typos corrected; a phrase counts
        in either reading.
        """
        sentences = reading.sentences()
        # A rule is met within one sentence, or two or three in a row: "I took 4 of them. Now I
        # feel sick.", "my toddler. got into my bag. and swallowed some". A window needs one of its
        # sentences to hold the start of a rule at all.
        readings_of = self._lexicon.readings(readings_of)
        flagged = [any(self._screen.find(spell_out(w)) or (self._number_first and has_number(w))
                       for w in readings_of(s)) for s in sentences]
        spans = [" ".join(sentences[i:i + size]) for size in (1, 2, 3) for i in range(len(sentences) - size + 1)
                 if any(flagged[i:i + size])]
        for sentence in spans:
            for words in readings_of(sentence):
                found = self._check_words(self._mask_hyperbole(spell_out(words)), thoughts_only)
                if found is not None:
                    return found
        return None

    def check_thoughts(self, words: Sequence[str]) -> RedFlag | None:
        """Self-harm thoughts anywhere in plain words, read in overlapping runs: the cheap look at
        the part of a very long message that is not otherwise read."""
        spelled = spell_out(words)  # the cheap look: no typo of a rule word is looked for here
        for start in range(0, max(len(spelled), 1), _TAIL_RUN - _TAIL_OVERLAP):
            run = spelled[start:start + _TAIL_RUN]
            if self._thought_screen.find(run):  # one cheap pass; the rules only where it may be
                found = self._check_words(self._mask_hyperbole(run), thoughts_only=True)
                if found is not None:
                    return found
        return None

    def careful(self, reading: Reading, readings_of: Callable[[str], Sequence[tuple[str, ...]]],
                statement: bool = False, kept: frozenset[str] = frozenset()) -> RedFlag | None:
        """The first careful situation the message is in ("should I stop my pregabalin", "how much
        for my 10 year old"), read like red flags: denied, settled or hypothetical mentions do not
        count, and an "asked" situation counts only in a clause the person asks, or anywhere when
        that clause points at someone else ("how much can he have"). For a ``statement`` (nothing
        asked), every situation is looked for in every clause but those ``kept`` as facts for the
        next question: "I'm going to stop my pregabalin" needs the careful reply now; "I'm
        breastfeeding" is kept."""
        sentences = reading.sentences()
        readings_of = self._lexicon.readings(readings_of)
        read_spans: dict[str, list[tuple[tuple[str, ...], bool, bool, Hits]]] = {}

        def readings(span: str) -> list[tuple[tuple[str, ...], bool, bool, Hits]]:
            # Each span is read once, however many situations look at it.
            if span not in read_spans:
                words = [self._mask_hyperbole(spell_out(w)) for w in readings_of(span)]
                read_spans[span] = [(w, *self._scan(w)) for w in words]
            return read_spans[span]

        for rule in self._careful:
            spans: list[str] = sentences
            if statement:
                if rule.flag.id in kept:
                    continue
                spans = [c.text for c in reading.clauses]
            elif rule.flag.scope == "asked":
                spans = [f"{reading.context_for(c, sentences=2)} {c.text}"
                         if any(self.pointing_words.intersection(w) for w in readings_of(c.text)) else c.text
                         for c in reading.asked]
            for span in spans:
                for words, settled, hypothetical, hits in readings(span):
                    if self._rule_met(rule, words, settled, hypothetical, hits):
                        return rule.flag
        return None

    @property
    def fact_names(self) -> frozenset[str]:
        """The facts the rules may tell."""
        return frozenset(rule.flag.id for rule in self._facts)

    def facts_in(self, words: Sequence[str]) -> set[str]:
        """Every fact rule (``facts``: "I take naproxen daily", "I'm 15") the words meet, read like
        red flags: a denied, settled or hypothetical mention tells nothing."""
        if not self._facts:
            return set()
        spelled = self._mask_hyperbole(spell_out(self._lexicon.fixed(tuple(words))))
        if not self._fact_screen.find(spelled) and not (self._fact_numbers and has_number(spelled)):
            return set()  # nearly every message tells none: one look for any fact rule's first part
        settled, hypothetical, hits = self._scan(spelled)
        return {rule.flag.id for rule in self._facts if self._rule_met(rule, spelled, settled, hypothetical, hits)}

    def says_safe(self, reading: Reading, readings_of: Callable[[str], Sequence[tuple[str, ...]]]) -> bool:
        """Does the message say the person is safe or getting help ("I'm safe", "called 988")?"""
        for sentence in reading.sentences():
            for words in readings_of(sentence):
                for phrase, start in self._safe.find_all(words):
                    if not self._denied(words, phrase, start, set()):  # "I'm *not* getting help"
                        return True
        return False

    def _mask_hyperbole(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """ "this pain is killing me", "my heart nearly stopped at the price": figures of speech
        are blanked out, so no rule reads them as what they say."""
        masked = list(words)
        for phrase, position in self._hyperbole.find_all(words):
            for i in range(position, position + self._size(phrase)):
                masked[i] = ""
        return tuple(masked)

    def _check_words(self, words: tuple[str, ...], thoughts_only: bool = False) -> RedFlag | None:
        settled, hypothetical, hits = self._scan(words)
        # Only the rules whose first group is in the span, in their order: the first met wins.
        candidates = sorted({i for phrase in hits for i in self._rules_with.get(phrase, ())})
        for rule in (self._rules[i] for i in candidates):
            if thoughts_only and rule.flag.nature != "thought":
                continue
            if self._rule_met(rule, words, settled, hypothetical, hits):
                return rule.flag
        return None

    def _scan(self, words: tuple[str, ...]) -> tuple[bool, bool, Hits]:
        """(told as settled and not as new or worse, asked about as a hypothetical, where each
        rule phrase is): one pass over the span. Red flags, careful situations and facts read the
        same spans in one turn, so the last few readings are kept (a dict write is atomic; the
        hits are only read)."""
        known = self._scanned.get(words)
        if known is None:
            if len(self._scanned) > _SCANS_KEPT:
                self._scanned.clear()
            known = self._scanned[words] = self._scan_once(words)
        return known

    def _scan_once(self, words: tuple[str, ...]) -> tuple[bool, bool, Hits]:
        hits: Hits = {}
        tags: set[str] = set()
        for phrase, position in self._phrases.find_all(words):
            tags.update(self._tags[phrase])
            hits.setdefault(phrase, []).append(position)
        if self._slots:
            hits.update(self._slots.hits(words, hits))
        if _past_year(words):
            tags.add("settled")
        return "settled" in tags and "worsening" not in tags, "hypothetical" in tags, hits

    def _rule_met(self, rule: _Rule, words: tuple[str, ...], settled: bool, hypothetical: bool, hits: Hits) -> bool:
        nature = rule.flag.nature
        if rule.groups[0].isdisjoint(hits):
            return False  # nearly every rule, for nearly every span
        # Settled or hypothetical only counts in the clause where the rule's symptom is told:
        # "sciatica for years and I can't pee" is a new symptom after all.
        qualified = (nature in ("symptom", "event") and settled) or (nature != "thought" and hypothetical)
        if qualified and self._qualified_where_met(rule, words, hits, settled and nature in ("symptom", "event"),
                                                   hypothetical and nature != "thought"):
            return False
        if not self._meets(rule.groups, words, hits, deniable=nature != "thought"):
            return False
        # "took the whole box *to the pharmacist*": an ordinary use of the words unsays the rule.
        return not any(self._meets(unless, words, hits, deniable=True) for unless in rule.unless)

    def _qualified_where_met(self, rule: _Rule, words: tuple[str, ...], hits: Hits, settled: bool,
                             hypothetical: bool) -> bool:
        """Is every place the rule's first group is met inside a clause that holds the qualifier?"""
        starts = [start for p, where in hits.items() if p in rule.groups[0] for start in where]
        if not starts:
            return True
        for start in starts:
            lo, hi = start, start
            while lo > 0 and not starts_clause(words, lo - 1):
                lo -= 1
            while hi < len(words) - 1 and not starts_clause(words, hi + 1):
                hi += 1
            segment = words[lo:hi + 1]
            told = self._settled.find(segment) is not None or _past_year(segment)
            told_settled = settled and told and self._worsening.find(segment) is None
            asked_about = hypothetical and self._hypothetical.find(segment) is not None
            if not (told_settled or asked_about):
                return False
        return True

    def _meets(self, groups: tuple[frozenset[str], ...], words: tuple[str, ...], hits: Hits, deniable: bool) -> bool:
        """Every group has a phrase in the words that nothing around it denies."""
        found = []
        for group in groups:
            hits_of_group = [(p, start) for p, where in hits.items() if p in group for start in where]
            if not hits_of_group:
                return False  # most rules stop at their first group
            found.append(hits_of_group)
        if not deniable:
            # Thoughts count however they are told, but not when the person plainly says they are
            # not having them: "I'm *not* suicidal", "*not* trying to hurt myself, just scream".
            return all(any(not _thought_denied(words, start) for _, start in hits) for hits in found)
        # A negator inside a matched phrase ("*no* feeling") belongs to the symptom, not a denial.
        inside = {i for hits in found for phrase, start in hits if self._holds_negator(phrase)
                  for i in range(start, start + self._size(phrase))}
        return all(any(not self._denied(words, phrase, start, inside) for phrase, start in hits) for hits in found)

    def _denied(self, words: tuple[str, ...], phrase: str, start: int, inside: set[int]) -> bool:
        """ "*no* numbness", "bladder and bowels *are fine*": a negator just before, or a denial
        just after (not itself negated: "it's *not* normal" denies nothing)."""
        window = list(range(max(0, start - _NEGATION_REACH), start))
        cut = max((i for i in window if words[i] in BOUNDARIES), default=None)
        # "No I can't pee": a "no" that opens a clause answers something; it denies nothing after it.
        before = tuple(words[i] for i in window if i not in inside and (cut is None or i > cut)
                       and not (words[i] in ("no", "nope", "nah") and i + 1 < len(words) and words[i + 1] == "i"))
        if self._negators.find(before) or (start > 0 and words[start - 1] == "not" and start - 1 not in inside):
            return True  # "no numbness down below"; "not pregnant" (a bare "not" only right before)
        end = start + self._size(phrase)
        after = words[end:end + _DENIAL_REACH]
        for _, position in self._denials.find_all(after):
            between = after[:position]
            if BOUNDARIES.intersection(between) or ASKING.intersection(between):
                continue  # "..., is that normal?" asks; it does not deny
            if position == 0 or after[position - 1] not in ("not", "t", "never"):
                return True
        return False

    def _holds_negator(self, phrase: str) -> bool:
        """Does the phrase itself hold a negator ("*no* feeling", "can*not* feel")? Asked of every
        phrase a rule meets, so the answer is kept (a dict write is atomic)."""
        known = self._negated.get(phrase)
        if known is None:
            known = self._negated[phrase] = not phrase.startswith("#") and self._negators.find(
                phrase_words(phrase)) is not None
        return known

    def _size(self, phrase: str) -> int:
        if phrase.startswith("#"):
            return 1  # a number slot: its number's first word
        size = self._sizes.get(phrase)
        if size is None:
            size = self._sizes[phrase] = len(phrase_words(phrase))
        return size
