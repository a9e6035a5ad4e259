"""Fixtures of the backend tests: the labelling config of the test codebook, Flask apps
(fake encoder, the test's MODEL_DIR) whose refit workers are stopped after the test, and a
PostgreSQL server for the database store (one per session, emptied before each test)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from label_studio_sdk.label_interface import LabelInterface

from ls_thematic.backend.app import REGISTRY_KEY, create_app
from ls_thematic.backend.config import Settings
from ls_thematic.backend.stores import open_store
from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config
from ls_thematic.scripts.team import postgres

from .helpers import CODEBOOK, make_settings


@pytest.fixture(scope="module")
def label_config() -> str:
    return codebook_to_label_config(Codebook.from_dict(CODEBOOK))


@pytest.fixture(scope="module")
def interface(label_config) -> LabelInterface:
    return LabelInterface(label_config)


@pytest.fixture
def make_app(tmp_path):
    """Build apps on the test's MODEL_DIR; their refit workers are stopped afterwards."""
    apps = []

    def build(settings: Settings | None = None, **kwargs):
        app = create_app(settings or make_settings(tmp_path), **kwargs)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions[REGISTRY_KEY].close()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server of the project's own (``scripts/team/postgres.py``) for the session:
    Debian's server programs, run as the ``postgres`` user, on 127.0.0.1; its URL."""
    if postgres.find_postgres_bin() is None:
        pytest.skip("PostgreSQL's server programs are not installed (Debian's postgresql)")
    data_dir = Path(tempfile.mkdtemp(prefix="lst-pg-"))  # short: the socket path has a limit
    try:
        yield postgres.start_postgres(data_dir).url
    finally:
        postgres.stop_postgres(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def database_url(postgres_url) -> str:
    """The session's database, emptied of every project: each test starts from nothing."""
    from ls_thematic.backend import pgstore

    with pgstore.database(postgres_url).transaction() as conn:
        conn.execute("TRUNCATE ls_thematic_projects CASCADE")
    return postgres_url


@pytest.fixture(params=["folder", "postgres"])
def store_kind(request) -> str:
    return request.param


@pytest.fixture
def make_store(store_kind, request, tmp_path):
    """``make_store(folder)``: the store of the project in ``folder``, kept in the folder or
    in PostgreSQL (the test is run with each); calling it again reopens the same project."""
    url = request.getfixturevalue("database_url") if store_kind == "postgres" else None
    settings = Settings(model_dir=tmp_path, encoder="fake", database_url=url)
    return lambda folder: open_store(settings, folder)
