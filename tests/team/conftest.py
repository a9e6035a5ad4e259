"""Fixtures of the team stack's tests: data folders that the servers' OS users can reach."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from ls_thematic.label_config.errors import LabelStudioError
from ls_thematic.scripts.lsserver import find_label_studio
from ls_thematic.scripts.team.postgres import find_postgres_bin


@pytest.fixture
def stack_dir():
    """A fresh folder under the system's temporary folder that other users may pass through
    (pytest's own tmp_path sits below a 0700 folder, which PostgreSQL's user cannot reach)."""
    folder = Path(tempfile.mkdtemp(prefix="ls-thematic-team-"))
    folder.chmod(0o711)
    yield folder / "data"
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def needs_postgres():
    """Skip unless PostgreSQL is installed or can be installed (as root)."""
    if find_postgres_bin() is None and os.geteuid() != 0:
        pytest.skip("PostgreSQL's server programs are missing and only root installs them")


@pytest.fixture
def needs_label_studio_workers():
    """Skip unless Label Studio's venv has gunicorn (``make venv-ls`` installs it)."""
    try:
        executable = find_label_studio()
    except LabelStudioError as missing:
        pytest.skip(str(missing))
    if not os.access(executable.parent / "gunicorn", os.X_OK):
        pytest.skip(
            "gunicorn is not installed in Label Studio's virtual environment (make venv-ls)"
        )
