"""Which sentences of a patient's message hold the question: the part that decides the topic.

Patients write several sentences and ask in one of them: "We moved here last year, and my new
doctor thinks the burning procedure I had on my neck is worth doing again. How long will it take
me to get back on my feet this time?" The story around a question pulls a sentence classifier
towards other topics; the question alone says what the patient wants to know.

`focus_spans(text)` returns the character spans of the sentences to classify, or None when the
whole message should be read (one sentence, no question found, or every sentence a question).
A question too thin to stand alone ("Is it safe?", "What can you tell me about it?") keeps the
sentence before it, which usually names what "it" is. No spaCy, no model: plain rules.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

# A sentence ends at . ! ? or an ellipsis (closing quotes and brackets stay with it), before
# white space, or at a line break. "help?How" (no space) ends one too.
_SENTENCE_END = re.compile(r"(?:[.!?…]+[\"'”’)\]]*(?=\s)|\?+(?=[A-Za-z])|\s*\n\s*)")
# Words before a full stop that do not end a sentence ("Dr. Lee", "e.g. a nerve block").
_ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "st",
        "vs",
        "etc",
        "eg",
        "e.g",
        "i.e",
        "ie",
        "approx",
        "jr",
        "sr",
        "no",
        "mt",
        "dept",
        "appt",
        "min",
        "hr",
        "hrs",
        "wk",
        "wks",
    ]
)
_WORD = re.compile(r"[a-z0-9']+")

# Openers of a question; "have" and "had" are left out ("Had an epidural last week." tells).
QUESTION_OPENERS = frozenset(
    [
        "what",
        "whats",
        "what's",
        "how",
        "hows",
        "how's",
        "when",
        "whens",
        "when's",
        "where",
        "wheres",
        "where's",
        "why",
        "who",
        "whos",
        "who's",
        "which",
        "whom",
        "whose",
        "will",
        "would",
        "wouldn't",
        "can",
        "can't",
        "cant",
        "could",
        "couldn't",
        "should",
        "shouldn't",
        "is",
        "isn't",
        "isnt",
        "are",
        "aren't",
        "am",
        "do",
        "does",
        "doesn't",
        "dont",
        "don't",
        "did",
        "didn't",
        "was",
        "were",
        "may",
        "might",
        "shall",
        "wat",
        "wut",
        "wht",
        "hw",
        "wen",
        "r",
    ]
)
# Words a patient puts before the question itself ("So, how long...", "My question is: will...").
_LEAD_INS = re.compile(
    r"^(?:(?:so|and|but|also|ok|okay|well|anyway|now|then|just|hi|hello|hey|please|"
    r"my question is|the question is|question is|question|my question|i guess)\b[\s,:;-]*)+"
)
# Wording that asks without a question mark or an opener.
_REQUEST_CUES = re.compile(
    r"\b(?:i wonder|i'm wondering|im wondering|i am wondering|wondering (?:if|whether|how|what|"
    r"when|why|about)|want(?:ed)? to know|would like to know|like to know|need to know|"
    r"tell me|can you|could you|would you|please explain|explain (?:to me )?(?:how|what|why)|"
    r"any advice|any idea|any ideas|anyone know|does anyone|has anyone|anybody know|curious|"
    r"not sure (?:if|whether|how|what|when)|help me understand)\b"
)
# Words that say nothing of the topic on their own: a question made only of these leans on the
# sentence before it ("Is it normal?", "What do you think?").
_EMPTY_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "so",
        "if",
        "then",
        "than",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "about",
        "as",
        "into",
        "up",
        "out",
        "it",
        "its",
        "it's",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "them",
        "they",
        "their",
        "he",
        "she",
        "him",
        "her",
        "his",
        "hers",
        "we",
        "us",
        "our",
        "you",
        "your",
        "i",
        "i'm",
        "im",
        "me",
        "my",
        "mine",
        "myself",
        "what",
        "whats",
        "what's",
        "how",
        "when",
        "where",
        "why",
        "who",
        "which",
        "whom",
        "will",
        "would",
        "can",
        "could",
        "should",
        "is",
        "isn't",
        "are",
        "am",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "done",
        "doing",
        "was",
        "were",
        "has",
        "have",
        "had",
        "having",
        "may",
        "might",
        "must",
        "shall",
        "not",
        "no",
        "yes",
        "just",
        "really",
        "very",
        "any",
        "anything",
        "something",
        "some",
        "all",
        "also",
        "too",
        "still",
        "ever",
        "even",
        "please",
        "thanks",
        "thank",
        "tell",
        "told",
        "know",
        "think",
        "say",
        "said",
        "mean",
        "let",
        "get",
        "got",
        "go",
        "going",
        "one",
        "ones",
        "thing",
        "things",
        "stuff",
        "like",
        "well",
        "ok",
        "okay",
        "now",
        "then",
        "again",
        "kind",
        "sort",
        "about",
        "way",
        "lot",
        "much",
        "many",
        "more",
    ]
)
MIN_TOPIC_WORDS = 2


def sentence_spans(text: str) -> list[Span]:
    """Character spans of the sentences of `text`, without the white space around them."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group().strip() else match.start()
        if match.group().startswith(".") and _ends_with_abbreviation(text[start : match.start()]):
            continue
        _add_span(spans, text, start, end)
        start = match.end()
    _add_span(spans, text, start, len(text))
    return spans


def is_question(sentence: str) -> bool:
    """A sentence that asks: a question mark, a question opener, or asking words ("I wonder")."""
    stripped = sentence.strip()
    if stripped.endswith("?"):
        return True
    lowered = _LEAD_INS.sub("", stripped.lower()).lstrip("\"'“‘(- ")
    first = _WORD.match(lowered)
    if first and first.group() in QUESTION_OPENERS:
        return True
    return _REQUEST_CUES.search(stripped.lower()) is not None


def topic_words(sentence: str) -> list[str]:
    """The words of a sentence that could name a topic (not pronouns, question or filler words)."""
    return [word for word in _WORD.findall(sentence.lower()) if word not in _EMPTY_WORDS]


def focus_spans(text: str) -> list[Span] | None:
    """The spans of the question sentences (a thin one with the sentence before), or None."""
    spans = sentence_spans(text)
    if len(spans) < 2:
        return None
    asking = [index for index, (start, end) in enumerate(spans) if is_question(text[start:end])]
    if not asking or len(asking) == len(spans):
        return None
    kept = set(asking)
    for index in asking:
        start, end = spans[index]
        if index > 0 and len(topic_words(text[start:end])) < MIN_TOPIC_WORDS:
            kept.add(index - 1)
    if len(kept) == len(spans):
        return None
    return [spans[index] for index in sorted(kept)]


def _ends_with_abbreviation(before: str) -> bool:
    words = before.lower().split()
    if not words:
        return False
    last = words[-1].strip("\"'(")
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha() and last != "i")


def _add_span(spans: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    if not piece.strip():
        return
    left = start + len(piece) - len(piece.lstrip())
    right = end - (len(piece) - len(piece.rstrip()))
    spans.append((left, right))
