"""Privacy: redact patient identifiers before conversations are stored or logged; purge old ones.

`redact` is re-exported here. The tracker store (`bot.privacy.tracker_store`) and the purge
command (`python -m bot.privacy purge`) import Rasa, so they stay in their own modules.
"""

from bot.privacy.redaction import redact

__all__ = ["redact"]
