"""The embedding models a library can use, and how a new library's model is chosen.

Each library records its model (meta.json). The setting `embedding_model` is only the
default for new libraries; "auto" (the default) decides at the first index from the
documents and the interface language: English documents read by an English interface get
MiniLM (best on English: SciFact), anything else the multilingual USE, which needs no
download. Figures behind this: README "Languages", bench/multilingual_quality.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engine.i18n import _
from engine.library.language import text_language, ui_locale

AUTO = "auto"
ENGLISH = "sentence-transformers/all-MiniLM-L6-v2"
MULTILINGUAL = "google/universal-sentence-encoder-multilingual-3"  # = use_embed.USE_MODEL

# USE multilingual v3's 16 languages (its model card), as language.text_language names them.
_USE_LANGUAGES = frozenset(
    {"ar", "zh", "en", "fr", "de", "it", "ja", "ko", "nl", "pl", "pt", "es", "th", "tr", "ru"}
)


@dataclass(frozen=True)
class EmbeddingChoice:
    name: str
    label: str  # English; the GUI translates its own labels
    languages: frozenset[str] | None  # None: ~50+ languages, every one Hearth tells apart
    download_mb: int  # 0: ships with Hearth or its packages
    dim: int


CHOICES = (
    EmbeddingChoice(MULTILINGUAL, "Multilingual (USE v3, 16 languages, no download)",
                    _USE_LANGUAGES, 0, 512),
    EmbeddingChoice(ENGLISH, "English (all-MiniLM-L6-v2)", frozenset({"en"}), 90, 384),
    EmbeddingChoice("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
                    "Multilingual MiniLM (50 languages, download)", None, 220, 384),
    EmbeddingChoice("intfloat/multilingual-e5-large",
                    "Multilingual E5 large (100 languages, download)", None, 2240, 1024),
)


def choice(name: str) -> EmbeddingChoice | None:
    return next((c for c in CHOICES if c.name == name), None)


def covers(model: str, lang: str) -> bool:
    """Whether `model` was trained on language `lang` (unknown models: assume it was)."""
    c = choice(model)
    if c is None or c.languages is None:
        return True
    return lang in c.languages


def covers_query(model: str, query: str) -> bool:
    """Whether `model` knows the language of `query`, or of its English part in a mixed
    query ("How long is the Great Wall? 长城有多长")."""
    from engine.library.language import looks_english, question_language

    if covers(model, question_language(query)):
        return True
    return covers(model, "en") and looks_english(query)


def ui_language(setting: str = "") -> str:
    """The interface language as a short code ("zh", "pl", "en"): the setting, else the OS's."""
    return ui_locale(setting).split("_")[0]


def auto_model(samples: Iterable[str], ui_lang: str) -> str:
    """MiniLM when the interface is English and so is nearly all the sampled text; else
    the multilingual model. A library with no text yet follows the interface."""
    langs = [text_language(s) for s in samples if s.strip()]
    english = sum(lang == "en" for lang in langs)
    if ui_lang == "en" and (not langs or english >= 0.9 * len(langs)):
        return ENGLISH
    return MULTILINGUAL


def default_model(setting: str, ui_lang: str) -> str:
    """A concrete model for `setting` when no documents are known (e.g. /v1/embeddings)."""
    return setting if setting and setting != AUTO else auto_model([], ui_lang)


def check_model_name(name: str) -> str:
    """`name` if Hearth can embed with it ("auto", a listed choice or any fastembed model)."""
    from engine.errors import LibraryError

    name = name.strip()
    if name == AUTO or choice(name) is not None:
        return name
    from fastembed import TextEmbedding

    for m in TextEmbedding.list_supported_models():
        if m["model"].lower() == name.lower():
            return str(m["model"])
    raise LibraryError(
        _("Unknown embedding model {name}.").format(name=repr(name)),
        _("Use {auto}, {multilingual}, {english} or another model fastembed supports.").format(
            auto=AUTO, multilingual=MULTILINGUAL, english=ENGLISH),
    )
