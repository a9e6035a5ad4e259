"""Shared fixtures: paths, the shared/ data folder, and a real Label Studio server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "label_config" / "examples"
SHARED = Path(os.environ.get("LS_THEMATIC_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared/ folder (real data); absent in a user's clone, so skip with a reason."""
    if not (SHARED / "data").is_dir():
        pytest.skip(f"needs the shared/ data folder beside the checkout ({SHARED}); a user's clone has none")
    return SHARED


@pytest.fixture(scope="session")
def thesis_codebook_path() -> Path:
    return EXAMPLES / "thesis_codebook.yaml"


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory):
    """A real Label Studio (its own venv, SQLite in a temporary folder, a free port)."""
    from ls_thematic.scripts.lsserver import (
        prepare_database_template,
        start_label_studio,
        stop_process,
    )

    prepare_database_template()  # once (~4.5 min); the other servers of the run then start in ~30 s
    data_dir = tmp_path_factory.mktemp("label-studio")
    server = start_label_studio(data_dir)
    yield server
    stop_process(server.pid)


@pytest.fixture(scope="session")
def ls_client(label_studio):
    from label_studio_sdk import LabelStudio

    return LabelStudio(base_url=label_studio.url, api_key=label_studio.api_key)
