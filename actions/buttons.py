"""Quick-reply buttons that send an intent (and entities) straight to the dialogue."""

from __future__ import annotations

import json


def button(title: str, intent: str, **entities: str) -> dict[str, str]:
    """A quick-reply button that sends an intent (and entities) without going through NLU."""
    payload = f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"
    return {"title": title, "payload": payload}
