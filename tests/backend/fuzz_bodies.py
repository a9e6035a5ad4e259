"""Hostile request bodies for the backend's three POST routes, as hypothesis strategies.

One set of generators, used by ``tests/backend/test_fuzz.py`` (a few hundred bodies through the
Flask test client) and by ``benchmarks/reliability_fuzz.py`` (thousands against a real gunicorn
backend). :func:`fuzz_requests` draws either a *mutated* valid Label Studio body (types swapped,
keys dropped, deep nesting, lone surrogates, huge numbers, truncation, wrong content types) or a
*generated* JSON object built from the protocol's key names.

Nothing here reaches another host: the bodies never contain START_TRAINING (the only event that
makes the backend call Label Studio), and their ``hostname`` is a closed local port.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config

from .helpers import CODEBOOK, MONEY_SENTENCE, TRANSCRIPT, annotation_event, make_task, span

ROUTES = ("/setup", "/predict", "/webhook")
JSON = "application/json"
NOT_JSON = (
    "text/plain",
    "text/plain; charset=utf-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=fuzz",
    "",
    "application/xml",
    "application/json-patch+json",
)
JSON_VARIANTS = (JSON, JSON, JSON, JSON, "application/json; charset=utf-8", "Application/JSON")
PROJECT = "1.1700000000"
CLOSED_LOCAL_URL = "http://127.0.0.1:9"  # the discard port: nothing listens there
KEYS = (
    "project", "schema", "hostname", "access_token", "tasks", "label_config", "params",
    "context", "result", "action", "annotation", "annotations", "task", "data", "text", "id",
    "value", "start", "end", "labels", "from_name", "to_name", "type", "turns", "participant",
    "was_cancelled", "completed_by", "predictions",
)  # fmt: skip
DEPTHS = (64, 65, 200, 999, 1000, 1500, 20_000)
RAW_NUMBERS = (
    "1e400", "-1e400", "1e-400", "-0", "NaN", "Infinity", "-Infinity", "1" + "0" * 5000,
    str(2**63), str(-(2**63) - 1), str(2**64), "123456789012345678901234567890.5",
)  # fmt: skip
SURROGATES = ("\ud800", "\udfff", "\udc00x", "a\ud83d")


@dataclass(frozen=True)
class FuzzRequest:
    """One POST: its route, its raw body and Content-Type, and how it was made (for reports)."""

    path: str
    data: bytes
    content_type: str
    how: str

    @property
    def json_content_type(self) -> bool:
        return self.content_type.split(";")[0].strip().lower() == JSON


def fuzz_label_config() -> str:
    """The labelling config of the test codebook (the one the valid bodies are coded with)."""
    return codebook_to_label_config(Codebook.from_dict(CODEBOOK))


@functools.lru_cache(maxsize=4)
def valid_bodies(label_config: str) -> tuple[tuple[str, dict], ...]:
    """Valid Label Studio bodies, one or more per route: what the mutations start from (copy
    one before changing it)."""
    task = make_task(5)
    coded = dict(make_task(7, participant="P9"))
    coded["annotations"] = [
        {"id": 70, "result": [span(TRANSCRIPT, MONEY_SENTENCE, "Money")], "completed_by": 2}
    ]
    selected = span(TRANSCRIPT, MONEY_SENTENCE, "Money")
    del selected["value"]["labels"]
    spans = [span(TRANSCRIPT, MONEY_SENTENCE, "Money")]
    return (
        (
            "/setup",
            {
                "project": PROJECT,
                "schema": label_config,
                "hostname": CLOSED_LOCAL_URL,
                "access_token": "",
                "model_version": "",
            },
        ),
        ("/predict", {"tasks": [task, coded], "project": PROJECT, "label_config": label_config}),
        (
            "/predict",
            {
                "tasks": [task],
                "project": PROJECT,
                "label_config": label_config,
                "params": {"context": {"result": [selected]}},
            },
        ),
        ("/webhook", annotation_event("ANNOTATION_CREATED", 91, task, spans, label_config)),
        ("/webhook", annotation_event("ANNOTATION_UPDATED", 91, task, spans, label_config)),
        (
            "/webhook",
            {"action": "ANNOTATIONS_DELETED", "annotations": [{"id": 91}], "project": {"id": 1}},
        ),
        ("/webhook", {"action": "PROJECT_UPDATED", "project": {"id": 1}}),
    )


# --------------------------------------------------------------------------- values

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
_surrogate_text = st.builds(
    lambda before, bad, after: before + bad + after,
    st.text(max_size=4),
    st.sampled_from(SURROGATES),
    st.text(max_size=4),
)
_nested = st.recursive(
    st.one_of(_scalars, _surrogate_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5),
    ),
    max_leaves=12,
)
# Values of the wrong type for most fields: cheap to draw (one choice), so most draws use them.
HOSTILE_VALUES = (
    None, True, False, 0, -1, 7, 1.5, -0.0, 1e308, "", " ", "x", "1", "²", "\u2028", "\x00",
    "\ud800", [], [None], [1, "a"], [[]], {}, {"id": 1}, {"id": None}, {"result": 3},
    {"": ""},
)  # fmt: skip
_hostile = st.sampled_from(HOSTILE_VALUES).map(copy.deepcopy)  # a mutation may change it
_json_values = st.one_of(_hostile, _hostile, _nested)


# --------------------------------------------------------------------------- mutations


def _paths(node: object, path: tuple = ()) -> Iterator[tuple]:
    """Every node's path (keys and indices) in a JSON value, the root's ``()`` first."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _get(node: object, path: tuple) -> object:
    for step in path:
        node = node[step]
    return node


def _replace(body: object, path: tuple, value: object) -> object:
    if not path:
        return value
    _get(body, path[:-1])[path[-1]] = value
    return body


def _raw(raws: dict[str, str], text: str) -> str:
    """A placeholder string that :func:`_encode` swaps for ``text``, verbatim."""
    marker = f"@@raw{len(raws)}@@"
    raws[marker] = text
    return marker


def _deep(depth: int, kind: str) -> str:
    if kind == "list":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def _mutate(draw, body: object, raws: dict[str, str]) -> tuple[object, str]:
    """Apply one drawn mutation to ``body``; returns the body and what was done."""
    paths = list(_paths(body))
    kind = draw(st.sampled_from(("swap", "swap", "drop", "surrogate", "deep", "number", "key")))
    if kind == "drop":
        holders = [p for p in paths if isinstance(_get(body, p), dict) and _get(body, p)]
        if holders:
            where = draw(st.sampled_from(holders))
            key = draw(st.sampled_from(sorted(_get(body, where), key=str)))
            del _get(body, where)[key]
            return body, f"drop {where + (key,)}"
        kind = "swap"
    if kind == "key":
        holders = [p for p in paths if isinstance(_get(body, p), dict) and _get(body, p)]
        if holders:
            holder = _get(body, draw(st.sampled_from(holders)))
            key = draw(st.sampled_from(sorted(holder, key=str)))
            holder[str(key) + draw(st.sampled_from(SURROGATES))] = holder.pop(key)
            return body, f"surrogate in key {key!r}"
        kind = "surrogate"
    if kind == "surrogate":
        strings = [p for p in paths if isinstance(_get(body, p), str)]
        if strings:
            where = draw(st.sampled_from(strings))
            old = _get(body, where)
            cut = draw(st.integers(0, len(old)))
            new = old[:cut] + draw(st.sampled_from(SURROGATES)) + old[cut:]
            return _replace(body, where, new), f"surrogate in {where}"
        kind = "swap"
    where = draw(st.sampled_from(paths))
    if kind == "deep":
        depth = draw(st.sampled_from(DEPTHS))
        shape = draw(st.sampled_from(("list", "dict")))
        return _replace(body, where, _raw(raws, _deep(depth, shape))), f"{depth} deep at {where}"
    if kind == "number":
        number = draw(st.sampled_from(RAW_NUMBERS))
        return _replace(body, where, _raw(raws, number)), f"number {number[:12]} at {where}"
    value = draw(_json_values)
    return _replace(body, where, value), f"{type(value).__name__} at {where}"


def _encode(body: object, raws: dict[str, str]) -> bytes:
    text = json.dumps(body, ensure_ascii=True, allow_nan=True)
    for marker, raw in raws.items():
        text = text.replace(json.dumps(marker), raw)
    return text.encode("ascii")


@st.composite
def mutated_requests(draw, label_config: str) -> FuzzRequest:
    """A valid Label Studio body, mutated one to three times, sometimes sent to another route
    or with another Content-Type, sometimes cut short or with bytes that are not UTF-8."""
    path, body = draw(st.sampled_from(valid_bodies(label_config)))
    body = copy.deepcopy(body)
    raws: dict[str, str] = {}
    hows = []
    for _ in range(draw(st.integers(1, 3))):
        body, how = _mutate(draw, body, raws)
        hows.append(how)
    data = _encode(body, raws)
    ending = draw(st.sampled_from(("keep",) * 8 + ("truncate", "junk")))
    if ending == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif ending == "junk":
        data = data[: len(data) // 2] + b"\xff\xfe\xc3(" + data[len(data) // 2 :]
    if ending != "keep":
        hows.append(ending)
    if draw(st.integers(0, 9)) == 0:
        path = draw(st.sampled_from(ROUTES))
    content_type = draw(st.sampled_from(JSON_VARIANTS * 3 + NOT_JSON))
    return FuzzRequest(path, data, content_type, "mutated: " + "; ".join(map(str, hows)))


@st.composite
def generated_requests(draw) -> FuzzRequest:
    """A JSON object made of the protocol's key names and arbitrary values."""
    path = draw(st.sampled_from(ROUTES))
    body = draw(st.dictionaries(st.sampled_from(KEYS), _json_values, min_size=1, max_size=6))
    if draw(st.booleans()):
        body["action"] = draw(st.sampled_from(("ANNOTATION_CREATED", "ANNOTATIONS_DELETED")))
    content_type = draw(st.sampled_from(JSON_VARIANTS * 3 + NOT_JSON))
    return FuzzRequest(path, _encode(body, {}), content_type, "generated")


def fuzz_requests(label_config: str) -> st.SearchStrategy[FuzzRequest]:
    """Mostly mutated valid bodies, some generated ones."""
    return st.one_of(
        mutated_requests(label_config), mutated_requests(label_config), generated_requests()
    )


def for_each_request(
    label_config: str, callback: Callable[[FuzzRequest], None], *, n: int, seed: int = 0
) -> None:
    """Call ``callback`` on ``n`` requests drawn by :func:`fuzz_requests` (reproducible by
    ``seed``); for runs outside pytest, such as the benchmark."""

    @settings(
        max_examples=n,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(seed)
    @given(fuzz_requests(label_config))
    def run(request: FuzzRequest) -> None:
        callback(request)

    run()
