"""The language of a question, for what Hearth says without a model.

A rough guess from the script and a few common words: it only picks the fixed "the documents
do not contain this" sentence, which no model writes.
"""

from __future__ import annotations

import re

# Said without a model, so it cannot follow the question's language by itself: pick it by
# the question's script or letters, English otherwise.
_NO_ANSWER = {
    "en": "The documents do not contain an answer to this question.",
    "zh": "文档中没有包含这个问题的答案。",
    "ja": "ドキュメントにはこの質問への答えが含まれていません。",
    "ko": "문서에 이 질문에 대한 답이 없습니다.",
    "ru": "В документах нет ответа на этот вопрос.",
    "pl": "Dokumenty nie zawierają odpowiedzi na to pytanie.",
    "de": "Die Dokumente enthalten keine Antwort auf diese Frage.",
    "fr": "Les documents ne contiennent pas de réponse à cette question.",
    "es": "Los documentos no contienen una respuesta a esta pregunta.",
}
_LATIN_HINTS = [
    ("pl", set("ąćęłńóśźż"), {"czy", "jest", "jak", "co", "się", "nie", "dlaczego", "gdzie"}),
    ("de", set("äöüß"), {"ist", "was", "wie", "der", "die", "das", "und", "nicht", "warum"}),
    ("fr", set("àâçèéêëîïôùûœ"), {"est", "quel", "quelle", "que", "les", "des", "pourquoi"}),
    ("es", set("áéíñóúü¿¡"), {"es", "qué", "cómo", "los", "las", "por", "dónde", "cuál"}),
]


def question_language(text: str) -> str:
    """A rough language guess, only to pick the fixed "not in the documents" sentence."""
    counts = {"zh": 0, "ja": 0, "ko": 0, "ru": 0}
    for c in text:
        o = ord(c)
        if 0x3040 <= o <= 0x30FF:
            counts["ja"] += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            counts["zh"] += 1
        elif 0xAC00 <= o <= 0xD7AF:
            counts["ko"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["ru"] += 1
    if counts["ja"]:
        return "ja"
    script = max(counts, key=lambda k: counts[k])
    if counts[script]:
        return script
    low = text.casefold()
    words = set(re.findall(r"\w+", low))
    best, score = "en", 0
    for lang, letters, common in _LATIN_HINTS:
        s = 2 * sum(c in letters for c in low) + len(words & common)
        if s > score:
            best, score = lang, s
    # One hint is enough when nothing in it is English ("Czy zamek ma muzeum?").
    return best if score >= 2 or (score == 1 and not looks_english(text)) else "en"


def no_answer_text(question: str) -> str:
    return _NO_ANSWER[question_language(question)]


_EN_COMMON = {"the", "and", "of", "to", "is", "in", "that", "for", "with", "are", "this", "on"}
_SCRIPTS = (("ja", 0x3040, 0x30FF), ("zh", 0x4E00, 0x9FFF), ("zh", 0x3400, 0x4DBF),
            ("ko", 0xAC00, 0xD7AF), ("ru", 0x0400, 0x04FF), ("ar", 0x0600, 0x06FF),
            ("th", 0x0E00, 0x0E7F))


def text_language(text: str) -> str:
    """The main language of a passage (its first 4,000 characters): by script, then, for
    Latin text, by common words and letters per word, so one borrowed "é" decides nothing."""
    sample = text[:4000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return "en"
    scripts: dict[str, int] = {}
    for c in letters:
        o = ord(c)
        for lang, lo, hi in _SCRIPTS:
            if lo <= o <= hi:
                scripts[lang] = scripts.get(lang, 0) + 1
                break
    if scripts.get("ja", 0) >= 0.05 * len(letters):
        return "ja"
    script = max(scripts, key=lambda k: scripts[k], default="")
    if script and scripts[script] >= 0.2 * len(letters):
        return script
    low = sample.casefold()
    words = re.findall(r"\w+", low)
    scores = {"en": float(sum(w in _EN_COMMON for w in words))}
    for lang, special, common in _LATIN_HINTS:
        scores[lang] = sum(w in common for w in words) + sum(c in special for c in low) / 2
    return max(scores, key=lambda k: scores[k])


_EN_QUESTION = {"what", "how", "why", "when", "where", "who", "which", "does", "do", "can",
                "is", "are", "the", "and", "of", "to", "in", "for", "with", "this", "that"}


def looks_english(text: str) -> bool:
    """Whether `text` has an English function word (a bare "API 500?" has none)."""
    return bool(set(re.findall(r"[a-z']+", text.casefold())) & _EN_QUESTION)


def ui_locale(setting: str = "") -> str:
    """The interface language as "zh_TW", "pl", "en"...: the setting, else the OS locale."""
    import locale
    import os

    code = setting
    if not code:
        for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
            if os.environ.get(var):
                code = os.environ[var]
                break
        else:
            code = locale.getlocale()[0] or ""
    code = code.split(".")[0].split(":")[0].split("@")[0]
    if code.lower() in ("", "c", "posix"):
        return "en"
    lang, _, region = code.partition("_")
    return f"{lang.lower()}_{region.upper()}" if region else lang.lower()
