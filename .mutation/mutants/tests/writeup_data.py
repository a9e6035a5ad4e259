"""Coded snapshots for the write-up tests and the report benchmark.

* :func:`table2_snapshot`: one synthetic transcript per participant P1-P18 with one coded
  span per mark of the thesis's Table 2 (``label_config/examples/thesis_table2.csv``).
* :func:`demo_snapshot`: the six demo transcripts, coded the way two researchers would: every
  participant turn that holds one of the codebook's verbatim examples gets that theme, every
  other theme Table 2 marks for the participant goes to the participant turn most like the
  theme's definition (TF-IDF), and a Frustration span is linked to a span of each domain with
  the codebook's relationship codes. Coder B codes the same turns with whole-turn spans, skips
  every fifth of coder A's codes and codes one more turn per transcript.
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import numpy as np

from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config
from ls_thematic.label_config.tasks import build_tasks

EXAMPLES = Path(__file__).resolve().parents[1] / "label_config" / "examples"
THESIS = EXAMPLES / "thesis_codebook.yaml"
BELGIAN = EXAMPLES / "belgian_codebook.yaml"
TABLE2 = EXAMPLES / "thesis_table2.csv"
PARTICIPANTS = EXAMPLES / "participants.csv"
TRANSCRIPTS = sorted((EXAMPLES / "transcripts").glob("*.txt"))
CODER_A = {"id": 1, "email": "researcher@example.org"}
CODER_B = {"id": 2, "email": "second.coder@example.org"}


def thesis_book() -> Codebook:
    return load_codebook(THESIS)


def table2_marks() -> tuple[list[str], dict[str, list[str]], dict[str, int]]:
    """``(participants, {theme: [participants marked]}, {theme: published N})``."""
    with TABLE2.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    people = [c for c in rows[0] if c not in ("theme", "N")]
    marks = {r["theme"]: [p for p in people if r[p].strip() == "x"] for r in rows}
    published = {r["theme"]: int(r["N"]) for r in rows}
    return people, marks, published


def _project(book: Codebook, title: str) -> dict:
    return {"id": 7, "title": title, "label_config": codebook_to_label_config(book)}


def _span(rid: str, text: str, start: int, end: int, codes: list[str]) -> dict:
    return {"id": rid, "from_name": "code", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": codes}}


def _annotation(aid: int, coder: dict, result: list[dict], when: str) -> dict:
    return {"id": aid, "completed_by": dict(coder), "result": result, "was_cancelled": False,
            "ground_truth": False, "created_at": when, "updated_at": when}


def table2_snapshot(book: Codebook | None = None) -> dict:
    """A saved-snapshot document reproducing Table 2's marks, one coder, 18 transcripts."""
    book = book or thesis_book()
    people, marks, _ = table2_marks()
    tasks = []
    for number, pid in enumerate(people, start=1):
        themes = [t for t, who in marks.items() if pid in who]
        sentences = [f"{pid} talks about {theme.lower()} here." for theme in themes]
        sentences.append("Nothing else to add.")
        text = " ".join(sentences)
        result, position = [], 0
        for i, (theme, sentence) in enumerate(zip(themes, sentences, strict=False)):
            result.append(_span(f"{pid}-{i}", text, position, position + len(sentence), [theme]))
            position += len(sentence) + 1
        when = f"2020-01-{number:02d}T10:00:00+00:00"
        tasks.append({
            "id": 100 + number,
            "data": {"text": text, "participant": pid, "attributes": {"role": "Nurse" if number % 2 else "Doctor"}},
            "annotations": [_annotation(1000 + number, CODER_A, result, when)],
        })
    return {"format": "ls-thematic snapshot", "version": 1,
            "project": _project(book, "Table 2 reproduction"), "meta": {}, "tasks": tasks}


def _squash(text: str) -> str:
    return " ".join(text.replace("…", " ").split()).lower()


def demo_tasks() -> list[dict]:
    """The demo transcripts as Label Studio tasks (with ids), uncoded."""
    tasks = build_tasks(TRANSCRIPTS, PARTICIPANTS)
    return [{"id": 10 + i, **task} for i, task in enumerate(tasks)]


def _participant_turns(task: dict) -> list[tuple[int, int]]:
    return [(t["start"], t["end"]) for t in task["data"]["turns"] if t["role"] == "participant"]


def code_demo(tasks: list[dict], book: Codebook | None = None) -> dict[int, dict[str, list]]:
    """``{task id: {"A": results, "B": results}}``: the two coders' span results for the tasks."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    book = book or thesis_book()
    _, marks, _ = table2_marks()
    profiles = {
        code.name: " ".join([code.name, code.description, code.include, *code.examples])
        for code, _ in book.walk() if code.codable and code.name in marks
    }
    out = {}
    for task in tasks:
        data = task["data"]
        text, pid = data["text"], data["participant"]
        turns = _participant_turns(task)
        squashed = [_squash(text[s:e]) for s, e in turns]
        assigned: dict[int, list[str]] = {}
        for code, _ in book.walk():
            for example in code.examples:
                probe = _squash(example)[:60]
                for i, turn_text in enumerate(squashed):
                    if probe and probe in turn_text:
                        assigned.setdefault(i, []).append(code.name)
        done = {c for codes in assigned.values() for c in codes}
        wanted = [t for t, who in marks.items() if pid in who and t not in done]
        if wanted:
            vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
            matrix = vectorizer.fit_transform([text[s:e] for s, e in turns] + [profiles[t] for t in wanted])
            turn_vectors, theme_vectors = matrix[: len(turns)], matrix[len(turns):]
            similarity = (theme_vectors @ turn_vectors.T).toarray()
            for row, theme in enumerate(wanted):
                order = np.argsort(-similarity[row], kind="stable")
                best = next((int(i) for i in order if int(i) > 1 and len(assigned.get(int(i), [])) < 2),
                            int(order[0]))
                assigned.setdefault(best, []).append(theme)
        results_a, results_b = [], []
        counter = 0
        for i in sorted(assigned):
            start, end = turns[i]
            codes = list(dict.fromkeys(assigned[i]))
            # coder A: the turn without its first sentence when it has several; coder B: whole turn
            first_stop = text.find(". ", start, end)
            a_start = first_stop + 2 if 0 < first_stop < end - 40 and i % 2 else start
            for code in codes:
                counter += 1
                results_a.append(_span(f"a{task['id']}-{counter}", text, a_start, end, [code]))
                if counter % 5:
                    results_b.append(_span(f"b{task['id']}-{counter}", text, start, end, [code]))
        extra = next((i for i in range(2, len(turns)) if i not in assigned), None)
        if extra is not None:
            start, end = turns[extra]
            results_b.append(_span(f"b{task['id']}-x", text, start, end, ["Frustration"]))
        # relationship codes: a Frustration span linked to a span of each domain
        relations = []
        frustration = [r for r in results_a if r["value"]["labels"] == ["Frustration"]]
        if frustration:
            for rel in book.relationships:
                under = set(_under(book, rel.target))
                target = next((r for r in results_a if set(r["value"]["labels"]) & under), None)
                if target is not None:
                    relations.append({"from_id": frustration[0]["id"], "to_id": target["id"],
                                      "type": "relation", "direction": "right",
                                      "labels": [rel.name]})
        out[task["id"]] = {"A": results_a + relations, "B": results_b}
    return out


def _under(book: Codebook, name: str) -> list[str]:
    return [code.name for code, path in book.walk() if name in path]


def demo_snapshot(book: Codebook | None = None, coders: str = "AB") -> dict:
    """A saved-snapshot document of the six demo transcripts coded by coder A (and B)."""
    book = book or thesis_book()
    tasks = demo_tasks()
    coded = code_demo(tasks, book)
    out = []
    for n, task in enumerate(tasks):
        task = copy.deepcopy(task)
        annotations = [_annotation(2000 + n, CODER_A, coded[task["id"]]["A"],
                                   f"2020-02-{n + 1:02d}T09:00:00+00:00")]
        if "B" in coders:
            annotations.append(_annotation(3000 + n, CODER_B, coded[task["id"]]["B"],
                                           f"2020-03-{n + 1:02d}T09:00:00+00:00"))
        task["annotations"] = annotations
        out.append(task)
    return {"format": "ls-thematic snapshot", "version": 1,
            "project": _project(book, "Demo: clinicians, opioids and benzodiazepines"),
            "meta": {"pulled_at": "2020-04-01T12:00:00+00:00"}, "tasks": out}
