"""The terminal REPL: prompt_toolkit lives here and nowhere else in the package."""

from .repl import Repl, run_repl

__all__ = ["Repl", "run_repl"]
