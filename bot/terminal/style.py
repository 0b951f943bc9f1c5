"""How the REPL looks: one place for colours, so --no-color and NO_COLOR are one switch."""

from __future__ import annotations

from prompt_toolkit.output import ColorDepth
from prompt_toolkit.styles import Style

__all__ = ["color_depth", "repl_style"]

_COLOURS = {
    "prompt": "ansicyan bold",
    "answer": "",
    "source": "italic ansibrightblack",
    "caveat": "ansibrightblack",  # dimmed: always there, never in the way
    "urgent": "ansired bold",
    "urgent-prompt": "ansiyellow bold",  # a doctor today: unmistakable, and apart from an emergency
    "level": "reverse",
    "clarify": "ansiyellow",
    "fallback": "",
    "number": "ansicyan bold",
    "suggestion": "",
    "heading": "bold",
    "muted": "ansibrightblack",
    "error": "ansired",
    "bottom-toolbar": "noreverse ansibrightblack",
}

# Without colour, emphasis still tells an urgent reply and the caveat apart, a suggestion from
# history apart from typed text (prompt_toolkit's grey is lost at one bit), and the completion
# menu from the text around it: reverse video, the current choice back in normal video.
_PLAIN = {"prompt": "bold", "urgent": "bold", "urgent-prompt": "bold", "level": "reverse", "heading": "bold",
          "caveat": "italic", "source": "italic",
          "bottom-toolbar": "noreverse", "auto-suggestion": "underline",
          "completion-menu": "reverse", "completion-menu.completion": "reverse",
          "completion-menu.meta.completion": "reverse",
          "completion-menu.completion.current": "noreverse bold",
          "completion-menu.meta.completion.current": "noreverse bold"}


def repl_style(color: bool) -> Style:
    return Style.from_dict(_COLOURS if color else _PLAIN)


def color_depth(color: bool) -> ColorDepth | None:
    return None if color else ColorDepth.DEPTH_1_BIT
