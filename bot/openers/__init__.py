"""Ways to start talking to a suggested account: reply to a post, say hello through a shared seed, share their work.

The rooms: :mod:`~bot.openers.context` (what an opener is written from and what it is),
:mod:`~bot.openers.picking` (which post to reply to or share: pure and explainable),
:mod:`~bot.openers.acts` (what a post does, and so whether and how a stranger answers it),
:mod:`~bot.openers.phrases` (what may be quoted back from their words), :mod:`~bot.openers.templates` (the
wording), :mod:`~bot.openers.checks` (what every draft must pass) and :mod:`~bot.openers.writer` (the LLM's
wording, checked, with the templates as the fallback). Text rules shared with the rest of the bot live in
:mod:`bot.text`.
"""

from bot.openers.checks import draft_problem
from bot.openers.context import MAX_DRAFT_LENGTH, Opener, OpenerContext, OpenerKind, ScoredPost
from bot.openers.phrases import key_phrase, matching_topic, recurring_words
from bot.openers.picking import invitation_kind, pick_reply_post, pick_share_post
from bot.openers.templates import best_reply, template_openers
from bot.openers.writer import OpenerWriter


def warm_up() -> None:
    """Load the language models the openers use (TextBlob's parser and lexicons, WordNet, the profanity model, VADER):
    a few seconds of imports, done once per process. Blocking: call it in a thread."""
    from bot.openers import phrases, tone

    phrases.noun_phrases("Warming up the parser.")
    phrases.names_people("warming up")
    tone.hostility("warming up you")


__all__ = [
    "MAX_DRAFT_LENGTH",
    "Opener",
    "OpenerContext",
    "OpenerKind",
    "OpenerWriter",
    "ScoredPost",
    "best_reply",
    "draft_problem",
    "invitation_kind",
    "key_phrase",
    "matching_topic",
    "pick_reply_post",
    "pick_share_post",
    "recurring_words",
    "template_openers",
    "warm_up",
]
