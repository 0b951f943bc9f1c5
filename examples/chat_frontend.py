"""A chat frontend that embeds magbot: its own loop, its own look, conversation state kept as JSON.

It stores each user's state the way a web frontend would between requests (here, a dict of JSON
strings keyed by user), so any process could pick the conversation up.

    python examples/chat_frontend.py            # type questions; an empty line ends
    printf 'hi\\nis glycinate good\\nand citrate?\\n' | python examples/chat_frontend.py
"""

from __future__ import annotations

import json
import sys

from bot import FAQBot

BOT = FAQBot.load()  # load once; share across every user and thread
STORE: dict[str, str] = {}  # user id -> saved conversation state (JSON), as a database would hold it


def handle_message(user: str, text: str) -> str:
    """What a web handler or a messaging webhook would do for one incoming message."""
    saved = STORE.get(user)
    session = BOT.session(json.loads(saved) if saved else None)
    reply = session.ask(text)
    STORE[user] = json.dumps(session.to_dict())
    lines = [f"Bot: {reply.text}"]
    lines += [f"  [{n}] {question}" for n, question in enumerate(reply.suggestions, 1)]
    lines.append(f"  ({reply.caveat})")
    return "\n".join(lines)


def main() -> None:
    for line in sys.stdin:
        if not line.strip():
            break
        print(f"You: {line.strip()}")
        print(handle_message("demo-user", line))


if __name__ == "__main__":
    main()
