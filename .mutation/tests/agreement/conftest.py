"""Fixtures of the agreement tests: a two-coder export and a large synthetic one."""

from __future__ import annotations

import pytest

from .exports import annotation, span, synthetic_export, task


@pytest.fixture
def export():
    """Two coders on one transcript; coder 2 codes a turn that coder 1 left uncoded."""
    return [
        task(
            1,
            [
                annotation(
                    1,
                    [
                        span(2, 12, "Trust"),
                        span(14, 26, "Trust"),
                        span(28, 44, "Fear"),
                        {
                            "id": "m",
                            "type": "textarea",
                            "from_name": "memo",
                            "value": {"text": ["x"]},
                        },
                    ],
                ),
                annotation(
                    {"id": 2, "email": "b@example.org"},
                    [span(0, 13, "Trust"), span(28, 44, "Trust"), span(46, 54, "Fear")],
                ),
            ],
        )
    ]


@pytest.fixture(scope="module")
def big_export():
    return synthetic_export()
