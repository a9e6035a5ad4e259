"""Fixtures of the backend tests: the labelling config of the test codebook, and Flask apps
(fake encoder, the test's MODEL_DIR) whose refit workers are stopped after the test."""

from __future__ import annotations

import pytest
from label_studio_sdk.label_interface import LabelInterface

from ls_thematic.backend.app import REGISTRY_KEY, create_app
from ls_thematic.backend.config import Settings
from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config

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
