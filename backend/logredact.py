"""What the backend's log may say about a refused request: the reason of a 4xx, without any
text of a task (:func:`log_reason`).

The log must hold no transcript text, but an error message may quote a value it found (a
region's offsets, a field). The request body is never logged; a quoted piece of a task's text
in the message, or a whole task text, is replaced by ``<N characters of task text>``.
"""

from __future__ import annotations

import ast
import re

#: The longest reason of a 4xx written to the log; the client gets the whole message.
LOG_REASON_CHARS = 300
#: Keys of a request body whose strings (at any depth below) are the text of tasks: task data,
#: a region's ``value`` (its ``text``), the interactive ``context``.
TEXT_KEYS = frozenset({"data", "value", "context", "text"})
#: A quoted string in an error message at least this long that occurs in a task's text is redacted
#: from the log (shorter ones, such as a code name or an id, cannot carry a sentence).
MIN_REDACTED_CHARS = 8
# A quoted string (as repr writes it) starting at each quote: overlapping, so an apostrophe
# before a quote cannot hide it.
_QUOTED = re.compile("(?=(" + r"'(?:[^'\\\n]|\\.)*'" + "|" + r'"(?:[^"\\\n]|\\.)*"' + "))")


def log_reason(message: object, body: object = None) -> str:
    """``message`` as the log may hold it: quoted pieces of the texts of ``body`` redacted, cut to
    :data:`LOG_REASON_CHARS` characters.

    Parameters
    ----------
    message : object
        The ``error`` of a JSON answer (a str; anything else is described, not logged).
    body : object, optional
        The request's JSON body, when it was read: its strings below :data:`TEXT_KEYS` are the
        texts whose pieces are redacted.

    Returns
    -------
    str
        One line: the inside of a quoted string of at least :data:`MIN_REDACTED_CHARS`
        characters that occurs in one of those texts becomes ``<N characters of task text>``;
        so does a whole text.
    """
    if not isinstance(message, str):
        return f"(no error message: the answer's error is {type(message).__name__})"
    text = message[: LOG_REASON_CHARS * 8]  # what can hold a quote cut at the limit
    texts = [t for t in _texts_of(body) if len(t) >= MIN_REDACTED_CHARS]
    if texts:
        # inside the quotes, which stay: found start='<21 characters of task text>'
        spans = [
            (m.start(1) + 1, m.end(1) - 1)
            for m in _QUOTED.finditer(text)
            if _in_texts(m.group(1), texts)
        ]
        for whole in texts:
            at = text.find(whole)
            while at >= 0:
                spans.append((at, at + len(whole)))
                at = text.find(whole, at + 1)
        text = _replace_spans(text, spans)
    text = " ".join(text.split())  # one log line, whatever the message held
    if len(text) > LOG_REASON_CHARS:
        text = text[: LOG_REASON_CHARS - 3] + "..."
    return text


def _in_texts(quoted: str, texts: list[str]) -> bool:
    """Whether the string that ``quoted`` (a Python literal) writes occurs in one of ``texts``."""
    try:
        value = ast.literal_eval(quoted)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return False
    return len(value) >= MIN_REDACTED_CHARS and any(value in t for t in texts)


def _replace_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of ``spans`` (merged where they overlap) replaced by
    ``<N characters of task text>``, N the characters it covered."""
    out, end = [], 0
    for start, stop in sorted(spans):
        if start < end:  # overlaps the previous one: widen it
            out[-1] = (out[-1][0], max(out[-1][1], stop))
            end = max(end, stop)
            continue
        out.append((start, stop))
        end = stop
    pieces, at = [], 0
    for start, stop in out:
        pieces += [text[at:start], f"<{stop - start} characters of task text>"]
        at = stop
    return "".join(pieces) + text[at:]


def _texts_of(body: object) -> list[str]:
    """The strings of ``body`` that lie below a key of :data:`TEXT_KEYS` (iterative; the body
    passed :func:`check_json`, so it nests at most :data:`MAX_JSON_DEPTH` levels)."""
    found = []
    stack: list[tuple[object, bool]] = [(body, False)]
    while stack:
        value, inside = stack.pop()
        if isinstance(value, str):
            if inside:
                found.append(value)
        elif isinstance(value, dict):
            stack.extend((item, inside or key in TEXT_KEYS) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, inside) for item in value)
    return found
