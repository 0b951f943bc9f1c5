"""What was asked: each asked clause judged, with the conversation as context.

A message's asking clauses are judged one by one (``judging.py`` does the scoring); the best
outcome wins and the next best answer becomes the first suggestion. A clause answered on its own
telling words beats one that needed the sentences before it; what the person told about
themselves (``Conversation.facts``) may decide a question about them; a short or pointing question
leans on the last topic, going deeper or moving to a sibling. Each of these readings is a named
row (``backstory``, ``facts``, ``topic``, ``second_answer``) that ``Engine.off`` can switch off.
"""

from __future__ import annotations

from dataclasses import replace

from .conversation_state import Conversation
from .function_words import ENGLISH
from .judging import ANSWER, CLARIFY, FALLBACK, UNCOVERED, Judge, Outcome
from .normalize import Analysis
from .reading import Clause
from .turn import Turn

__all__ = ["ASKING_ROWS", "is_follow_up", "judge_asked", "judge_clause", "judge_with_facts", "lend_context",
           "switches"]

#: The readings of this module that can be switched off, each a row of the pipeline.
ASKING_ROWS = ("backstory", "facts", "someone_else", "topic", "both_answers", "second_answer")


def judge_asked(judge: Judge, turn: Turn, conversation: Conversation) -> Outcome:
    """The best outcome over the clauses that ask; the next best answer becomes a suggestion.

    A clause answered on its own words beats one answered only with the backstory's help; a
    message with no asking clause ("magnesium dose sciatica") is judged whole.
    """
    engine, limits = judge.engine, judge.engine.thresholds
    reading = turn.reading
    asked = reading.asked if engine.reads_clauses else ()
    if not asked:
        return judge_with_facts(judge, turn, conversation, turn.analysis)
    most = limits.most_asked
    if len(asked) > most:
        # Nobody asks a dozen things at once: the first and the last asks are judged.
        asked = asked[:most // 2] + asked[-(most - most // 2):]
    judged = [(clause, *judge_clause(judge, turn, conversation, clause)) for clause in asked]
    own = [o for _, _, o in judged]
    answered = [o for o in own if o.rank == ANSWER and o.evidence >= limits.sure_evidence]
    refused = [o for o in own if o.rank == UNCOVERED]
    # The backstory lends its words only when no clause settles the message on its own: judging
    # a clause twice is the dearest step of reading a long message.
    lent = [] if answered or refused or not engine.on("backstory") else [
        o for clause, analysis, outcome in judged
        if (o := lend_context(judge, turn, conversation, clause, analysis, outcome)) is not None]
    # A subject the article does not cover, asked about, outweighs an answer resting on little
    # from another clause ("how long until it works? should I give it another month?").
    pool = answered or refused or [o for o in lent if o.rank == ANSWER] or own
    ranked = sorted(pool, key=lambda o: (-o.rank, -o.score))
    best = ranked[0]
    explanation = {**best.reply.explanation, "asked": [c.text for c in asked],
                   "set_aside": [c.text for c in reading.clauses if not c.asks]}
    reply = replace(best.reply, explanation=explanation)
    # A second covered question asked on its own words is answered too; one that needed the
    # backstory, or came second, is offered first among the suggestions.
    second = next((o for o in answered if o.intent and o.intent != best.intent), None)
    if second is None and best.rank == ANSWER and engine.on("both_answers"):
        second = _second_with_context(judge, turn, conversation, judged, best)
    if best.rank == ANSWER and second is not None and engine.on("both_answers"):
        return replace(best, reply=engine.replies.with_second_answer(reply, second.reply))
    others = [o.intent for o in ranked[1:] + own if o.rank == ANSWER and o.intent and o.intent != best.intent]
    if others and best.rank == ANSWER and engine.on("second_answer"):
        reply = engine.replies.with_first_suggestion(reply, others[0])
    return replace(best, reply=reply)


def _second_with_context(judge: Judge, turn: Turn, conversation: Conversation,
                         judged: list[tuple[Clause, Analysis, Outcome]], best: Outcome) -> Outcome | None:
    """ "What is sciatica exactly, and can magnesium help with *it*?": another asked clause that
    answers only on little, read with the clause before it, is a second question when that
    reading answers surely, and something else than the first."""
    for clause, analysis, outcome in judged:
        if outcome is best or outcome.rank != ANSWER or outcome.intent == best.intent:
            continue
        lent = lend_context(judge, turn, conversation, clause, analysis, outcome)
        if (lent is not None and lent.rank == ANSWER and lent.intent not in (None, best.intent)
                and lent.evidence >= judge.engine.thresholds.sure_evidence):
            return lent
    return None


def judge_clause(judge: Judge, turn: Turn, conversation: Conversation, clause: Clause) -> tuple[Analysis, Outcome]:
    """One clause alone, as analysed and as judged. A clause after others in its sentence ("and
    the tablets, do *they* do anything?") points at them, not at the last answer's topic."""
    analysis = judge.engine.normalizer.analyse(clause.text)
    topic = not turn.reading.context_for(clause, sentences=0) or not judge.engine.on("clause_topic")
    return analysis, judge_with_facts(judge, turn, conversation, analysis, topic=topic)


def lend_context(judge: Judge, turn: Turn, conversation: Conversation, clause: Clause, analysis: Analysis,
                 outcome: Outcome) -> Outcome | None:
    """A clause that is short, points back ("is that normal?") or finds nothing alone, judged
    again with the words the content knows from the sentences before it; None for any other."""
    points = bool(ENGLISH.pointing.intersection(analysis.raw_words))
    leans = len(analysis.terms) <= judge.engine.thresholds.short_clause or points or outcome.rank == FALLBACK
    # A clause that asks about a subject the article does not cover is refused as asked: the
    # backstory must not turn it into another question.
    if not leans or outcome.rank == UNCOVERED:
        return None
    # "them", "that" mean what was just said: the sentence before lends its words (reaching two
    # sentences back as well was worth nothing on any set: see the README's ablation table).
    context = turn.reading.context_for(clause, sentences=1)
    return _judge_in_context(judge, turn, conversation, clause, context) if context else None


def _judge_in_context(judge: Judge, turn: Turn, conversation: Conversation, clause: Clause,
                      context: str) -> Outcome | None:
    engine = judge.engine
    known, generic = engine.normalizer.known_words, engine.cues.generic_words
    # Canonical words, so "my doctor said" is backstory (said) rather than a question about doctors.
    kept = [w for w in engine.normalizer.analyse(context).terms if w in known and w not in generic]
    if not kept:
        return None
    merged = engine.normalizer.analyse(" ".join(kept) + " " + clause.text)
    # The conversation still leans as the sentence does: "and the tablets, do they do anything?"
    # after the IV answer moves on to the tablets.
    if conversation.last_intent is None:  # a first message: no conversation to lean on
        return judge.judge(merged, None, extra={"context_sentence": context}, uncovered=False)
    whole = engine.normalizer.analyse(context + " " + clause.text)
    return judge.judge(merged, conversation.last_intent, follow_up=is_follow_up(judge, turn, conversation, whole),
                       extra={"context_sentence": context}, uncovered=False,
                       switch=switches(judge, whole) or not engine.cues.pointing_back.intersection(whole.words))


def judge_with_facts(judge: Judge, turn: Turn, conversation: Conversation, analysis: Analysis, *,
                     topic: bool = True) -> Outcome:
    """Judge a clause; when it is about the person ("how much is right for me?") and they told
    a fact the content knows as a word ("men", "kidney"), judge it with that word too, and keep
    that reading when it answers within the same group of topics. Failing that, a question that
    points back at the last topic is read with that topic's words."""
    engine = judge.engine
    follow_up = is_follow_up(judge, turn, conversation, analysis)
    # Deeper into the last topic only when the question points back at it ("what did *they* find").
    switch = switches(judge, analysis) or not engine.cues.pointing_back.intersection(analysis.words)
    last = conversation.last_intent
    outcome = judge.judge(analysis, last, follow_up=follow_up, switch=switch,
                          situation=judge.is_situation(conversation.facts))
    told = _with_facts(judge, turn, conversation, analysis, outcome, follow_up=follow_up, switch=switch)
    if told is not outcome or not (topic and follow_up and not switch and last) or not engine.on("topic"):
        return told
    return _with_topic(judge, last, analysis, outcome)


def _with_facts(judge: Judge, turn: Turn, conversation: Conversation, analysis: Analysis, outcome: Outcome, *,
                follow_up: bool, switch: bool) -> Outcome:
    engine = judge.engine
    extra = tuple(f for f in sorted(conversation.facts)
                  if f in engine.normalizer.known_words and f not in analysis.terms)
    # About the person ("right for *me*"), or about the one this message tells of ("my dad's kidneys
    # are weak, can *he* take it?": what it told is about him).
    about = engine.cues.first_person.intersection(analysis.words) or (
        engine.on("someone_else") and set(extra) & turn.told
        and (engine.cues.pointing_words - ENGLISH.plural_pointing).intersection(analysis.raw_words))
    if not extra or not about or not engine.on("facts"):
        return outcome
    told = replace(analysis, terms=analysis.terms + extra, tokens=analysis.tokens + extra)
    lent = judge.judge(told, conversation.last_intent, follow_up=follow_up, extra={"facts": list(extra)},
                       switch=switch)
    group_of = engine.cues.group_of
    # What they told wins when the question alone answers on little ("can I still take it?").
    # A clause that finds nothing alone ("should I give it another month?") is not made a question
    # about them by their facts.
    # A question with no telling word of its own ("can I still take it?": every word but generic ones
    # is one the content uses so widely that it could not anchor a match alone) is about what they told.
    # A man or a woman named by "can *he*", "for *her*" says who is asked about, not what: beside
    # a health situation told ("weak kidneys"), the question is about that situation.
    known, anchor = engine.normalizer.known_words, engine.thresholds.anchor
    who = engine.cues.sexes if judge.is_situation(extra) and engine.on("someone_else") else frozenset()
    vague = engine.on("vague_facts") and all(w in known and engine.matcher.weight(w) < anchor
                                             for w in set(analysis.terms) - engine.cues.generic_words - who)
    if lent.rank == ANSWER and (vague or outcome.rank >= CLARIFY and (
            outcome.rank != ANSWER or outcome.evidence < engine.thresholds.sure_evidence
            or group_of.get(lent.intent or "") == group_of.get(outcome.intent or ""))):
        return lent
    return outcome


def _with_topic(judge: Judge, last: str, analysis: Analysis, outcome: Outcome) -> Outcome:
    """ "what did they find?" after the oral-trials answer, "which chemicals does it affect" after
    inflammation: a question pointing back at the last topic is judged with that topic's words
    too, and that reading wins unless the question alone answers surely elsewhere."""
    engine = judge.engine
    cues = engine.cues
    if cues.subject_names.intersection(analysis.terms) and engine.on("topic_guards"):
        return outcome  # "what's better than oxide then?" names its subject: nothing to point back to
    if cues.choice_groups.keys() & set(analysis.tokens) and engine.on("topic_guards"):
        return outcome  # "so what do I buy" after oxide asks to choose, not about oxide again
    group_of = cues.group_of
    overviews = set(cues.group_overviews.values())
    if (engine.on("topic_aspect") and outcome.rank == ANSWER and outcome.intent
            and group_of.get(last) in cues.subject_groups
            and last not in overviews and group_of.get(outcome.intent) in cues.aspect_groups
            and ENGLISH.pointing.intersection(analysis.words)):
        # "does it cause diarrhoea" after glycinate: that aspect, of that subject ("so how much
        # should women take" after glycinate points at nothing: "so" only links).
        reply = engine.replies.aspect_of(outcome.intent, last, outcome.score,
                                         {**outcome.reply.explanation, "subject": last, "topic": last})
        return Outcome(reply, ANSWER, outcome.score, outcome.intent, outcome.evidence)
    extra = tuple(w for w in engine.question_terms[last] if w not in analysis.terms)
    if not extra:
        return outcome
    told = replace(analysis, terms=analysis.terms + extra, tokens=analysis.tokens + extra)
    lent = judge.judge(told, last, follow_up=True, extra={"topic": last}, uncovered=False, switch=False)
    if lent.rank != ANSWER:
        return outcome
    # The topic's reading wins over:
    # - a "did you mean" that offered it, or when it is the topic itself;
    # - nothing found, when the question has words the content knows (not guessed) and the
    #   reading is the topic itself ("what did it actually do to the nerve");
    # - an answer resting on little, in the topic's own group;
    # - a sibling resting only on words the topic uses too ("what did the *study* *find* then"
    #   after the oral-trials answer).
    own_words = set(analysis.terms) & engine.topic_words - analysis.guessed
    rested_on = set(outcome.reply.explanation.get("words", ())) - cues.generic_words
    same_group = group_of.get(outcome.intent or "") == group_of.get(last)
    if outcome.rank == CLARIFY:
        wins = lent.intent in outcome.reply.options or lent.intent == last
    elif outcome.rank == FALLBACK:
        wins = bool(own_words) and lent.intent == last
    elif outcome.rank == ANSWER:
        wins = same_group and (outcome.evidence < engine.thresholds.sure_evidence
                               or engine.matcher.uses(last, rested_on))
    else:
        wins = False
    return lent if wins else outcome


def switches(judge: Judge, analysis: Analysis) -> bool:
    """ "and for men?", "what about citrate": a sibling of the last topic is wanted."""
    words = " ".join(analysis.words)
    return any(words == m or words.startswith(m + " ") for m in judge.engine.cues.switch_markers)


def is_follow_up(judge: Judge, turn: Turn, conversation: Conversation, analysis: Analysis) -> bool:
    """A short or "and/what about ..." message leans on the topic of the last answer."""
    cues, limits = judge.engine.cues, judge.engine.thresholds
    if conversation.last_intent is None or (cues.topic_switches and cues.topic_switches.find(turn.message_words)):
        return False
    words = " ".join(analysis.words)
    opens_with_marker = any(words == m or words.startswith(m + " ") for m in cues.followup_markers)
    points_back = bool(cues.pointing_back.intersection(analysis.words)) and len(analysis.terms) <= limits.pointing_terms
    return opens_with_marker or points_back or len(analysis.terms) <= limits.short_follow_up
