"""Results whose region id or control name is not a string: read as unusable, never a 500.

Found by the fuzz benchmark (``benchmarks/reliability_fuzz.py``): a list or an object as a
result's ``id`` or ``from_name`` raised TypeError (unhashable) in the reader.
"""

from __future__ import annotations

import pytest

from .helpers import MONEY_SENTENCE, TRANSCRIPT, annotation_event, make_task, registry, span


def _event(label_config, **changes):
    result = span(TRANSCRIPT, MONEY_SENTENCE, "Money")
    result.update(changes)
    memo = {
        "id": result["id"],
        "from_name": "memo",
        "to_name": "text",
        "type": "textarea",
        "value": {"text": ["a memo"]},
    }
    return annotation_event("ANNOTATION_CREATED", 41, make_task(), [result, memo], label_config)


@pytest.mark.parametrize("region_id", [[1], {"x": 1}, True, 1.5])
def test_a_region_id_that_is_not_a_string_or_integer_still_codes_the_span(
    app, client, label_config, region_id
):
    response = client.post("/webhook", json=_event(label_config, id=region_id))
    assert response.status_code == 200, response.json
    (segment,) = registry(app).get(1).store.segments()
    assert segment.text == MONEY_SENTENCE and segment.codes == ("Money",)


@pytest.mark.parametrize("from_name", [{"a": 1}, ["code"], 7])
def test_a_control_name_that_is_not_a_string_is_skipped(app, client, label_config, from_name):
    response = client.post("/webhook", json=_event(label_config, from_name=from_name))
    assert response.status_code == 200, response.json
    assert registry(app).get(1).store.segments() == []
