"""What was asked: each asked clause judged, with the conversation as context.

A message's asking clauses are judged one by one (``judging.py`` does the scoring); the best
outcome wins and the next best answer becomes the first suggestion. A clause answered on its own
telling words beats one that needed the sentences before it; what the person told about
themselves (``Turn.facts``) may decide a question about them; a short or pointing question leans
on the last topic, going deeper or moving to a sibling.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .judging import ANSWER, CLARIFY, FALLBACK, UNCOVERED, Outcome
from .normalize import Analysis
from .reading import Clause, Reading

if TYPE_CHECKING:
    from .faqbot import FAQBot

__all__ = ["SURE_EVIDENCE", "Turn", "is_follow_up", "judge_asked", "judge_clause", "judge_with_facts", "lend_context",
           "switches"]

#: A clause's own answer resting on less word weight than this ("is that the mag?" rests on
#: "magnesium" alone) gives way to an answer found with the sentence before it.
SURE_EVIDENCE = 1.0
#: At most this many asking clauses of one message are judged.
_MOST_ASKED = 6
#: A clause with at most this many meaningful words may lean on the sentence before it.
_SHORT_CLAUSE = 3
#: Words that point back at something said before: "is *that* normal", "the drip *thing*".
_POINTERS = frozenset({"that", "this", "it", "those", "these", "they", "them", "thing", "one", "she", "he"})


@dataclass(frozen=True)
class Turn:
    """What the conversation holds that a turn's reading needs: the last topic, what the person
    told about themselves, and the whole message as plain words."""

    last_intent: str | None
    facts: frozenset[str]
    message_words: tuple[str, ...]


def judge_asked(bot: FAQBot, turn: Turn, reading: Reading, whole: Analysis) -> Outcome:
    """The best outcome over the clauses that ask; the next best answer becomes a suggestion.

    A clause answered on its own words beats one answered only with the backstory's help; a
    message with no asking clause ("magnesium dose sciatica") is judged whole.
    """
    asked = reading.asked if bot.reader.active else ()
    if not asked:
        return judge_with_facts(bot, turn, whole)
    if len(asked) > _MOST_ASKED:
        # Nobody asks a dozen things at once: the first and the last asks are judged.
        asked = asked[:_MOST_ASKED // 2] + asked[-(_MOST_ASKED - _MOST_ASKED // 2):]
    judged = [(clause, *judge_clause(bot, turn, clause, reading)) for clause in asked]
    own = [o for _, _, o in judged]
    answered = [o for o in own if o.rank == ANSWER and o.evidence >= SURE_EVIDENCE]
    refused = [o for o in own if o.rank == UNCOVERED]
    # The backstory lends its words only when no clause settles the message on its own: judging
    # a clause twice is the dearest step of reading a long message.
    lent = [] if answered or refused else [
        o for clause, analysis, outcome in judged
        if (o := lend_context(bot, turn, reading, clause, analysis, outcome)) is not None]
    # A subject the article does not cover, asked about, outweighs an answer resting on little
    # from another clause ("how long until it works? should I give it another month?").
    pool = answered or refused or [o for o in lent if o.rank == ANSWER] or own
    ranked = sorted(pool, key=lambda o: (-o.rank, -o.score))
    best = ranked[0]
    explanation = {**best.reply.explanation, "asked": [c.text for c in asked],
                   "set_aside": [c.text for c in reading.clauses if not c.asks]}
    reply = replace(best.reply, explanation=explanation)
    others = [o.intent for o in ranked[1:] + own if o.rank == ANSWER and o.intent and o.intent != best.intent]
    if others and best.rank == ANSWER:
        reply = bot.replies.with_first_suggestion(reply, others[0])
    return replace(best, reply=reply)

def judge_clause(bot: FAQBot, turn: Turn, clause: Clause, reading: Reading) -> tuple[Analysis, Outcome]:
    """One clause alone, as analysed and as judged. A clause after others in its sentence ("and
    the tablets, do *they* do anything?") points at them, not at the last answer's topic."""
    analysis = bot.normalizer.analyse(clause.text)
    return analysis, judge_with_facts(bot, turn, analysis, topic=not reading.context_for(clause, sentences=0))


def lend_context(bot: FAQBot, turn: Turn, reading: Reading, clause: Clause, analysis: Analysis,
                 outcome: Outcome) -> Outcome | None:
    """A clause that is short, points back ("is that normal?") or finds nothing alone, judged
    again with the words the content knows from the sentences before it; None for any other."""
    points = bool(_POINTERS.intersection(analysis.raw_words))
    leans = len(analysis.terms) <= _SHORT_CLAUSE or points or outcome.rank == FALLBACK
    # A clause that asks about a subject the article does not cover is refused as asked: the
    # backstory must not turn it into another question.
    if not leans or outcome.rank == UNCOVERED:
        return None
    # "them", "that" mostly mean what was just said: the sentence before is tried first, and the
    # one before that only when it alone does not answer.
    lent = None
    for sentences in ((1, 2) if points else (1,)):
        context = reading.context_for(clause, sentences=sentences)
        lent = _judge_in_context(bot, turn, clause, context) if context else None
        if lent is not None and lent.rank == ANSWER:
            return lent
    return lent


def _judge_in_context(bot: FAQBot, turn: Turn, clause: Clause, context: str) -> Outcome | None:
    known = bot.normalizer.known_words
    generic = bot.content.vocabulary.generic_words
    # Canonical words, so "my doctor said" is backstory (said) rather than a question about doctors.
    kept = [w for w in bot.normalizer.analyse(context).terms if w in known and w not in generic]
    if not kept:
        return None
    merged = bot.normalizer.analyse(" ".join(kept) + " " + clause.text)
    # The conversation still leans as the sentence does: "and the tablets, do they do anything?"
    # after the IV answer moves on to the tablets.
    if turn.last_intent is None:  # a first message: no conversation to lean on
        return bot.judge.judge(merged, None, False, {"context_sentence": context}, uncovered=False)
    whole = bot.normalizer.analyse(context + " " + clause.text)
    follow_up = is_follow_up(bot, turn, whole)
    return bot.judge.judge(merged, turn.last_intent, follow_up, {"context_sentence": context}, uncovered=False,
                           switch=switches(bot, whole) or not bot.cues.pointing_back.intersection(whole.words))


def judge_with_facts(bot: FAQBot, turn: Turn, analysis: Analysis, topic: bool = True) -> Outcome:
    """Judge a clause; when it is about the person ("how much is right for me?") and they told
    a fact the content knows as a word ("men", "kidney"), judge it with that word too, and keep
    that reading when it answers within the same group of topics. Failing that, a question that
    points back at the last topic is read with that topic's words."""
    follow_up = is_follow_up(bot, turn, analysis)
    # Deeper into the last topic only when the question points back at it ("what did *they* find").
    switch = switches(bot, analysis) or not bot.cues.pointing_back.intersection(analysis.words)
    outcome = bot.judge.judge(analysis, turn.last_intent, follow_up, switch=switch,
                              situation=bot.judge.is_situation(turn.facts))
    told = _with_facts(bot, turn, analysis, outcome, follow_up, switch)
    if told is not outcome or not (topic and follow_up and not switch and turn.last_intent):
        return told
    return _with_topic(bot, turn, analysis, outcome)


def _with_facts(bot: FAQBot, turn: Turn, analysis: Analysis, outcome: Outcome, follow_up: bool,
                switch: bool) -> Outcome:
    extra = tuple(f for f in sorted(turn.facts) if f in bot.normalizer.known_words and f not in analysis.terms)
    if not extra or not bot.cues.first_person.intersection(analysis.words):
        return outcome
    told = replace(analysis, terms=analysis.terms + extra, tokens=analysis.tokens + extra)
    lent = bot.judge.judge(told, turn.last_intent, follow_up, {"facts": list(extra)}, switch=switch)
    group_of = bot.cues.group_of
    # What they told wins when the question alone answers on little ("can I still take it?").
    # A clause that finds nothing alone ("should I give it another month?") is not made a question
    # about them by their facts.
    # A question with no word of its own ("can I still take it?") is about what they told.
    vague = not set(analysis.terms) - bot.content.vocabulary.generic_words - {"take", "magnesium"}
    if lent.rank == ANSWER and (vague or outcome.rank >= CLARIFY and (
            outcome.rank != ANSWER or outcome.evidence < SURE_EVIDENCE
            or group_of.get(lent.intent or "") == group_of.get(outcome.intent or ""))):
        return lent
    return outcome


def _with_topic(bot: FAQBot, turn: Turn, analysis: Analysis, outcome: Outcome) -> Outcome:
    """ "what did they find?" after the oral-trials answer, "which chemicals does it affect" after
    inflammation: a question pointing back at the last topic is judged with that topic's words
    too, and that reading wins unless the question alone answers surely elsewhere."""
    last = turn.last_intent or ""
    if bot.cues.subject_names.intersection(analysis.terms):
        return outcome  # "what's better than oxide then?" names its subject: nothing to point back to
    if bot.content.vocabulary.choice_groups.keys() & set(analysis.tokens):
        return outcome  # "so what do I buy" after oxide asks to choose, not about oxide again
    group_of = bot.cues.group_of
    overviews = set(bot.content.vocabulary.group_overviews.values())
    if (outcome.rank == ANSWER and outcome.intent and group_of.get(last) in bot.cues.subject_groups
            and last not in overviews and group_of.get(outcome.intent) in bot.cues.aspect_groups
            and _POINTERS.intersection(analysis.words)):
        # "does it cause diarrhoea" after glycinate: that aspect, of that subject ("so how much
        # should women take" after glycinate points at nothing: "so" only links).
        reply = bot.replies.aspect_of(outcome.intent, last, outcome.score,
                                      {**outcome.reply.explanation, "subject": last, "topic": last})
        return Outcome(reply, ANSWER, outcome.score, outcome.intent, outcome.evidence)
    topic = bot.question_terms[last]
    extra = tuple(w for w in topic if w not in analysis.terms)
    if not extra:
        return outcome
    told = replace(analysis, terms=analysis.terms + extra, tokens=analysis.tokens + extra)
    lent = bot.judge.judge(told, last, True, {"topic": last}, uncovered=False, switch=False)
    if lent.rank != ANSWER:
        return outcome
    # The topic's reading wins over:
    # - a "did you mean" that offered it, or that offered no other aspect (an amount, safety:
    #   "what's the dose then" after the mechanisms asks something else) when it is the topic itself;
    # - nothing found, when the question has words the content knows (not guessed) and the
    #   reading is the topic itself ("what did it actually do to the nerve");
    # - an answer resting on little, in the topic's own group;
    # - a sibling resting only on words the topic uses too ("what did the *study* *find* then"
    #   after the oral-trials answer).
    own_words = set(analysis.terms) & bot.topic_words - analysis.guessed
    rested_on = set(outcome.reply.explanation.get("words", ())) - bot.content.vocabulary.generic_words
    same_group = group_of.get(outcome.intent or "") == group_of.get(last)
    if outcome.rank == CLARIFY:
        other_aspect = any(group_of.get(o) in bot.cues.aspect_groups for o in outcome.reply.options)
        wins = lent.intent in outcome.reply.options or (lent.intent == last and not other_aspect)
    elif outcome.rank == FALLBACK:
        wins = bool(own_words) and lent.intent == last
    elif outcome.rank == ANSWER:
        wins = same_group and (outcome.evidence < SURE_EVIDENCE or bot.matcher.uses(last, rested_on))
    else:
        wins = False
    return lent if wins else outcome


def switches(bot: FAQBot, analysis: Analysis) -> bool:
    """ "and for men?", "what about citrate": a sibling of the last topic is wanted."""
    words = " ".join(analysis.words)
    return any(words == m or words.startswith(m + " ") for m in bot.cues.switch_markers)

def is_follow_up(bot: FAQBot, turn: Turn, analysis: Analysis) -> bool:
    """A short or "and/what about ..." message leans on the topic of the last answer."""
    cues = bot.cues
    if turn.last_intent is None or (cues.topic_switches and cues.topic_switches.find(turn.message_words)):
        return False
    words = " ".join(analysis.words)
    opens_with_marker = any(words == m or words.startswith(m + " ") for m in cues.followup_markers)
    points_back = bool(cues.pointing_back.intersection(analysis.words)) and len(analysis.terms) <= 5
    return opens_with_marker or points_back or len(analysis.terms) <= 2
