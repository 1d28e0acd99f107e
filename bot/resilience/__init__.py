"""Faults and bad input never leave a patient in silence: guarded turns and action calls.

- `turn_guard`: watches one message's turn and adds a kind reply when nothing (or an error) came.
- `action_endpoint`: a few-second timeout on action-server calls, and failure reporting.
- `message_checks`: cleans message text and rejects malformed REST requests with a 400.
- `fallback_reply`: the kind words, with the clinic's phone from the clinic file.
"""
