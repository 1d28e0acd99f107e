"""A small, deterministic guess at whether a message is written in a language other than English.

PainPath answers in English only. Rather than let the model guess at a Spanish or Chinese message
(and answer something unrelated), this check spots them by script and by common function words,
so the patient is told kindly that we answer in English and how to reach a person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common words of each language that are not also everyday English words. Ambiguous ones
# ("a", "no", "me", "do", "pain", "die", "son", "sin", "con") are left out on purpose.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "es": _words(
        "el la los las del que y en un una por para es está estoy al lo como más pero "
        "sus su ya este esta porque cuando muy sobre también hasta hay donde desde todo "
        "yo tengo tiene tienen puedo puede quiero necesito mi mis tu usted qué cómo cuánto "
        "cuanto cuánta duele dolor espalda pierna piernas cuello rodilla inyección "
        "médico cita ayuda hola gracias buenos buenas días tardes noches habla hablan español "
        "después antes hace ser estar muchas mucho nervio nervios cuál cual"
    ),
    "fr": _words(
        "le la les des du une est et je j'ai ai suis vous nous il elle ce cette avec "
        "dans sur pas mais ou où qui que quoi quand comment combien mal dos jambe jambes "
        "douleur piqûre médecin rendez-vous bonjour bonsoir merci parlez français aux "
        "très après avant peut puis-je être avoir mon ma mes votre vos"
    ),
    "pt": _words(
        "o os da das dos em uma é não sim para com por que eu tenho você está estou "
        "meu minha muito dor costas perna pernas joelho injeção médico consulta ajuda "
        "olá obrigado obrigada bom dia tarde noite fala português quanto tempo depois "
        "antes também como qual quais"
    ),
    "de": _words(
        "der das und ist ich nicht ein eine mit für auf wie wir sie zu von den dem mein meine "
        "habe haben schmerzen rücken bein beine knie spritze arzt termin hilfe hallo danke "
        "guten sprechen deutsch lange dauert nach vor auch wann warum"
    ),
    "it": _words(
        "il lo gli della di che è e per una sono ho non mi mio mia dolore schiena gamba "
        "gambe ginocchio iniezione medico appuntamento aiuto ciao grazie buongiorno parla "
        "italiano quanto dopo prima anche quando"
    ),
}
ENGLISH_WORDS = _words(
    "the a an is are was be i my me you your it its of and or to in on at for with do does "
    "did can could should would will what how when where who which why this that these those "
    "have has had after before about long much many pain back leg legs shot injection "
    "doctor nerve block help hi hello thanks thank please not yes no get if"
)
# Greetings a patient may send on their own; one is enough to tell the language.
GREETINGS: dict[str, frozenset[str]] = {
    "es": frozenset({"hola", "gracias", "buenos", "buenas"}),
    "fr": frozenset({"bonjour", "bonsoir", "merci"}),
    "pt": frozenset({"olá", "obrigado", "obrigada"}),
    "de": frozenset({"danke"}),
    "it": frozenset({"grazie", "buongiorno"}),
}
PUNCTUATION_HINTS = {"¿": "es", "¡": "es"}
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
MIN_FUNCTION_WORDS = 2
NON_LATIN_SHARE = 0.5


@dataclass(frozen=True)
class LanguageGuess:
    """`language` is an ISO 639-1 code, or "other" for a non-Latin script we do not name."""

    language: str
    reason: str


def guess_other_language(text: str) -> LanguageGuess | None:
    """The language a message is written in, when we are confident it is not English."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    non_latin = [ch for ch in letters if not unicodedata.name(ch, "").startswith("LATIN")]
    if len(non_latin) >= 2 and len(non_latin) / len(letters) > NON_LATIN_SHARE:
        scripts = {unicodedata.name(ch, "other").split()[0].lower() for ch in non_latin}
        script = _main_script(scripts, unicodedata.name(non_latin[0], "other").split()[0].lower())
        return LanguageGuess(_script_language(script), f"{script} script")
    words = [word.lower() for word in WORD.findall(text)]
    if not words:
        return None
    if len(words) <= 2:
        for language, greetings in GREETINGS.items():
            if any(word in greetings for word in words):
                return LanguageGuess(language, "greeting")
    english = sum(word in ENGLISH_WORDS for word in words)
    scores = {
        language: sum(word in vocabulary for word in words)
        for language, vocabulary in FUNCTION_WORDS.items()
    }
    for mark, language in PUNCTUATION_HINTS.items():
        if mark in text:
            scores[language] += 1
    language, score = max(scores.items(), key=lambda item: item[1])
    if score >= MIN_FUNCTION_WORDS and score > english * 2:
        return LanguageGuess(language, f"{score} {language} words, {english} English")
    return None


SCRIPT_LANGUAGES = {
    "cjk": "zh",
    "hiragana": "ja",
    "katakana": "ja",
    "hangul": "ko",
    "cyrillic": "ru",
    "arabic": "ar",
    "hebrew": "he",
    "devanagari": "hi",
    "thai": "th",
    "greek": "el",
}


def _main_script(scripts: set[str], first: str) -> str:
    """Japanese mixes kanji with kana: any kana means Japanese rather than Chinese."""
    return next((kana for kana in ("hiragana", "katakana") if kana in scripts), first)


def _script_language(script: str) -> str:
    return SCRIPT_LANGUAGES.get(script, "other")
