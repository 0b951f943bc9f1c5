"""The steps of a turn: each ``(turn, conversation) -> reply | None``, given only what it needs.

A step that returns a reply decides the turn and may change the conversation (a new topic, the
options offered, a crisis, the facts told); ``None`` passes the turn on. ``pipeline.py`` orders
them; this module says what each one does. Steps hold no per-turn state: one serves every session.
"""

from __future__ import annotations

from typing import ClassVar

from .conversation_state import Conversation
from .cues import Cues
from .model import Answer, Reply
from .normalize import Normalizer, mostly_other_script, plain_words
from .replies import ReplyBuilder
from .smalltalk import SmalltalkMatcher
from .triage import Triage
from .turn import Turn

__all__ = ["CrisisInTail", "MoreRequest", "OtherScript", "PickedOption", "RedFlags", "Reset", "SmallTalk",
           "Unreadable"]


#: A message longer than this picks no offered option: "2", "#2", "option 2", "number 2.".
_PICK_CHARS = 20


class CrisisInTail:
    """Past the part of a long message that is read, thoughts of self-harm are still looked for:
    they may be the last thing someone writes."""

    name: ClassVar[str] = "crisis_in_tail"

    def __init__(self, triage: Triage, replies: ReplyBuilder) -> None:
        self._triage, self._replies = triage, replies

    def __call__(self, turn: Turn, conversation: Conversation) -> Reply | None:
        if not turn.tail:
            return None
        flag = self._triage.check_thoughts(plain_words(turn.tail, len(turn.tail)))
        if flag is None:
            return None
        conversation.crisis = flag
        conversation.drop_topic()
        return self._replies.urgent(flag)


class RedFlags:
    """Triage: the urgent reply this turn needs, if any.

    After a disclosure of self-harm thoughts the crisis signposting stays, turn after turn, until
    the person says they are safe or getting help; any other emergency is answered once, and a
    person on their way to care may go on to ask their question. The topic is dropped; what the
    person told about themselves is kept, and a crisis disclosed before is not forgotten because
    another emergency came up.
    """

    name: ClassVar[str] = "triage"

    def __init__(self, triage: Triage, replies: ReplyBuilder) -> None:
        self._triage, self._replies = triage, replies

    def __call__(self, turn: Turn, conversation: Conversation) -> Reply | None:
        flag = self._triage.check(turn.reading, turn.spans)
        if flag is not None:
            conversation.drop_topic()
            if flag.nature == "thought":
                conversation.crisis = flag
            conversation.keep(turn.told)
            return self._replies.urgent(flag)
        if conversation.crisis is not None:
            if self._triage.says_safe(turn.reading, turn.spans):
                conversation.crisis = None
                return None
            conversation.keep(turn.told)
            return self._replies.urgent(conversation.crisis, again=True)
        return None


class Unreadable:
    """Nothing in the message is a word ("???", emoji alone)."""

    name: ClassVar[str] = "unreadable"

    def __init__(self, replies: ReplyBuilder, defaults: tuple[str, ...]) -> None:
        self._replies, self._defaults = replies, list(defaults)

    def __call__(self, turn: Turn, conversation: Conversation) -> Reply | None:
        if turn.analysis.terms or turn.analysis.words:
            return None
        return conversation.offer(self._replies.unreadable(self._defaults))


class OtherScript:
    """A message mostly in another script: say which language the pack speaks."""

    name: ClassVar[str] = "other_script"

    def __init__(self, replies: ReplyBuilder, defaults: tuple[str, ...]) -> None:
        self._replies, self._defaults = replies, list(defaults)

    def __call__(self, turn: Turn, conversation: Conversation) -> Reply | None:
        if not mostly_other_script(turn.analysis.raw_words):
            return None
        return conversation.offer(self._replies.other_language(self._defaults))


class Reset:
    """ "start over": forget the topic, the options and the facts told."""

    name: ClassVar[str] = "reset"

    def __init__(self, cues: Cues, replies: ReplyBuilder) -> None:
        self._commands, self._replies = cues.reset_commands, replies

    def __call__(self, turn: Turn, conversation: Conversation) -> Reply | None:
        if turn.phrase not in self._commands:
            return None
        conversation.reset()
        return self._replies.reset()


class PickedOption:
    """ "2", "#2", "option 2", "number 2." pick an offered option; checked on a short cut of the
    text with no regular expression, so its cost never grows with the message."""

    name: ClassVar[str] = "picked_option"

    def __init__(self, replies: ReplyBuilder) -> None:
        self._replies = replies

    def __call__(self, turn: Turn, conversation: Conversation) -> Reply | None:
        text = turn.text
        words = text[:_PICK_CHARS + 4].casefold().replace("#", " ").replace(".", " ").replace(")", " ").split()
        last = words[-1] if words else ""
        if len(text.strip()) > _PICK_CHARS or not (last.isascii() and last.isdigit()) or len(last) > 2:
            return None
        if len(words) > 2 or (len(words) == 2 and words[0] not in ("number", "option")):
            return None
        number, options = int(words[-1]), conversation.options
        if not (options and 1 <= number <= len(options)):
            return None
        picked = options[number - 1]
        return conversation.take(self._replies.answer(picked, 1.0, {"picked": text.strip()}, []), picked)


class MoreRequest:
    """ "tell me more" goes one step deeper (the answer's first follow-up); "why?" gets the reason:
    the answer the content names for it, or this answer again, saying it is all the article gives.
    "why does that happen?", "how does it work then?" count too: a why or how with no word but
    those of the "tell me more" phrases ("how long did it last?" has a word of its own)."""

    name: ClassVar[str] = "more"

    def __init__(self, cues: Cues, answers: dict[str, Answer], replies: ReplyBuilder,
                 defaults: tuple[str, ...]) -> None:
        self._cues, self._answers, self._replies, self._defaults = cues, answers, replies, list(defaults)

    def __call__(self, turn: Turn, conversation: Conversation) -> Reply | None:
        cues, terms = self._cues, turn.analysis.terms
        asks_for_more = (conversation.last_intent is not None and any(w in cues.more_asks for w in terms)
                         and all(w in cues.more_companions for w in terms))
        if turn.phrase not in cues.more_requests and not asks_for_more:
            return None
        conversation.keep(turn.told)
        last = conversation.last_intent
        answer = self._answers.get(last or "")
        if answer is None:
            return conversation.offer(self._replies.more_without_topic(self._defaults))
        if cues.why_words.intersection(turn.analysis.tokens):
            if answer.why:
                return self._answer(conversation, answer.why, {"why_of": last})
            return conversation.take(self._replies.why_again(answer.intent), answer.intent)
        if not answer.follow_ups:
            return conversation.offer(self._replies.more_without_topic(self._defaults))
        return self._answer(conversation, answer.follow_ups[0], {"more_about": last})

    def _answer(self, conversation: Conversation, intent: str, explanation: dict[str, object]) -> Reply:
        return conversation.take(self._replies.answer(intent, 1.0, dict(explanation), []), intent)


class SmallTalk:
    """Small talk when the turn is small talk: the whole message ("thanks!", "is this a bot?"), or
    its closing words after a statement ("ok we'll ask her midwife. thank you"); never a greeting
    inside a question ("good morning, should I take it in the morning?")."""

    name: ClassVar[str] = "smalltalk"

    def __init__(self, smalltalk: SmalltalkMatcher, normalizer: Normalizer, cues: Cues,
                 replies: ReplyBuilder, *, closing: frozenset[str]) -> None:
        self._smalltalk, self._normalizer, self._closing, self._replies = smalltalk, normalizer, closing, replies

    def __call__(self, turn: Turn, conversation: Conversation) -> Reply | None:
        reading = turn.reading
        small = self._smalltalk.match(turn.analysis, asks=bool(reading.asked))
        last_piece = reading.clauses[-1].text.rsplit(",", 1)[-1] if reading.clauses else ""
        if small is None and reading.clauses and not reading.asked and (
                len(reading.clauses) > 1 or last_piece != reading.clauses[-1].text):
            found = self._smalltalk.match(self._normalizer.analyse(last_piece))
            small = found if found and found[0] in self._closing else None
        if small is None:
            return None
        conversation.keep(turn.told)
        return conversation.offer(self._replies.smalltalk(*small))

