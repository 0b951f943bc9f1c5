"""The interactive ``magbot review``: one group at a time, accept / out of scope / skip.

All decisions go through ``bot.review_session.ReviewSession``, which returns data; this module
only asks and shows. Text from the logs is shown as plain fragments, never as markup.
"""

from __future__ import annotations

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from ..authoring import AuthoringError
from ..review_cli import describe_group
from ..review_groups import QuestionGroup
from ..review_session import FIGURES, Accepted, ReviewSession

__all__ = ["ReviewPrompt", "run_review"]

_CHOICES = "[a]ccept as a pattern · [o]ut of scope · [s]kip · [q]uit"


class ReviewPrompt:
    """The review loop; ``input``/``output`` are for tests (pipe input, captured output)."""

    def __init__(self, session: ReviewSession, groups: list[QuestionGroup], *, input: Input | None = None,
                 output: Output | None = None) -> None:
        self.session, self.groups = session, groups
        self._prompt: PromptSession[str] = PromptSession(input=input, output=output)
        self._output = output
        self.added = self.refused = 0

    def say(self, text: str, style: str = "") -> None:
        print_formatted_text(FormattedText([(style, text)]), output=self._output or self._prompt.output)

    def ask(self, message: str, default: str = "", words: list[str] | None = None) -> str:
        completer = WordCompleter(words, sentence=True) if words else None
        return self._prompt.prompt(message, default=default, completer=completer).strip()

    def run(self) -> int:
        figures = self.session.figures
        self.say(f"{len(self.groups)} group(s) to review; pack {self.session.pack}")
        self.say(self._figures_line(figures) if figures else "no eval sets found: pass --eval FILE to measure "
                 "each change", "fg:ansigray")
        for number, group in enumerate(self.groups, 1):
            self.say(f"\n[{number}/{len(self.groups)}] " + "\n".join(describe_group(group)), "bold")
            try:
                if not self._decide(group):
                    break
            except (EOFError, KeyboardInterrupt):
                break
        self.say(f"\n{self.added} pattern(s) added, {self.refused} question(s) marked out of scope")
        return 0

    def _decide(self, group: QuestionGroup) -> bool:
        """Act on one group; False: the author quits."""
        while True:
            choice = self.ask(f"{_CHOICES}> ").casefold()[:1]
            if choice == "q":
                return False
            if choice in ("s", ""):
                return True
            if choice == "o":
                path = self.session.out_of_scope(group.question)
                self.refused += 1
                self.say(f"marked out of scope: added to {path} as a question the bot must refuse")
                return True
            if choice == "a" and self._accept(group):
                return True

    def _accept(self, group: QuestionGroup) -> bool:
        intents = self.session.intents()
        default = group.nearest[0][0] if group.nearest else ""
        intent = self.ask("intent> ", default, intents)
        if intent not in intents:
            self.say(f"no FAQ intent {intent!r}; type one (Tab completes) or press Enter on the choices to skip",
                     "fg:ansired")
            return False
        pattern = self.ask("pattern> ", group.question)
        try:
            accepted = self.session.accept(intent, pattern)
        except AuthoringError as exc:
            self.say(str(exc), "fg:ansired")
            return False
        self.added += 1
        self._show(accepted)
        return True

    def _show(self, accepted: Accepted) -> None:
        edit = accepted.edit
        self.say(f"added to {edit.path}:{edit.line} ({edit.intent}); the pack validates")
        if not accepted.before:
            return
        parts = []
        for name, before, after in accepted.changes():
            delta = (after - before) * 100
            parts.append(f"{name} {before:.1%} -> {after:.1%}" + (f" ({delta:+.1f})" if abs(delta) >= 0.05 else ""))
        worse = [n for n, b, a in accepted.changes() if dict(FIGURES)[n] == "worse" and a > b
                 or dict(FIGURES)[n] == "better" and a < b]
        self.say("eval: " + ", ".join(parts), "fg:ansired" if worse else "fg:ansigreen")
        if worse:
            self.say(f"this pattern made {', '.join(worse)} worse: undo it by hand in {edit.path}:{edit.line}",
                     "fg:ansired")

    def _figures_line(self, figures: dict[str, float]) -> str:
        return "eval before: " + ", ".join(f"{name} {figures[name]:.1%}" for name, _ in FIGURES if name in figures)


def run_review(session: ReviewSession, groups: list[QuestionGroup]) -> int:
    """Review on the real terminal."""
    return ReviewPrompt(session, groups).run()
