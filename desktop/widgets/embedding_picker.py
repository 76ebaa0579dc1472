"""A combo box of the embedding models a library can use (engine.api.embedding_models)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from desktop.i18n import translate
from desktop.widgets.elided import ElidedComboBox
from engine.api import embedding_models

AUTO = "auto"
MULTILINGUAL = "google/universal-sentence-encoder-multilingual-3"
ENGLISH = "sentence-transformers/all-MiniLM-L6-v2"


def model_label(name: str) -> str:
    """The model's name as people read it, in the interface language."""
    labels = {
        AUTO: translate("EmbeddingPicker", "Automatic (from the documents' languages)"),
        MULTILINGUAL: translate("EmbeddingPicker", "Multilingual: USE v3, 16 languages, no download"),
        ENGLISH: translate("EmbeddingPicker", "English: MiniLM, best for English only"),
        "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2":
            translate("EmbeddingPicker", "Multilingual MiniLM: 50 languages, 220 MB download"),
        "intfloat/multilingual-e5-large":
            translate("EmbeddingPicker", "Multilingual E5 large: 100 languages, 2.2 GB download"),
    }
    return labels.get(name, name.rsplit("/", 1)[-1])


def short_label(name: str) -> str:
    short = {
        MULTILINGUAL: translate("EmbeddingPicker", "multilingual USE v3"),
        ENGLISH: translate("EmbeddingPicker", "English MiniLM"),
    }
    return short.get(name, name.rsplit("/", 1)[-1])


class EmbeddingPicker(ElidedComboBox):
    """Automatic, then every listed model; the item data is the model name. The shown
    label ends in "…" when the box is narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # As wide as 18 characters at least, not as the longest label: a narrow window
        # elides it (the full name is in the list and the tooltip).
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        for name in embedding_models():
            self.addItem(model_label(name), name)
            self.setItemData(self.count() - 1, name, Qt.ItemDataRole.ToolTipRole)

    def current_model(self) -> str:
        return str(self.currentData())

    def show_model(self, name: str, resolved: str = "") -> None:
        """Select `name` (added when not listed); for Automatic, say what it chose."""
        self.blockSignals(True)
        i = self.findData(name)
        if i < 0:
            self.addItem(model_label(name), name)
            i = self.count() - 1
        self.setItemText(0, model_label(AUTO) if not resolved else
                         translate("EmbeddingPicker", "Automatic: chose {model}")
                         .format(model=short_label(resolved)))
        self.setCurrentIndex(i)
        self.blockSignals(False)
