"""Mount magbot's HTTP service inside your own Starlette (or FastAPI) app, under /faq.

    pip install '.[server]'        # from the magbot checkout, or 'magbot-0.1.0-py3-none-any.whl[server]'
    uvicorn examples.mount_in_starlette:app --port 8080
    curl -s localhost:8080/faq/v1/ask -d '{"text": "does magnesium help sciatica?"}'
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route

from bot import FAQBot
from bot.server import create_app


async def home(request: Request) -> PlainTextResponse:
    return PlainTextResponse("My health site. Ask the FAQ bot at POST /faq/v1/ask.")


app = Starlette(routes=[Route("/", home), Mount("/faq", app=create_app(FAQBot.load()))])
