"""The site's social card in words: its alt text (drawn by :mod:`loopdocs.draw.social_card`)."""

from __future__ import annotations


def describe_social_card(title: str) -> str:
    """Alt text for the social card of a site called ``title``."""
    return (
        f"{title.rstrip('.')}. A training loss curve falls steeply, then levels off; below, "
        "the loop's five steps: zero_grad(), forward, loss, backward(), step()."
    )
