"""magbot's own HTTP service with the matcher taken out: every reply is looked up, not computed.

For bench_http.py and profile_http.py: what magbot's HTTP path costs by itself (uvicorn with
bot.serving's protocol, bot.server's app, the JSON, the state token, the observer), to set beside
a bare Starlette endpoint and the whole `magbot serve`. Replies are computed once at start-up
for bench_http.py's messages (one fresh conversation each); a message not in the table is asked.

Run: .venv/bin/python benchmarks/http_path_server.py PORT
"""

from __future__ import annotations

import sys

import uvicorn
from bench_http import field_questions

from bot import FAQBot
from bot.conversation import Session
from bot.server import create_app
from bot.serving import IDLE_SECONDS, GuardedH11Protocol, log_config


def main() -> None:
    bot = FAQBot.load()
    table = {text: bot.ask(text) for text in field_questions()}
    ask = Session.ask
    Session.ask = lambda self, text: table.get(text) or ask(self, text)  # type: ignore[method-assign]
    uvicorn.run(create_app(bot), host="127.0.0.1", port=int(sys.argv[1]), http=GuardedH11Protocol,
                log_config=log_config(), log_level="warning", access_log=False, timeout_keep_alive=IDLE_SECONDS)


if __name__ == "__main__":
    main()
