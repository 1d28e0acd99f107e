"""What the simulated patients say: PainPath conversations and the stock `rasa init` bot's."""

from __future__ import annotations

# A realistic PainPath mix: procedures and follow-ups, journey, clinic details, a red flag.
PAINPATH = (
    ("hi", "what is an epidural steroid injection", "how long does it last?", "bye"),
    ("what about nerve blocks?", "how do I prepare", "what are the risks", "thanks"),
    ("what are your hours", "do you take aetna", "where do I park"),
    ("do I need a referral", "what happens at the first visit", "what should I bring"),
    ("hello", "I can't feel my legs after the shot"),
    ("tell me about spinal cord stimulation", "is it safe with an MRI?", "thank you"),
)

# The stock starter bot knows greet, mood, affirm/deny, goodbye and bot_challenge.
STOCK = (
    ("hi", "I am sad", "yes", "bye"),
    ("hello", "I am feeling great", "goodbye"),
    ("hey", "are you a bot?", "bye"),
    ("good morning", "I am very sad", "no", "see you later"),
)
