"""Language of an article: py3langid (a naive Bayes model over byte n-grams, shipped inside the package).

A text whose letters are mostly Chinese characters (and no kana) is Chinese without asking the model.
Why py3langid: it is a maintained fork of langid.py, deterministic (no random seed, unlike langdetect), needs no
download at run time and covers 97 languages; it is also the detector trafilatura itself uses when installed.
"""

from __future__ import annotations

import threading
from typing import Any

from tradeguard.names.scripts import is_han

UNDETERMINED = "und"
_SAMPLE_CHARS = 4000  # the first few thousand characters decide; whole articles only cost time
_lock = threading.Lock()
_identifier: Any = None


def _model() -> Any:
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
        return _identifier


def _mostly_chinese(sample: str) -> bool:
    """Han characters dominate and there is no Japanese kana: the model alone may say "wuu" (Wu) for Mandarin."""
    letters = [char for char in sample if char.isalpha()]
    han = sum(1 for char in letters if is_han(char))
    kana = sum(1 for char in letters if "\u3040" <= char <= "\u30ff")
    return han >= 0.3 * len(letters) and kana == 0


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language `text` is written in, or "und" for text with too few letters."""
    sample = text[:_SAMPLE_CHARS]
    if sum(char.isalpha() for char in sample) < 3:
        return UNDETERMINED
    if _mostly_chinese(sample):
        return "zh"
    code, _score = _model().classify(sample)
    return str(code)
