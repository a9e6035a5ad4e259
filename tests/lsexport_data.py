"""A small Label Studio export with every trap a reader of annotations can fall into.

- task 1's first span has a ``value.text`` that differs from the task text (real exports have
  such spans: shared/data/leoka has 116);
- results of another control (a ``choices`` result) and a relation sit beside the spans;
- coder 7 is given as an int, coder 8 as an expanded user object with an e-mail;
- task 1 has a ground-truth annotation (coder 8) and a cancelled one (coder 9) whose code is
  not in the codebook;
- a span with no code and an empty span code nothing.

``EXPECTED_SPANS`` is what every consumer must see: ``(task id, coder key, start, end, code)``.
"""

from __future__ import annotations

import copy

from ls_thematic.label_config.codebook import Codebook

CODES = ("Afraid to reduce", "Need it for function", "Frustration")

TEXT_1 = (
    "Interviewer: How do patients feel about reducing?\n"
    "P1: They are extremely anxious about the idea of coming off. They need it to get through "
    "the day.\n"
)
TEXT_2 = (
    "Interviewer: And the staff?\n"
    "P2: It is frustrating when nothing changes. Patients need it for function.\n"
)


def _turns(text: str) -> list[dict]:
    first = text.index("\n") + 1
    return [
        {"start": 0, "end": first - 1, "speaker": "Interviewer", "role": "interviewer"},
        {"start": first, "end": len(text) - 1, "speaker": text[first:first + 2],
         "role": "participant"},
    ]


def _span(region: str, text: str, phrase: str, code: str, *, value_text: str | None = None):
    start = text.index(phrase)
    end = start + len(phrase)
    return {
        "id": region, "from_name": "code", "to_name": "text", "type": "labels",
        "value": {"start": start, "end": end, "text": value_text or phrase, "labels": [code]},
    }


AFRAID = "extremely anxious about the idea of coming off"
FUNCTION_1 = "They need it to get through the day"
FRUSTRATED = "It is frustrating when nothing changes"
FUNCTION_2 = "Patients need it for function"

CONFIG = (
    '<View data-codebook="Tricky">\n'
    '  <Text name="text" value="$text"/>\n'
    '  <Labels name="code" toName="text">\n'
    + "".join(f'    <Label value="{c}"/>\n' for c in CODES)
    + "  </Labels>\n"
    '  <TextArea name="memo" toName="text" perRegion="true"/>\n'
    '  <Choices name="quality" toName="text"><Choice value="good"/></Choices>\n'
    '  <Relations><Relation value="leads to"/></Relations>\n'
    "</View>\n"
)


def tricky_tasks() -> list[dict]:
    """The export (a fresh copy each call)."""
    task_1 = {
        "id": 1,
        "data": {"text": TEXT_1, "participant": "P1", "turns": _turns(TEXT_1),
                 "attributes": {"role": "GP"}},
        "annotations": [
            {
                "id": 11, "completed_by": 7, "created_at": "2024-01-01T10:00:00Z",
                "updated_at": "2024-01-01T10:00:00Z",
                "result": [
                    _span("r1", TEXT_1, AFRAID, "Afraid to reduce",
                          value_text="A DIFFERENT TEXT THAN THE TASK'S"),
                    {"id": "r1", "from_name": "memo", "to_name": "text", "type": "textarea",
                     "value": {"text": ["Fear of withdrawal."]}},
                    _span("r2", TEXT_1, FUNCTION_1, "Need it for function"),
                    {"id": "c1", "from_name": "quality", "to_name": "text", "type": "choices",
                     "value": {"choices": ["good"]}},
                    {"type": "relation", "from_id": "r1", "to_id": "r2", "direction": "right",
                     "labels": ["leads to"]},
                    {"id": "r3", "from_name": "code", "to_name": "text", "type": "labels",
                     "value": {"start": 0, "end": 11, "text": "Interviewer", "labels": []}},
                    {"id": "r4", "from_name": "code", "to_name": "text", "type": "labels",
                     "value": {"start": 5, "end": 5, "text": "", "labels": ["Frustration"]}},
                ],
            },
            {
                "id": 12, "completed_by": {"id": 8, "email": "second@example.org"},
                "ground_truth": True, "created_at": "2024-01-02T10:00:00Z",
                "updated_at": "2024-01-02T10:00:00Z",
                "result": [_span("s1", TEXT_1, AFRAID, "Afraid to reduce")],
            },
            {
                "id": 13, "completed_by": 9, "was_cancelled": True,
                "created_at": "2024-01-03T10:00:00Z",
                "result": [_span("x1", TEXT_1, FUNCTION_1, "Not in the codebook")],
            },
        ],
    }
    task_2 = {
        "id": 2,
        "data": {"text": TEXT_2, "participant": "P2", "turns": _turns(TEXT_2),
                 "attributes": {"role": "Nurse"}},
        "annotations": [
            {
                "id": 21, "completed_by": 7, "created_at": "2024-01-04T10:00:00Z",
                "result": [
                    _span("t1", TEXT_2, FRUSTRATED, "Frustration"),
                    _span("t2", TEXT_2, FUNCTION_2, "Need it for function"),
                ],
            },
            {
                "id": 22, "completed_by": {"id": 8, "email": "second@example.org"},
                "created_at": "2024-01-05T10:00:00Z",
                "result": [_span("u1", TEXT_2, FRUSTRATED, "Frustration")],
            },
        ],
    }
    return copy.deepcopy([task_1, task_2])


def _at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


#: (task id, coder key, start, end, code) of every coded span, cancelled and empty ones left out.
EXPECTED_SPANS = sorted([
    (1, "7", *_at(TEXT_1, AFRAID), "Afraid to reduce"),
    (1, "7", *_at(TEXT_1, FUNCTION_1), "Need it for function"),
    (1, "second@example.org", *_at(TEXT_1, AFRAID), "Afraid to reduce"),
    (2, "7", *_at(TEXT_2, FRUSTRATED), "Frustration"),
    (2, "7", *_at(TEXT_2, FUNCTION_2), "Need it for function"),
    (2, "second@example.org", *_at(TEXT_2, FRUSTRATED), "Frustration"),
])

#: The coders every consumer must name (the cancelled coder 9 is nobody's coder).
EXPECTED_CODERS = ["7", "second@example.org"]


def tricky_codebook() -> Codebook:
    from ls_thematic.label_config.lsxml import codebook_from_label_config

    return codebook_from_label_config(CONFIG)
