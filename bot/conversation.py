"""Decide what to say: urgent, answer, clarify, fallback or small talk, in the light of context.

The order is the safety order: a red flag is caught before anything else; then commands that
only make sense in a conversation (a number, "reset", "tell me more"); then small talk; then
subjects the article does not cover; and only then the matcher, whose scores are turned into a
reply by explicit thresholds. A tie is never guessed: it becomes "did you mean".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .errors import StateError
from .matcher import Candidate
from .model import Content, Reply
from .normalize import Analysis

if TYPE_CHECKING:
    from .faqbot import FAQBot

__all__ = ["MAX_MESSAGE_CHARS", "STATE_VERSION", "Session", "Thresholds"]

STATE_VERSION = 1
#: A message is read up to here (cut at a word boundary); the matcher reads far less.
MAX_MESSAGE_CHARS = 4000


@dataclass(frozen=True)
class Thresholds:
    """When a score becomes an answer, a question back, or a refusal (see docs/matching.md).

    A wrong answer to a health question is worse than "did you mean", so the bot answers only a
    clear winner and asks whenever two intents are nearly as good. The values were set on
    tests/eval for the fewest wrong answers first, then the most right ones.
    """

    answer: float = 0.60  # best score at or above this (and clear of the runner-up): answer
    clarify: float = 0.45  # best score at or above this but not answerable: ask which was meant
    margin: float = 0.05  # top two closer than this: ask, never guess
    coverage: float = 0.4  # the best intent must explain this share of the question, or we refuse
    anchor: float = 1.2  # ... and rest on typed words weighing this much (magnesium alone: 0.73)
    options_within: float = 0.2  # runners-up this close to the best are offered as options
    context_boost: float = 0.15  # a follow-up's lift for intents in the last topic's group
    follow_up_boost: float = 0.08  # its lift for the last answer's own follow-ups


@dataclass(frozen=True)
class Cues:
    """What the conversation reads from content, derived once per pack rather than per question."""

    same_group: dict[str, frozenset[str]]  # intent -> the other intents of its group
    follow_ups: dict[str, frozenset[str]]  # intent -> its answer's follow-ups
    more_requests: frozenset[str]  # whole messages that ask to go deeper ("tell me more")
    more_asks: frozenset[str]  # their one-word forms ("why", "how")
    more_companions: frozenset[str]  # every word of those phrases ("does", "that", "happen")
    reset_commands: frozenset[str]
    followup_markers: tuple[str, ...]

    @classmethod
    def from_content(cls, content: Content) -> Cues:
        groups: dict[str, set[str]] = {}
        for intent in content.intents:
            if intent.group:
                groups.setdefault(intent.group, set()).add(intent.id)
        vocabulary = content.vocabulary
        return cls(
            same_group={i.id: frozenset(groups.get(i.group or "", set()) - {i.id}) for i in content.intents},
            follow_ups={a.intent: frozenset(a.follow_ups) - {a.intent} for a in content.answers.values()},
            more_requests=frozenset(vocabulary.more_requests),
            more_asks=frozenset(m for m in vocabulary.more_requests if " " not in m),
            more_companions=frozenset(w for m in vocabulary.more_requests for w in m.split()),
            reset_commands=frozenset(vocabulary.reset_commands),
            followup_markers=vocabulary.followup_markers)


class Session:
    """One conversation: the only mutable state in magbot. Not shared between threads."""

    def __init__(self, bot: FAQBot, state: dict[str, Any] | None = None) -> None:
        self._bot = bot
        self.last_intent: str | None = None
        self.options: tuple[str, ...] = ()
        self.last_reply: Reply | None = None
        if state is not None:
            self._restore(state)

    # -- state -----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; ``bot.session(state)`` resumes the conversation anywhere."""
        return {"version": STATE_VERSION, "intent": self.last_intent, "options": list(self.options)}

    def _restore(self, state: Any) -> None:
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            raise StateError("conversation state is not a version-1 state object")
        if set(state) - {"version", "intent", "options"}:
            raise StateError("conversation state has unknown fields")
        intent, options = state.get("intent"), state.get("options", [])
        content = self._bot.content
        if intent is not None and not (isinstance(intent, str) and content.has_intent(intent)):
            raise StateError("conversation state names an unknown intent")
        if not isinstance(options, list) or len(options) > 5 or not all(
                isinstance(o, str) and content.has_intent(o) for o in options):
            raise StateError("conversation state has invalid options")
        self.last_intent, self.options = intent, tuple(options)

    def reset(self) -> None:
        """Forget the topic and any offered options."""
        self.last_intent, self.options = None, ()

    # -- one turn --------------------------------------------------------------------------------
    def ask(self, text: str) -> Reply:
        """Reply to one message; never raises on any text. Only the first MAX_MESSAGE_CHARS characters
        are read (cut at a word boundary), whatever the frontend, so no input can make a turn slow."""
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        if len(text) > MAX_MESSAGE_CHARS:
            words = text[:MAX_MESSAGE_CHARS].split()
            if len(words) > 1 and not text[MAX_MESSAGE_CHARS].isspace():
                words.pop()  # a word cut in two is dropped
            text = " ".join(words)
        reply = self._decide(text)
        self.last_reply = reply
        return reply

    def _decide(self, text: str) -> Reply:
        bot = self._bot
        analysis = bot.normalizer.analyse(text)
        flag = bot.safety.check(analysis)
        if flag is not None:
            self.reset()
            return bot.replies.urgent(flag)
        if not analysis.content and not analysis.words:
            return self._offer(bot.replies.unreadable(self._default_options()))
        if _mostly_other_script(analysis.raw_words):
            return self._offer(bot.replies.other_language(self._default_options()))
        phrase = " ".join(analysis.words)
        if phrase in bot.cues.reset_commands:
            self.reset()
            return bot.replies.reset()
        picked = self._picked_option(text)
        if picked is not None:
            return self._answer(picked, 1.0, {"picked": text.strip()})
        if phrase in bot.cues.more_requests or self._asks_for_more(analysis):
            return self._more()
        small = bot.smalltalk.match(analysis)
        if small is not None:
            return self._offer(bot.replies.smalltalk(*small))
        subject = bot.uncovered_subject(analysis)
        if subject is not None:
            return self._uncovered(*subject, analysis)
        return self._match(analysis)

    def _uncovered(self, phrase: str, term: str, analysis: Analysis) -> Reply:
        """A subject the article does not cover: never answered, at most offered as "nearest".

        Without the uncovered words the question may still plainly be one we know ("can I take
        magnesium with ibuprofen" -> interactions); then we say the subject is not covered and offer
        that answer as an option, so the person chooses it knowingly.
        """
        bot, limits = self._bot, self._bot.thresholds
        dropped = set(phrase.split())
        rest = replace(analysis, content=tuple(w for w in analysis.content if w not in dropped),
                       words=tuple(w for w in analysis.words if w not in dropped))
        ranked = bot.matcher.rank(rest)
        # Offer a nearest answer only when enough of the question is left to know what it is
        # ("where is the nearest hospital" leaves one word: no).
        strong = [c for c in ranked if c.score >= limits.answer and self._anchored(c, rest)
                  and len(rest.content) >= 2]
        if strong:
            near = [c for c in strong if c.score >= strong[0].score - limits.options_within][:2]
            return self._offer(bot.replies.clarify(near, strong[0].score, {"out_of_scope": term},
                                                   header=("out_of_scope_clarify", term)))
        options = [c.intent for c in ranked[:3] if c.score >= limits.clarify] or self._default_options()
        return self._offer(bot.replies.out_of_scope(term, options))

    def _match(self, analysis: Analysis) -> Reply:
        bot, limits = self._bot, self._bot.thresholds
        ranked = bot.matcher.rank(analysis, limit=8)
        in_context = self._is_follow_up(analysis)
        nearby = self._nearby() if in_context else frozenset()
        if in_context:
            ranked = self._with_context(ranked)
        # A candidate that rests only on generic or guessed words is no candidate at all, unless
        # the conversation supplies the topic ("which is better?" after two forms).
        ranked = [c for c in ranked if self._anchored(c, analysis, lenient=c.intent in nearby)]
        if not ranked or ranked[0].score < limits.clarify or ranked[0].coverage < limits.coverage:
            near = [c.intent for c in ranked[:3] if c.score >= limits.clarify / 2]
            return self._offer(bot.replies.fallback(ranked[0].score if ranked else 0.0,
                                                    near or self._default_options()))
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        explanation = {"pattern": best.pattern, "words": list(best.words), "context": in_context,
                       "corrections": dict(analysis.corrections)}
        if best.score >= limits.answer and best.score - runner_up >= limits.margin:
            return self._answer(best.intent, best.score, explanation, ranked[1:4])
        options = [c for c in ranked if c.score >= max(limits.clarify, best.score - limits.options_within)]
        return self._offer(bot.replies.clarify(options[:3], best.score, explanation))

    def _anchored(self, best: Candidate, analysis: Analysis, lenient: bool = False) -> bool:
        """Does the match rest on words the person really typed, that say what it is about?

        A short word reached only by typo correction ("flight" -> "fight") is too weak to hang an
        answer or even a "did you mean" on; so are generic words ("how", "help", "recommend": see
        ``generic_words`` in the vocabulary) and a lone common word ("magnesium") next to words the
        content does not know. A question made only of known words is always anchored.
        """
        guessed = analysis.guessed
        generic = frozenset() if lenient else self._bot.content.vocabulary.generic_words
        typed = [w for w in best.words if w not in guessed and w not in generic]
        if typed and best.coverage >= 0.99:
            return True
        return sum(self._bot.matcher.weight(w) for w in typed) >= self._bot.thresholds.anchor

    # -- context ---------------------------------------------------------------------------------
    def _is_follow_up(self, analysis: Analysis) -> bool:
        """A short or "and/what about ..." message leans on the topic of the last answer."""
        if self.last_intent is None:
            return False
        markers = self._bot.cues.followup_markers
        words = " ".join(analysis.words)
        opens_with_marker = any(words == m or words.startswith(m + " ") for m in markers)
        return opens_with_marker or len(analysis.content) <= 2

    def _nearby(self) -> frozenset[str]:
        """Intents a follow-up may move to: the last topic's group and its answer's follow-ups."""
        if self.last_intent is None:
            return frozenset()
        cues = self._bot.cues
        return cues.same_group[self.last_intent] | cues.follow_ups.get(self.last_intent, frozenset())

    def _with_context(self, ranked: list[Candidate]) -> list[Candidate]:
        cues, limits = self._bot.cues, self._bot.thresholds
        same_group = cues.same_group.get(self.last_intent or "", frozenset())
        follow_ups = cues.follow_ups.get(self.last_intent or "", frozenset())
        lifted = []
        for c in ranked:
            boost = 0.0
            if c.intent == self.last_intent:
                boost = -limits.context_boost  # asking "and ...?" wants something else
            elif c.intent in same_group:
                boost = limits.context_boost
            if c.intent in follow_ups:
                boost += limits.follow_up_boost
            lifted.append(Candidate(c.intent, max(0.0, min(1.0, c.score + boost)), c.pattern, c.words, c.coverage))
        lifted.sort(key=lambda c: (-c.score, c.intent))
        return lifted

    def _more(self) -> Reply:
        answer = self._bot.content.answers.get(self.last_intent or "")
        if answer is None or not answer.follow_ups:
            return self._offer(self._bot.replies.more_without_topic(self._default_options()))
        return self._answer(answer.follow_ups[0], 1.0, {"more_about": self.last_intent})

    def _asks_for_more(self, analysis: Analysis) -> bool:
        """ "why does that happen?", "how does it work then?": a why or how, in a conversation,
        with no word but those of the "tell me more" phrases, asks to go deeper into the last
        topic. "how long did it last?" has a word of its own and is a question in its own right."""
        cues, words = self._bot.cues, analysis.content
        return (self.last_intent is not None and any(w in cues.more_asks for w in words)
                and all(w in cues.more_companions for w in words))

    def _picked_option(self, text: str) -> str | None:
        cut = text.strip()
        if len(cut) > 12:  # "number 12 )" fits; a longer message is not a bare pick (and stays linear)
            return None
        match = re.fullmatch(r"(?:number\s*|option\s*|#)?(\d{1,2})\s*[.)]?", cut.casefold())
        if match and self.options and 1 <= int(match.group(1)) <= len(self.options):
            return self.options[int(match.group(1)) - 1]
        return None

    def _default_options(self) -> list[str]:
        return list(self._bot.default_suggestions)

    # -- building replies ------------------------------------------------------------------------
    def _answer(self, intent_id: str, score: float, explanation: dict[str, Any],
                runners_up: list[Candidate] | None = None) -> Reply:
        reply = self._bot.replies.answer(intent_id, score, explanation, runners_up or [])
        if not self._bot.content.intent(intent_id).smalltalk:
            self.last_intent = intent_id
        self.options = reply.options
        return reply

    def _offer(self, reply: Reply) -> Reply:
        self.options = reply.options
        return reply


def _mostly_other_script(words: tuple[str, ...]) -> bool:
    """Most letters outside the Latin alphabet: a question in a language the content is not in.

    Latin-script languages (Spanish, French) are not caught here; they find no match and get the
    fallback like any other unknown words.
    """
    letters = [ch for word in words for ch in word if ch.isalpha()]
    foreign = sum(not ("a" <= ch <= "z" or "\u00e0" <= ch <= "\u024f") for ch in letters)
    return bool(letters) and foreign > len(letters) / 2
