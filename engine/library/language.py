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
    ("pl", set("ąćęłńśźż"), {"czy", "jest", "jak", "co", "się", "nie", "dlaczego", "gdzie"}),
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
    return best if score >= 2 else "en"


def no_answer_text(question: str) -> str:
    return _NO_ANSWER[question_language(question)]
