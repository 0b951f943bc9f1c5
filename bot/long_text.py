"""One rule for long messages, whatever the frontend: what of a message is read, and saying so.

People paste whole forum posts, and the question is usually the last thing in them. So a message
longer than ``HEAD_CHARS + TAIL_CHARS`` is read as its opening and its ending, joined as two paragraphs,
and the middle is left out; the reply carries a ``notice`` saying how much was read. Every entry
point (the CLI, the REPL, ``/v1/ask``, chat completions, the Python API) goes through
``Session.ask``, which applies this rule, so none of them cuts or refuses on its own.

The middle that is not read is still screened for thoughts of self-harm (``middle_to_screen``):
they may be told anywhere, and missing one is the worst failure.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["HEAD_CHARS", "MAX_MESSAGE_CHARS", "SCREEN_CHARS", "TAIL_CHARS", "LongText", "bound_message",
           "notice_text"]

#: Of a message longer than a long forum post, the opening read (backstory, often the question) ...
HEAD_CHARS = 3000
#: ... and the ending read (where the question usually is).
TAIL_CHARS = 1000
#: What joins them: a blank line ends a sentence, so no sentence is made of two halves.
_BREAK = "\n\n"
#: The most characters the reader reads of one message; the work per clause is bounded by the
#: normaliser's own cut.
MAX_MESSAGE_CHARS = HEAD_CHARS + len(_BREAK) + TAIL_CHARS
#: Characters of the unread middle screened for self-harm thoughts, half from each end of it; past
#: that, a message is far beyond anything a person types into a chat.
SCREEN_CHARS = 12_000

#: Said when the pack has no ``replies.long_message`` text of its own.
DEFAULT_NOTICE = ("Your message was long, so I read its first {head} and its last {tail} characters "
                  "and left out the middle.")


@dataclass(frozen=True)
class LongText:
    """What of a message is read; ``middle`` is the part left out (empty for a message that fits)."""

    read: str
    middle: str = ""
    cut: bool = False

    def middle_to_screen(self) -> str:
        """The unread middle, bounded: its opening and its ending when it is longer than SCREEN_CHARS."""
        if len(self.middle) <= SCREEN_CHARS:
            return self.middle
        half = SCREEN_CHARS // 2
        return f"{self.middle[:half]}\n\n{self.middle[-half:]}"


def bound_message(text: str) -> LongText:
    """The message as it will be read: whole when it fits, else its head and tail cut at word
    boundaries (a word cut in two is dropped) and joined by a blank line, which ends a sentence."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return LongText(text)
    head, tail = text[:HEAD_CHARS], text[-TAIL_CHARS:]
    if not (head[-1].isspace() or text[HEAD_CHARS].isspace()) and len(head.split()) > 1:
        head = head.rsplit(None, 1)[0]
    if not (tail[0].isspace() or text[-TAIL_CHARS - 1].isspace()) and len(tail.split()) > 1:
        tail = tail.split(None, 1)[1]
    middle = text[len(head):len(text) - len(tail)]
    return LongText(f"{head.rstrip()}{_BREAK}{tail.lstrip()}", middle, cut=True)


def notice_text(template: str | None) -> str:
    """The notice for a cut message, from the pack's template (``{head}``, ``{tail}`` filled in).

    Plain replacement, not ``str.format``: a template from a contributed pack is not trusted to
    hold only these two fields.
    """
    text = template or DEFAULT_NOTICE
    return text.replace("{head}", f"{HEAD_CHARS:,}").replace("{tail}", f"{TAIL_CHARS:,}")
