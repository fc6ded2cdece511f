"""Sentence boundaries of news text in English-like and Chinese punctuation, with common abbreviations kept whole."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words after which a full stop does not end a sentence ("Huawei Technologies Co. Ltd.", "U.S. officials").
_ABBREVIATIONS = frozenset(
    {
        "co", "corp", "inc", "ltd", "llc", "plc", "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov",
        "st", "no", "nos", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec", "e.g", "i.e", "u.s", "u.k", "u.n", "a.k.a", "f.k.a", "jr", "sr", "dept", "approx", "fig",
    }
)  # fmt: skip
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9А-ЯЁ\u4e00-\u9fff])|[。！？]+[”’」』]?|\n+")
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*[\"'”’)\]]*$")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, boundary_start: int) -> bool:
    """True when the full stop at `boundary_start` closes an abbreviation or an initial ("J. Smith")."""
    if text[boundary_start] != ".":
        return False
    match = _LAST_WORD.search(text[max(0, boundary_start - 20) : boundary_start + 1])
    if match is None:
        return False
    word = match.group(1).rstrip(".").lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text` with their offsets; paragraph and line breaks always end a sentence."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group()[0] != "\n" and _is_abbreviation(text, match.start()):
            continue
        _append(sentences, text, start, match.end())
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    offset = start + (len(piece) - len(piece.lstrip()))
    sentences.append(Sentence(offset, offset + len(stripped), stripped))
