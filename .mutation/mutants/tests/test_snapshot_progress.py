"""The progress bar of ``ls-thematic pull`` (scripts/snapshot.py), switched on and off.

A real rich Console writing to a StringIO with ``force_terminal`` stands in for the terminal,
so the test sees what a user sees: the description, the count advanced and the total.
"""

from __future__ import annotations

import io
import re

import pytest
import rich.console

from ls_thematic.scripts import snapshot

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def terminal(monkeypatch):
    """Every rich Console the snapshot module makes writes to one StringIO, as a terminal."""
    buffer = io.StringIO()
    real = rich.console.Console

    def console(*args, **kwargs):
        kwargs.pop("stderr", None)
        kwargs.pop("file", None)
        return real(*args, file=buffer, force_terminal=True, width=100, **kwargs)

    # The bar imports Console when it starts (rich stays off the import path of other
    # commands); patch it where the module may hold it too.
    monkeypatch.setattr(rich.console, "Console", console)
    if hasattr(snapshot, "Console"):
        monkeypatch.setattr(snapshot, "Console", console)
    return buffer


def shown(buffer: io.StringIO) -> str:
    return _ANSI.sub("", buffer.getvalue())


def test_an_enabled_bar_shows_the_description_the_count_and_the_total(terminal):
    with snapshot._progress(True, 3, "Pulling project 1") as advance:
        for _ in range(3):
            advance()
    text = shown(terminal)
    assert "Pulling project 1" in text
    assert "3/3" in text
    assert "4/3" not in text


def test_an_enabled_bar_counts_what_was_advanced(terminal):
    with snapshot._progress(True, 5, "Pulling project 2") as advance:
        advance()
        advance()
    text = shown(terminal)
    assert "2/5" in text and "Pulling project 2" in text
    assert "3/5" not in text and "5/5" not in text


def test_an_unknown_total_still_counts(terminal):
    with snapshot._progress(True, None, "Pulling project 3") as advance:
        for _ in range(4):
            advance()
    text = shown(terminal)
    assert "Pulling project 3" in text and "4/?" in text


def test_a_quiet_bar_shows_nothing_and_still_accepts_advances(terminal):
    with snapshot._progress(False, 3, "quiet") as advance:
        advance()
        advance()
    assert terminal.getvalue() == ""


def test_the_bar_goes_to_standard_error(capsys):
    with snapshot._progress(True, 2, "Pulling project 4") as advance:
        advance()
    captured = capsys.readouterr()
    assert captured.out == ""
