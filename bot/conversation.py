"""A conversation: the steps every message goes through, in the safety order, and what is kept.

The order: triage first (a red flag is caught before anything else); then commands that only make sense
in a conversation (a number, "reset", "tell me more"); then small talk; and only then the clauses the
person asked, each judged apart (``judging.py``), with the backstory around them kept as context rather
than scored. Each step is one call into its own module; ``Session`` holds the little state it needs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .asking import Turn, judge_asked
from .errors import StateError
from .judging import ANSWER, CLARIFY, FALLBACK, Outcome
from .model import RedFlag, Reply
from .normalize import Analysis, mostly_other_script, plain_words
from .reading import MAX_MESSAGE_CHARS, Reading
from .triage_words import SpanReadings

if TYPE_CHECKING:
    from .faqbot import FAQBot

__all__ = ["STATE_VERSION", "Session"]

#: Words that ask in general rather than about the person: "the normal amount for women".
_IN_GENERAL = frozenset({"normal", "general", "generally", "usual", "usually", "average", "typical", "adults", "adult",
                         "people", "everyone", "anyone", "most"})
STATE_VERSION = 2


class Session:
    """One conversation: the only mutable state in magbot. Not shared between threads."""

    def __init__(self, bot: FAQBot, state: dict[str, Any] | None = None) -> None:
        self._bot = bot
        self.last_intent: str | None = None
        self.options: tuple[str, ...] = ()
        self.crisis: RedFlag | None = None  # a self-harm disclosure not yet followed by "I'm safe"
        self.facts: set[str] = set()  # what the person told about themselves: "men", "kidney", ...
        self._readings = SpanReadings(bot.normalizer)  # per turn: each text read once for triage
        self._last_analysis: Analysis | None = None  # this turn's message, read
        self._message_words: tuple[str, ...] = ()  # this turn's whole message, as plain words
        if state is not None:
            self._restore(state)

    # -- state -----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; ``bot.session(state)`` resumes the conversation anywhere."""
        state: dict[str, Any] = {"version": STATE_VERSION, "intent": self.last_intent, "options": list(self.options)}
        if self.crisis is not None:
            state["crisis"] = self.crisis.id
        if self.facts:
            state["facts"] = sorted(self.facts)
        return state

    def _restore(self, state: Any) -> None:
        version = state.get("version") if isinstance(state, dict) else None
        if type(version) is not int or version not in (1, STATE_VERSION):
            raise StateError("conversation state is not a version-1 or version-2 state object")
        if set(state) - {"version", "intent", "options", "crisis", "facts"}:
            raise StateError("conversation state has unknown fields")
        facts = state.get("facts", [])
        if not isinstance(facts, list) or not all(isinstance(f, str) for f in facts) or not set(
                facts) <= self._bot.profile.known:
            raise StateError("conversation state has unknown facts")
        self.facts = set(facts)
        crisis = state.get("crisis")
        if crisis is not None:
            flags = {f.id: f for f in self._bot.content.red_flags if f.nature == "thought"}
            if not isinstance(crisis, str) or crisis not in flags:
                raise StateError("conversation state names an unknown crisis rule")
            self.crisis = flags[crisis]
        intent, options = state.get("intent"), state.get("options", [])
        content = self._bot.content
        if intent is not None and not (isinstance(intent, str) and content.has_intent(intent)):
            raise StateError("conversation state names an unknown intent")
        if not isinstance(options, list) or len(options) > 5 or not all(
                isinstance(o, str) and content.has_intent(o) for o in options):
            raise StateError("conversation state has invalid options")
        self.last_intent, self.options = intent, tuple(options)

    def reset(self) -> None:
        """Forget the topic, any offered options and what the person said about themselves."""
        self.last_intent, self.options = None, ()
        self.facts = set()

    # -- one turn --------------------------------------------------------------------------------
    def ask(self, text: str) -> Reply:
        """Reply to one message; never raises on any text. Only the first MAX_MESSAGE_CHARS characters
        are read (cut at a word boundary), whatever the frontend, so no input can make a turn slow."""
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        if len(text) > MAX_MESSAGE_CHARS and self._crisis_in_tail(text[MAX_MESSAGE_CHARS:MAX_MESSAGE_CHARS * 4]):
            return self._bot.replies.urgent(self.crisis) if self.crisis else self._bot.replies.unreadable([])
        if len(text) > MAX_MESSAGE_CHARS:
            words = text[:MAX_MESSAGE_CHARS].split()
            if len(words) > 1 and not text[MAX_MESSAGE_CHARS].isspace():
                words.pop()  # a word cut in two is dropped
            text = " ".join(words)
        self._readings = SpanReadings(self._bot.normalizer)
        self._message_words = tuple(plain_words(text, MAX_MESSAGE_CHARS))
        reply = self._decide(text)
        # What the conversation held when it chose this reply: /why shows it.
        state = {"topic": self.last_intent, "facts": sorted(self.facts), "crisis": self.crisis is not None}
        return replace(reply, explanation={**reply.explanation, "conversation": state})

    def _decide(self, text: str) -> Reply:
        bot = self._bot
        reading = bot.reader.read(text)
        analysis = bot.normalizer.analyse(text)
        # What they tell about themselves is kept whatever this turn turns out to be: "I'm
        # pregnant and my chest hurts" still makes the next dose question a careful one.
        told = bot.profile.read(text, analysis.raw_words)
        urgent = self._triage(reading)
        if urgent is not None:
            self.facts |= told
            return urgent
        if not analysis.terms and not analysis.words:
            return self._offer(bot.replies.unreadable(self._default_options()))
        if mostly_other_script(analysis.raw_words):
            return self._offer(bot.replies.other_language(self._default_options()))
        phrase = " ".join(analysis.words)
        if phrase in bot.cues.reset_commands:
            self.reset()
            return bot.replies.reset()
        picked = self._picked_option(text)
        if picked is not None:
            return self._answer(picked, 1.0, {"picked": text.strip()})
        if phrase in bot.cues.more_requests or self._asks_for_more(analysis):
            self.facts |= told
            return self._more(analysis)
        small = self._smalltalk(reading, analysis)
        if small is not None:
            self.facts |= told
            return self._offer(small)
        corrected = self._correction(analysis)
        # Kept as facts for the next question: every situation whose reply a told fact gives.
        kept_replies = {s.reply for s in bot.careful_for_fact.values()}
        kept = frozenset(c.id for c in bot.content.careful if c.reply in kept_replies)
        # Backstory about something the content knows ("my car makes a noise" is not).
        relevant = bool(told) or bool(bot.topic_words.intersection(analysis.terms))
        if corrected is None and relevant and bot.reader.is_statement(reading) and not bot.triage.careful(
                reading, self._readings, statement=True, kept=kept):
            # Backstory with no question: acknowledge it, keep what it told, and invite the question.
            self.facts |= told
            return self._offer(bot.replies.statement(self._default_options()))
        self.facts |= told
        situation = bot.triage.careful(reading, self._readings)
        if situation is not None:
            return self._offer(bot.replies.careful(situation))
        outcome = corrected or judge_asked(self._bot, self._turn(), reading, analysis)
        self._last_analysis = analysis
        return self._take(self._mind_the_facts(outcome))

    def _crisis_in_tail(self, tail: str) -> bool:
        """Past the part of a long message that is read, thoughts of self-harm are still looked for:
        they may be the last thing someone writes."""
        flag = self._bot.triage.check_thoughts(plain_words(tail, len(tail)))
        if flag is not None:
            self.crisis = flag
            self.last_intent, self.options = None, ()
        return flag is not None

    def _triage(self, reading: Reading) -> Reply | None:
        """The urgent reply this turn needs, if any.

        After a disclosure of self-harm thoughts the crisis signposting stays, turn after turn,
        until the person says they are safe or getting help; any other emergency is answered once,
        and a person on their way to care may go on to ask their question.
        """
        bot = self._bot
        flag = bot.triage.check(reading, self._readings)
        if flag is not None:
            # The topic is dropped; what the person told about themselves is kept, and a crisis
            # disclosed before is not forgotten because another emergency came up.
            self.last_intent, self.options = None, ()
            if flag.nature == "thought":
                self.crisis = flag
            return bot.replies.urgent(flag)
        if self.crisis is not None:
            if bot.triage.says_safe(reading, self._readings):
                self.crisis = None
                return None
            return bot.replies.urgent(self.crisis, again=True)
        return None

    def _smalltalk(self, reading: Reading, analysis: Analysis) -> Reply | None:
        """Small talk when the turn is small talk: the whole message ("thanks!", "is this a bot?"),
        or its closing words after a statement ("ok we'll ask her midwife. thank you"); never a
        greeting inside a question ("good morning, should I take it in the morning?")."""
        bot = self._bot
        small = bot.smalltalk.match(analysis, asks=bool(reading.asked))
        last_piece = reading.clauses[-1].text.rsplit(",", 1)[-1] if reading.clauses else ""
        if small is None and not reading.asked and (len(reading.clauses) > 1 or last_piece != reading.clauses[-1].text):
            closing = bot.normalizer.analyse(last_piece)
            found = bot.smalltalk.match(closing)
            small = found if found and found[0] in bot.cues.closing_smalltalk else None
        return bot.replies.smalltalk(*small) if small else None

    def _correction(self, analysis: Analysis) -> Outcome | None:
        """ "no I meant glycinate", "sorry, for my wife": the last question again, for what the
        correction names; the rest of the message is judged in the light of the last topic."""
        if self.last_intent is None:
            return None
        words = analysis.raw_words  # as typed: "meant" is no typo of "means"
        for opener in self._bot.cues.correction_openers:
            if words[:len(opener)] == opener and len(words) > len(opener):
                # "I meant the spray, the one you spritz on your leg": the corrected subject comes first.
                for rest_words in (words[len(opener):], words[len(opener):len(opener) + 3]):
                    rest = self._bot.normalizer.analyse(" ".join(rest_words))
                    outcome = self._bot.judge.judge(rest, self.last_intent, True, {"correction": True},
                                                    switch=False)
                    if outcome.rank >= CLARIFY:
                        return outcome
                return None
        return None

    def _mind_the_facts(self, outcome: Outcome) -> Outcome:
        """What the person told earlier shapes the reply: the careful reply for pregnancy or a child
        when the question is about amounts, forms or safety; a man's or woman's amount for "for me"."""
        bot, cues = self._bot, self._bot.cues
        if outcome.rank != ANSWER or outcome.intent is None or not self.facts:
            return outcome
        asked_words = set(self._last_analysis.words) if self._last_analysis else set()
        about_them = bool((cues.first_person | bot.triage.pointing_words) & asked_words)
        in_general = bool(_IN_GENERAL & asked_words)
        group = cues.group_of.get(outcome.intent)
        for fact in sorted(self.facts):
            situation = bot.careful_for_fact.get(fact)
            # "how much for sciatica?" after "I'm pregnant" is about them, unless in general ("the normal
            # amount for women"); a child's situation is not when they ask for themselves ("should *I*").
            # "what about *me*, I'm his dad" asks for themselves, though "his" points at the child.
            for_self = situation is not None and situation.scope == "asked" and bool(
                cues.first_person & asked_words) and (not bot.triage.pointing_words & asked_words
                                                      or "me" in asked_words)
            if situation is not None and group in cues.aspect_groups | cues.subject_groups and (
                    about_them or not in_general) and not for_self:
                return Outcome(bot.replies.careful(situation), FALLBACK, 1.0)
        # "I'm on sertraline, can I take citrate?": a form asked about by someone who told a medicine
        # gets the interactions note, as an amount or a safety question does.
        if group in cues.aspect_groups | cues.subject_groups and about_them:
            reply = bot.replies.with_fact_notes(outcome.reply, sorted(self.facts))
            return replace(outcome, reply=reply)
        return outcome

    def _turn(self) -> Turn:
        """What this turn's reading of the asked clauses needs from the conversation."""
        return Turn(self.last_intent, frozenset(self.facts), self._message_words)

    def _take(self, outcome: Outcome) -> Reply:
        """Make a chosen outcome the conversation's: its topic and its options."""
        if outcome.intent is not None:
            self.last_intent = outcome.intent
        self.options = outcome.reply.options
        return outcome.reply

    # -- context ---------------------------------------------------------------------------------
    def _more(self, analysis: Analysis) -> Reply:
        """ "tell me more" goes one step deeper (the answer's first follow-up); "why?" gets the
        reason: the answer the content names for it, or this answer again, saying it is all the
        article gives."""
        answer = self._bot.content.answers.get(self.last_intent or "")
        if answer is None:
            return self._offer(self._bot.replies.more_without_topic(self._default_options()))
        if self._bot.cues.why_words.intersection(analysis.tokens):
            if answer.why:
                return self._answer(answer.why, 1.0, {"why_of": self.last_intent})
            reply = self._bot.replies.why_again(answer.intent)
            return self._take(Outcome(reply, ANSWER, 1.0, answer.intent))
        if not answer.follow_ups:
            return self._offer(self._bot.replies.more_without_topic(self._default_options()))
        return self._answer(answer.follow_ups[0], 1.0, {"more_about": self.last_intent})

    def _asks_for_more(self, analysis: Analysis) -> bool:
        """ "why does that happen?", "how does it work then?": a why or how with no word but those of
        the "tell me more" phrases goes deeper; "how long did it last?" has a word of its own."""
        cues, words = self._bot.cues, analysis.terms
        return (self.last_intent is not None and any(w in cues.more_asks for w in words)
                and all(w in cues.more_companions for w in words))

    def _picked_option(self, text: str) -> str | None:
        """ "2", "#2", "option 2", "number 2." pick an offered option; checked on a short cut of
        the text with no regular expression, so its cost never grows with the message."""
        words = text[:24].casefold().replace("#", " ").replace(".", " ").replace(")", " ").split()
        last = words[-1] if words else ""
        if len(text.strip()) > 20 or not (last.isascii() and last.isdigit()) or len(last) > 2:
            return None
        if len(words) > 2 or (len(words) == 2 and words[0] not in ("number", "option")):
            return None
        number = int(words[-1])
        return self.options[number - 1] if self.options and 1 <= number <= len(self.options) else None

    def _default_options(self) -> list[str]:
        return list(self._bot.default_suggestions)

    # -- building replies ------------------------------------------------------------------------
    def _answer(self, intent_id: str, score: float, explanation: dict[str, Any]) -> Reply:
        reply = self._bot.replies.answer(intent_id, score, explanation, [])
        return self._take(Outcome(reply, ANSWER, score, intent_id))

    def _offer(self, reply: Reply) -> Reply:
        self.options = reply.options
        return reply
