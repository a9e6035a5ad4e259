"""Sentences and paragraphs of a task text: one rule, used by the import, the backend and agreement.

The task text is a transcript's text with a leading byte-order mark removed and every line
ending turned into ``\\n`` (:func:`normalise_text`); nothing else changes. Every offset here is
a Python ``str`` index into the text it is given, the unit Label Studio stores Text spans in, so
``text[start:end]`` is the span. Spans leave out surrounding whitespace, and whitespace-only
pieces make no span.
"""

from __future__ import annotations

import re

#: Words that end in a full stop without ending a sentence (compared in lower case).
ABBREVIATIONS = frozenset(
    "dr. mr. mrs. ms. prof. st. sr. jr. e.g. i.e. etc. vs. cf. approx. no. nos. fig. al. ca. "
    "dept. mt. a.m. p.m. u.k. u.s.".split()
)

_SENTENCE_END = re.compile(r"[.?!…]+[\"'”’)\]]*(?=\s)|\n[ \t]*\n")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_OPENERS = "\"'“‘([¿¡"


def normalise_text(text: str) -> str:
    """Drop a leading byte-order mark and turn ``\\r\\n`` and ``\\r`` line endings into ``\\n``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences; return their exact ``(start, end)`` offsets.

    A sentence ends at ``.``, ``?``, ``!`` or ``…`` (with any closing quotes or brackets) that is
    followed by whitespace and then a capital letter or an opening quote or bracket; and at
    every blank line. A full stop after a known abbreviation (:data:`ABBREVIATIONS`, such as
    "Dr." and "e.g.") or after a single-letter initial ("J. Smith") ends no sentence. Spans
    leave out surrounding whitespace; whitespace-only pieces are dropped.

    Parameters
    ----------
    text : str
        The whole task text.
    start, end : int
        The range to split, as offsets into ``text`` (``end`` defaults to ``len(text)``).

    Returns
    -------
    list of (int, int)
        Non-overlapping spans in text order, all inside ``[start, end]``.
    """
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text):
        raise ValueError(
            f"split_sentences needs 0 <= start <= end <= len(text) = {len(text)}; "
            f"got start={start}, end={end}."
        )
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.group().startswith("\n"):
            _add_span(spans, text, sentence_start, match.start())
            sentence_start = match.end()
            continue
        following = match.end()
        while following < end and text[following].isspace():
            following += 1
        if following >= end:
            break
        if not (text[following].isupper() or text[following] in _OPENERS):
            continue
        if match.group().startswith(".") and _is_abbreviation(text, sentence_start, match.start()):
            continue
        _add_span(spans, text, sentence_start, match.end())
        sentence_start = match.end()
    _add_span(spans, text, sentence_start, end)
    return spans


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The paragraphs of ``text`` (separated by blank lines) as ``(start, end)`` offsets.

    Each span leaves out the whitespace around its paragraph; blank paragraphs make none.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _add_span(spans, text, start, match.start())
        start = match.end()
    _add_span(spans, text, start, len(text))
    return spans


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` moved inwards past whitespace, so ``text[start:end]`` is stripped."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_abbreviation(text: str, floor: int, dot: int) -> bool:
    word_start = dot
    while word_start > floor and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start : dot + 1].lstrip(_OPENERS).lower()
    if word in ABBREVIATIONS:
        return True
    # A single-letter initial ("J. Smith"), except the words "I" and "a".
    return len(word) == 2 and word[0].isalpha() and word[0] not in "ia"


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    start, end = strip_span(text, start, end)
    if start < end:
        spans.append((start, end))
