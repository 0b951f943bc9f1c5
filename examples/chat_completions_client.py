"""Talk to magbot with the official ``openai`` client, as any tool built for chat-completions would.

magbot keeps no memory between requests: like any chat-completions model, it reads the conversation
from ``messages``, so the client sends its history each time and "and for men?" is understood.

    pip install openai
    magbot serve &
    printf 'how much magnesium for women?\\nand for men?\\n' | python examples/chat_completions_client.py
    python examples/chat_completions_client.py --base-url http://127.0.0.1:8000/v1 --no-stream
"""

from __future__ import annotations

import argparse
import sys

from openai import OpenAI


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000/v1", help="magbot's /v1 address")
    parser.add_argument("--no-stream", action="store_true", help="wait for whole replies")
    args = parser.parse_args()
    client = OpenAI(base_url=args.base_url, api_key="unused")  # magbot asks for no key; the client needs one
    history: list[dict[str, str]] = []
    for line in sys.stdin:
        if not line.strip():
            break
        history.append({"role": "user", "content": line.strip()})
        print(f"You: {line.strip()}\nmagbot: ", end="", flush=True)
        if args.no_stream:
            answer = client.chat.completions.create(model="magbot", messages=history)
            text = answer.choices[0].message.content or ""
            print(text)
        else:
            text = ""
            for chunk in client.chat.completions.create(model="magbot", messages=history, stream=True):
                piece = (chunk.choices[0].delta.content or "") if chunk.choices else ""
                text += piece
                print(piece, end="", flush=True)
            print()
        history.append({"role": "assistant", "content": text})
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
