"""The ``magbot`` command: argument parsing only; the work is done by the core and the adapters.

``magbot --ask`` must start fast, so prompt_toolkit (the REPL) and Starlette (the server) are
imported only by the subcommands that need them.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import __version__
from .errors import BotError, ContentError
from .faqbot import FAQBot
from .logged_turn import ask_logged
from .plain import emit, plain_loop
from .safe_text import printable

if TYPE_CHECKING:
    from .evaluate import EvalReport

if TYPE_CHECKING:
    from .review_log import ReviewLog

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line, exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (try '{self.prog} --help')\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and of ``python -m bot``; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    _tolerant_streams()
    commands = {"validate": _validate, "eval": _eval, "serve": _serve, "review": _review}
    try:
        if args and args[0] in commands:
            return commands[args[0]](args[1:])
        return _chat(args)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if exc.errno not in _OUTPUT_GONE:
            raise
        # The reader went away (``magbot --json | head -1``) or the disk is full: stop quietly.
        _silence_stdout()
        return 0
    except BotError as exc:
        print(f"magbot: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: one line for the person, the traceback only when asked for
        if os.environ.get("MAGBOT_DEBUG"):
            raise
        print(f"magbot: internal error: {type(exc).__name__}: {exc} (set MAGBOT_DEBUG=1 for details)",
              file=sys.stderr)
        return 1


#: Failures writing standard output that end the run quietly: closed pipe, full disk, closed stream.
_OUTPUT_GONE = (errno.EPIPE, errno.ENOSPC, errno.EBADF)


def _silence_stdout() -> None:
    # Point the descriptor itself at /dev/null, so that the final flush at exit cannot fail again.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaced for the rest of the process


def _tolerant_streams() -> None:
    # Started with a standard stream closed: read nothing, write nowhere, as a pipe would.
    if sys.stdin is None:
        sys.stdin = open(os.devnull)  # noqa: SIM115 - kept for the rest of the process
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - kept for the rest of the process
    # Random bytes on stdin, or a terminal that cannot show a character, must never crash the bot.
    for stream, errors in ((sys.stdin, "replace"), (sys.stdout, "replace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=errors)


def _load(content: str | None) -> FAQBot:
    try:
        return FAQBot.load(content, use_cache=True)
    except ContentError as exc:
        more = f" (+{len(exc.problems) - 1} more; run 'magbot validate')" if len(exc.problems) > 1 else ""
        raise BotError(f"invalid content: {exc.problems[0]}{more}") from None


def _share(text: str) -> float:
    """A gate as a fraction (0.95) or a percentage (95, 95%): a number over 1 is a percentage."""
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        value = float("nan")
    if text.strip().endswith("%") or value > 1:
        value /= 100
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share: give 0-1 or a percentage 0-100")
    return value


def _directory(text: str) -> str:
    if not os.path.isdir(text):
        raise argparse.ArgumentTypeError(f"{'not a directory' if os.path.exists(text) else 'no such directory'}: "
                                         f"{text}")
    return text


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", metavar="DIR", type=_directory,
                        help="a content pack folder holding intents/ and answers/ (default: the bundled article)")


def _days(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days (1 or more)")
    return int(text)


def _review_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--review-log", metavar="DIR",
                        help="keep the turns that fell through (redacted) in DIR for 'magbot review' "
                        "(off by default: nothing a person types is stored)")
    parser.add_argument("--review-days", type=_days, default=30, metavar="N",
                        help="delete review files older than N days (default 30)")


def _open_review_log(args: argparse.Namespace) -> ReviewLog | None:
    if not args.review_log:
        return None
    from .review_log import ReviewLog  # only an operator who asked for a log pays for its import

    return ReviewLog(args.review_log, days=args.review_days)


# -- chatting -------------------------------------------------------------------------------------
def _chat(argv: list[str]) -> int:
    parser = _Parser(prog="magbot", description="Ask questions about a content pack (by default the bundled article). "
                     "Other commands: 'magbot validate', 'magbot eval FILE', 'magbot serve', 'magbot review LOG'.")
    parser.add_argument("--ask", metavar="QUESTION", help="answer one question and exit")
    parser.add_argument("--json", action="store_true", help="print one JSON object per reply")
    parser.add_argument("--no-color", action="store_true", help="no colours (NO_COLOR is honoured too)")
    parser.add_argument("--no-history", action="store_true", help="keep no history of questions")
    parser.add_argument("--version", action="version", version=f"magbot {__version__}")
    _content_option(parser)
    _review_options(parser)
    args = parser.parse_args(argv)
    bot = _load(args.content)
    review_log = _open_review_log(args)
    try:
        if args.ask is not None:
            reply, reply_id = ask_logged(bot.session(), args.ask, review_log)
            emit(reply, as_json=args.json, out=sys.stdout, bot=bot,
                 reply_id=reply_id if review_log is not None else None)
            return 0
        if args.json or not _interactive():
            return plain_loop(bot, sys.stdin, sys.stdout, as_json=args.json, review_log=review_log)
        from .terminal import run_repl  # only a real terminal pays for prompt_toolkit

        color = not (args.no_color or os.environ.get("NO_COLOR"))
        return run_repl(bot, color=color, history=not args.no_history, review_log=review_log)
    finally:
        if review_log is not None:
            review_log.close()


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


# -- validate, eval, serve ------------------------------------------------------------------------
def _validate(argv: list[str]) -> int:
    parser = _Parser(prog="magbot validate", description="Check a content pack; list every problem.")
    _content_option(parser)
    args = parser.parse_args(argv)
    from .content import default_content_dir, load_content

    try:
        content = load_content(args.content)
    except ContentError as exc:
        for problem in exc.problems:
            print(printable(problem))
        print(f"magbot validate: {len(exc.problems)} problem(s) found", file=sys.stderr)
        return 1
    faq = [i for i in content.intents if not i.smalltalk]
    patterns = sum(len(i.patterns) for i in faq)
    print(f"OK: {printable(str(args.content or default_content_dir()))}: {len(faq)} intents ({patterns} patterns), "
          f"{len(content.intents) - len(faq)} small-talk intents, {len(content.red_flags)} red-flag rules")
    return 0


def _eval(argv: list[str]) -> int:
    from .evaluate import EvalReport, evaluate, load_eval_set

    parser = _Parser(prog="magbot eval", description="Score labeled question sets (cases and dialogues): "
                     "each file's figures, then all of them together, which the gates apply to.")
    parser.add_argument("file", nargs="+", help="labeled YAML set(s) in the format of shared/eval/sample.yaml")
    parser.add_argument("--show", action="store_true", help="print every turn that was not correct, with its file:line")
    parser.add_argument("--json", action="store_true", help="print one JSON report (per file, merged, failures, gates)")
    parser.add_argument("--min-correct", type=_share, default=0.0,
                        help="in-scope answered correctly, at least (0.95, 95 or 95%%: the same)")
    parser.add_argument("--max-wrong", type=_share, default=1.0, help="in-scope answered wrongly, at most")
    parser.add_argument("--min-reject", type=_share, default=0.0, help="out-of-scope refused, at least")
    parser.add_argument("--min-urgent", type=_share, default=0.0, help="red flags caught, at least")
    _content_option(parser)
    args = parser.parse_args(argv)
    bot = _load(args.content)
    sets = [(path, load_eval_set(path)) for path in args.file]  # every file is checked before any is asked
    per_file = [(path, evaluate(bot, data)) for path, data in sets]
    report = EvalReport.merged([r for _, r in per_file])
    unmet = _unmet_gates(report, args)
    if args.json:
        print(json.dumps({"files": [{"file": path, **r.figures()} for path, r in per_file],
                          "merged": report.figures(), "failures": [f.to_dict() for f in report.failures],
                          "gates_unmet": unmet}, indent=1, ensure_ascii=False))
    else:
        if len(per_file) > 1:
            print("per file:\n" + "\n".join(f"  {printable(path)}: {r.summary()}" for path, r in per_file))
        print(printable("\n".join(report.lines(show=args.show))))
    for gate in unmet:
        print(f"magbot eval: gate not met: {gate}", file=sys.stderr)
    return 1 if unmet else 0


def _unmet_gates(report: EvalReport, args: argparse.Namespace) -> list[str]:
    """Every gate the figures miss, named by its option, so a failing CI run says which."""
    gates = [("--min-correct", "in-scope correct", report.correct, args.min_correct,
              report.correct >= args.min_correct),
             ("--max-wrong", "in-scope wrong", report.wrong, args.max_wrong, report.wrong <= args.max_wrong),
             ("--min-reject", "out-of-scope rejected", report.rejected, args.min_reject,
              report.rejected >= args.min_reject),
             ("--min-urgent", "urgent caught", report.urgent, args.min_urgent, report.urgent >= args.min_urgent)]
    unmet = [f"{option} {limit:.1%}: {label} is {value:.1%}" for option, label, value, limit, holds in gates
             if not holds]
    if report.broken:
        unmet.append(f"{report.broken} turn(s) broke the bot (a reply without the caveat)")
    return unmet


def _serve(argv: list[str]) -> int:
    parser = _Parser(prog="magbot serve", description="Serve the bot over HTTP (needs the 'server' extra).",
                     epilog="Conversation states are signed with MAGBOT_STATE_SECRET; without it the key comes "
                     "from the content, so anyone who has the content can forge a state (harmless: a state "
                     "only names existing intents). Set the same secret on every replica facing other people.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                        help="let pages on this origin (e.g. https://clinic.example) call the service; repeatable")
    parser.add_argument("--access-log", action="store_true",
                        help="log one line per request (off by default: the log stays small and private)")
    _content_option(parser)
    _review_options(parser)
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536 or args.workers < 1:
        parser.error("--port must be 1-65535 and --workers at least 1")
    import re

    for origin in args.cors_origin:  # a browser's Origin has no path, not even "/": such a value never matches
        if origin != "*" and not re.fullmatch(r"https?://[^/\s?#]+", origin):
            parser.error(f"--cors-origin {origin!r} must be scheme://host[:port] with no path, or '*'")
    _load(args.content)  # fail fast, in one line, before any worker starts
    if args.review_log:  # ... and so does a review folder that cannot be written
        from .review_log import ReviewLog

        ReviewLog(args.review_log, days=args.review_days, background=False).close()
    try:
        from .server import serve
    except ImportError:
        raise BotError("the HTTP service needs the server extra: run pip install '.[server]' "
                       "in the magbot checkout (or install the wheel with [server])") from None
    return serve(args.host, args.port, args.workers, args.content, args.cors_origin, access_log=args.access_log,
                 review_log=args.review_log, review_days=args.review_days)


def _review(argv: list[str]) -> int:
    parser = _Parser(prog="magbot review", description="Read review logs (from 'magbot serve --review-log DIR'): "
                     "group the questions that fell through, show what magbot replied and the nearest intents; "
                     "in a terminal, accept them as patterns of the pack given with --content.")
    parser.add_argument("logs", nargs="+", metavar="LOG", help="review files or folders, one per replica")
    parser.add_argument("--json", action="store_true", help="print the groups as one JSON object; edit nothing")
    parser.add_argument("--eval", action="append", default=None, metavar="FILE",
                        help="labeled set scored before and after each change; repeatable "
                        "(default: the pack's eval/*.yaml or tests/eval/*.yaml)")
    _content_option(parser)
    args = parser.parse_args(argv)
    from pathlib import Path

    from .authoring import default_eval_sets
    from .locations import default_content_dir
    from .review_cli import review

    pack = Path(args.content) if args.content else default_content_dir()
    sets = [Path(p) for p in args.eval] if args.eval else default_eval_sets(pack)
    return review(args.logs, bot=_load(args.content), pack=pack, eval_sets=sets, as_json=args.json,
                  interactive=not args.json and _interactive())
