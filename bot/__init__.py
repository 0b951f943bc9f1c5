"""magbot: a careful FAQ matcher for one health article, made to be embedded.

>>> from bot import FAQBot
>>> bot = FAQBot.load()
>>> bot.ask("what is sciatica").kind
'answer'
"""

from .conversation import Session
from .errors import BotError, ContentError, ImmutableError, StateError
from .faqbot import FAQBot
from .model import KINDS, Reply
from .settings import ScoringWeights, Thresholds

__all__ = ["KINDS", "BotError", "ContentError", "FAQBot", "ImmutableError", "Reply", "ScoringWeights", "Session",
           "StateError", "Thresholds"]
__version__ = "0.1.0"
