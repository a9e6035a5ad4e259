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

# A sentence end: a run of end marks with its closing quotes or brackets (group 1 is the run
# after its first mark, group 2 the first non-space character after the whitespace that follows,
# empty if none); or a run of blank lines. Linear time: the leading class lets the search skip
# to candidate characters, and the possessive quantifiers (``*+``, ``++``) never give characters
# back, so a run of marks is read once, not once per starting position inside it (which was
# quadratic: 40,000 full stops took 30 s).
_SENTENCE_END = re.compile(
    r"[.?!…\n](?:(?<=\n)(?:[ \t]*+\n)++"
    r"|(?<=[.?!…])([.?!…]*+)[\"'”’)\]]*+(?=\s*+(\S?)))"
)
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*+\n)++")
_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))
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
    sentence_start = strip_span(text, start, end)[0]  # always at a non-space character
    for match in _SENTENCE_END.finditer(text, start, end):
        mark, after = match.start(), match.end()
        if text[mark] == "\n":  # blank lines
            _add_span(spans, text, sentence_start, mark)
            sentence_start = strip_span(text, after, end)[0]
            continue
        following = match.start(2)  # the first non-space character after the marks
        if following == after:  # no whitespace after the marks
            continue
        if following >= end:  # only whitespace up to the end of the range
            break
        if not (text[following].isupper() or text[following] in _OPENERS):
            continue
        # One full stop (not an ellipsis) after an abbreviation or an initial ends nothing.
        if text[mark] == "." and not match.group(1):
            if _is_abbreviation(text, sentence_start, mark):
                continue
        spans.append((sentence_start, after))
        sentence_start = following
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
    """Whether the word ending at the full stop ``text[dot]`` is an abbreviation or an initial.

    The word runs back to whitespace or ``floor``; leading opening quotes and brackets are left
    out. Only its last characters are read (no abbreviation is longer), so a long word costs no
    more than a short one.
    """
    window = max(floor, dot - _LONGEST_ABBREVIATION)
    word = text[window : dot + 1].rsplit(None, 1)[-1]
    if len(word) > _LONGEST_ABBREVIATION and window > floor and not text[window - 1].isspace():
        # The word starts before the window: it can only be openers, then an abbreviation.
        word_start = window
        while word_start > floor and text[word_start - 1] in _OPENERS:
            word_start -= 1
        if word_start > floor and not text[word_start - 1].isspace():
            return False
        word = text[word_start : dot + 1]
    word = word.lstrip(_OPENERS).lower()
    if word in ABBREVIATIONS:
        return True
    # A single-letter initial ("J. Smith"), except the words "I" and "a".
    return len(word) == 2 and word[0].isalpha() and word[0] not in "ia"


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    start, end = strip_span(text, start, end)
    if start < end:
        spans.append((start, end))
