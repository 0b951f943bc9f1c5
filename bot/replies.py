"""Build Reply objects from content: every text comes from the pack, every reply gets the caveat."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .matcher import Candidate
from .model import Content, RedFlag, Reply

__all__ = ["ReplyBuilder"]


class ReplyBuilder:
    """Turns decisions into replies for one content pack; holds no per-conversation state."""

    def __init__(self, content: Content) -> None:
        self._content = content
        self._caveat = content.caveat
        self._texts = content.replies
        topics = "; ".join(i.topic for i in content.faq_intents)
        self._help_values = {"topics": topics}

    def _reply(self, kind: str, text: str, options: list[str] | tuple[str, ...] = (), **fields: Any) -> Reply:
        options = tuple(dict.fromkeys(options))
        questions = tuple(self._content.intent(i).question for i in options)
        return Reply(kind=kind, text=text, caveat=self._caveat, suggestions=questions, options=options,
                     **fields)

    def _fill(self, template: str, **values: str) -> str:
        # Plain replacement, not str.format: content may contain other braces.
        for key, value in values.items():
            template = template.replace("{" + key + "}", value)
        return template

    def answer(self, intent_id: str, score: float, explanation: dict[str, Any],
               runners_up: list[Candidate]) -> Reply:
        intent = self._content.intent(intent_id)
        answer = self._content.answers[intent_id]
        kind = "smalltalk" if intent.smalltalk else "answer"
        text = self._fill(answer.text, **self._help_values)
        return self._reply(kind, text, answer.follow_ups, intent=intent_id, confidence=score,
                           source=answer.source, explanation=explanation,
                           alternatives=tuple((c.intent, c.score) for c in runners_up))

    def aspect_of(self, aspect: str, subject: str, score: float, explanation: dict[str, Any]) -> Reply:
        """The aspect's answer to a question about a subject ("how much glycinate"), led by what the
        source says of that subject on it (the subject answer's ``aspects``), or saying so when it
        says nothing; the subject's own answer is offered first."""
        reply = self.answer(aspect, score, explanation, [])
        name = self._content.intent(subject).topic
        told = dict(self._content.answers[subject].aspects).get(aspect) if subject in self._content.answers else None
        if told is not None:
            reply = replace(reply, text=f"{told} {reply.text}")
        elif subject.split("-")[0] not in reply.text.casefold() and self._texts.get("aspect_note"):
            note = self._fill(self._texts["aspect_note"], subject=name[:1].lower() + name[1:])
            reply = replace(reply, text=f"{note} {reply.text}")
        return self.with_first_suggestion(reply, subject)

    def with_fact_notes(self, reply: Reply, facts: list[str]) -> Reply:
        """An answer about amounts or safety, with a line for each fact the person told that
        matters to it ("You mentioned kidney disease: ...")."""
        notes = [self._texts.get("fact_notes", {}).get(fact) for fact in facts]
        extra = " ".join(n for n in notes if n and n not in reply.text)
        return replace(reply, text=f"{reply.text}\n\n{extra}") if extra else reply

    def why_again(self, intent_id: str) -> Reply:
        """ "why?" after an answer whose reason is in it: the answer again, saying so."""
        reply = self.answer(intent_id, 1.0, {"why_of": intent_id}, [])
        note = self._texts.get("why_again")
        return replace(reply, text=f"{note} {reply.text}") if note else reply

    def with_second_answer(self, reply: Reply, second: Reply) -> Reply:
        """A message that asked two covered things: both answers, each after the other, and both
        sources named; the second is no longer offered as a suggestion."""
        sources = "; ".join(dict.fromkeys(s for s in (reply.source, second.source) if s)) or None
        options = tuple(o for o in reply.options if o != second.intent)
        return replace(reply, text=f"{reply.text}\n\n{second.text}", source=sources, options=options,
                       suggestions=tuple(self._content.intent(i).question for i in options),
                       explanation={**reply.explanation, "also_answered": second.intent})

    def with_first_suggestion(self, reply: Reply, intent_id: str) -> Reply:
        """The reply with another asked question's answer offered first: a message that asked two
        things gets the main one answered and the other one a tap away."""
        options = tuple(dict.fromkeys((intent_id, *reply.options)))[:4]
        return replace(reply, options=options,
                       suggestions=tuple(self._content.intent(i).question for i in options))

    def smalltalk(self, intent_id: str, score: float) -> Reply:
        return self.answer(intent_id, score, {"smalltalk": True}, [])

    def clarify(self, options: list[Candidate], score: float, explanation: dict[str, Any],
                header: tuple[str, str] | None = None) -> Reply:
        """ "Did you mean", the options in ``suggestions`` for each frontend to present; ``header`` is (reply
        name, term) for another opening."""
        ids = [c.intent for c in options]
        text = self._fill(self._texts[header[0]], term=header[1]) if header else self._texts["clarify"]
        return self._reply("clarify", text, ids, confidence=score, explanation=explanation,
                           alternatives=tuple((c.intent, c.score) for c in options))

    def fallback(self, score: float, options: list[str]) -> Reply:
        return self._reply("fallback", self._texts["fallback"], options[:3], confidence=score)

    def out_of_scope(self, term: str, options: list[str]) -> Reply:
        text = self._fill(self._texts["out_of_scope"], term=term)
        return self._reply("fallback", text, options[:3], explanation={"out_of_scope": term})

    def unreadable(self, options: list[str]) -> Reply:
        return self._reply("fallback", self._texts["unreadable"], options[:3])

    def other_language(self, options: list[str]) -> Reply:
        """For text in another script; a pack without an ``other_language`` text gives its fallback."""
        text = self._texts.get("other_language") or self._texts["fallback"]
        return self._reply("fallback", text, options[:3], explanation={"other_language": True})

    def more_without_topic(self, options: list[str]) -> Reply:
        return self._reply("fallback", self._texts["more_without_topic"], options[:3])

    def reset(self) -> Reply:
        return self._reply("smalltalk", self._texts["reset"], confidence=1.0)

    def statement(self, options: list[str]) -> Reply:
        """Backstory with no question: thanks, it is kept, and what would they like to know?"""
        text = self._texts.get("statement") or self._texts["welcome"]  # a pack may not write one
        return self._reply("clarify", text, options[:3], explanation={"statement": True})

    def careful(self, situation: RedFlag) -> Reply:
        """A fixed, careful reply (pregnancy, a child, a pet, a prescribed medicine): no figures,
        no suggestions that lead to figures; the person's own clinician is named."""
        text = self._texts["careful"][situation.reply]
        return self._reply("fallback", text, confidence=1.0, explanation={"careful": situation.id})

    def urgent(self, flag: RedFlag, *, again: bool = False) -> Reply:
        """Go to care instead of an FAQ, at the rule's level. ``again``: the crisis signposting
        repeated because a product question followed a disclosure of self-harm thoughts."""
        texts = self._texts["urgent"]
        name = flag.reply if flag.reply != "default" else flag.level
        text = texts.get(name) or texts["default"]
        if again and texts.get("after_crisis"):
            text = f"{texts['after_crisis']} {text}"
        return replace(self._reply("urgent", text, confidence=1.0, explanation={"red_flag": flag.id}),
                       triage=flag.level, caveat=self._texts.get("urgent_caveat") or self._caveat)
