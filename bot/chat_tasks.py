"""Chat UIs' background tasks, told apart from questions and answered as the UI expects.

A chat UI that uses a model for chat also asks it, as ordinary completions, for a title for the
chat, tags, follow-up suggestions or search queries, by sending an instruction prompt with the
chat history inside it (Open WebUI's task prompts open with ``### Task:`` and hold the history in
``<chat_history>``; others ask for "a title for the conversation"). Answered as questions, the
chat would be titled with the men's daily amount. So such a prompt gets what it asks for, in the
format it names: a title from the topic the chat is about, and empty lists or text for the rest,
since magbot writes nothing but its curated answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["BackgroundTask", "DEFAULT_TITLE", "read_task", "task_reply_text"]

#: A task prompt: Open WebUI's heading, its history block, or a request for a title for the chat.
_TASK = re.compile(r"\A\s*#{2,4}\s*task\s*:|<chat_history>|\btitle for (?:the|this) (?:conversation|chat)\b",
                   re.IGNORECASE)
#: The example object after "JSON format:", whose keys are what the UI will read.
_JSON_FORMAT = re.compile(r"json format\s*:?\s*\**\s*(\{[^{}]*\})", re.IGNORECASE)
_KEY = re.compile(r'"([A-Za-z_][A-Za-z0-9_]*)"\s*:\s*(\[)?')
#: The history inside the prompt: "USER: ..." up to the next speaker.
_HISTORY = re.compile(r"<chat_history>(.*?)(?:</chat_history>|\Z)", re.IGNORECASE | re.DOTALL)
_USER_LINE = re.compile(r"^\s*user\s*:\s*(.*?)(?=^\s*(?:assistant|user|system)\s*:|\Z)",
                        re.IGNORECASE | re.DOTALL | re.MULTILINE)
#: Said when the pack has no ``replies.chat_title``, or the chat named no topic it covers.
DEFAULT_TITLE = "Questions"
#: A title longer than this is cut at a word: UIs show titles in a narrow sidebar.
_TITLE_CHARS = 60


@dataclass(frozen=True)
class BackgroundTask:
    """What a task prompt asks for: the JSON keys it names (with whether each holds a list), and
    the user turns of the chat it is about."""

    keys: tuple[tuple[str, bool], ...]
    history: tuple[str, ...]

    @property
    def wants_title(self) -> bool:
        return not self.keys or any(key == "title" for key, _ in self.keys)


def read_task(text: str, earlier_turns: Sequence[str] = ()) -> BackgroundTask | None:
    """The background task a user message is, or None for a message from a person."""
    if not _TASK.search(text[:4000]):
        return None
    spec = _JSON_FORMAT.search(text)
    keys = tuple((m.group(1), m.group(2) is not None) for m in _KEY.finditer(spec.group(1))) if spec else ()
    block = _HISTORY.search(text)
    told = [m.group(1).strip() for m in _USER_LINE.finditer(block.group(1))] if block else []
    return BackgroundTask(keys, tuple(earlier_turns) + tuple(t for t in told if t))


def task_reply_text(task: BackgroundTask, title: str) -> str:
    """The completion's text: the JSON object the prompt asked for, or the bare title."""
    title = _short(title)
    if not task.keys:
        return title
    answer = {key: ([] if is_list else (title if key == "title" else "")) for key, is_list in task.keys}
    return json.dumps(answer, ensure_ascii=False)


def _short(title: str) -> str:
    title = " ".join(title.split()).rstrip("?.!")
    if len(title) <= _TITLE_CHARS:
        return title
    return title[:_TITLE_CHARS].rsplit(" ", 1)[0]
