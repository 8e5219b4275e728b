"""The companion-app card: a title and the words, without the pacing."""
from __future__ import annotations

from ..logic.speech import Reply
from .ssml import plain_text


def card(reply: Reply) -> tuple[str, str] | None:
    """(title, text) of the reply's card, if it has one."""
    if reply.card is None:
        return None
    return reply.card.title.text, plain_text(reply.card.body)
