"""The demo coding: the thesis's own extracts coded into the demo transcripts, by two coders.

``label_config/examples/demo_coding.yaml`` says which text of which demo transcript each coder
coded with which codes (plus memos and relations). :func:`demo_coding_tasks` turns it into
Label Studio tasks with annotations, exactly as a Label Studio JSON export holds them, and
:func:`demo_snapshot` wraps them with the project's labelling config. The shipped
``label_config/examples/demo_snapshot.json`` is that snapshot (a test keeps it in sync), so
every write-up command can be tried offline on it.

Spans are located by their text, whitespace-insensitively, so the offsets are exact and a typo
in the YAML is an error that names the coder, participant and text, never a silent miss.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.errors import ThematicError
from ls_thematic.label_config.lsxml import codebook_to_label_config, control_names
from ls_thematic.label_config.tasks import build_tasks

from .demo import DEMO_TITLE
from .lsclient import call

EXAMPLES = Path(__file__).resolve().parents[1] / "label_config" / "examples"
DEMO_CODING = EXAMPLES / "demo_coding.yaml"
DEMO_SNAPSHOT = EXAMPLES / "demo_snapshot.json"
# A fixed time, so the snapshot file is the same on every run.
CODED_AT = "2026-01-15T10:00:00+00:00"


class DemoCodingError(ThematicError):
    """The demo coding file does not match the demo transcripts or codebook."""


def _find(text: str, extract: str, where: str) -> tuple[int, int]:
    pattern = r"\s+".join(re.escape(word) for word in extract.split())
    matches = list(re.finditer(pattern, text))
    if len(matches) != 1:
        found = "is not in" if not matches else f"occurs {len(matches)} times in"
        raise DemoCodingError(f"{where}: the extract {extract[:60]!r}... {found} the transcript; "
                              "give text that occurs exactly once.")
    return matches[0].start(), matches[0].end()


def _region_id(participant: str, coder_index: int, index: int) -> str:
    return f"{participant.lower()}c{coder_index + 1}s{index + 1}"


def demo_coding_tasks(path: str | Path = DEMO_CODING) -> list[dict]:
    """The demo transcripts as Label Studio tasks, each with one annotation per coder who coded it.

    Tasks get ids 1, 2, ... in transcript order and coders the user ids 1, 2, ... in file order,
    as in a fresh Label Studio. Each annotation's ``result`` holds one ``labels`` region per span,
    a per-region ``textarea`` memo where the file gives one, and ``relation`` items.
    """
    path = Path(path)
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    folder = path.parent
    book = load_codebook(folder / spec["codebook"])
    config = codebook_to_label_config(book)
    from_name, to_name, _ = control_names(config)
    transcripts = sorted((folder / spec["transcripts"]).glob("*.txt"),
                         key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    tasks = build_tasks(transcripts, folder / spec["participants"])
    out = [{"id": i + 1, "data": task["data"], "annotations": [], "predictions": []}
           for i, task in enumerate(tasks)]
    by_pid = {task["data"]["participant"]: task for task in out}
    allowed = set(book.codable_names)

    for coder_index, coder in enumerate(spec["coders"]):
        results: dict[str, list[dict]] = {}
        regions: dict[tuple[str, str], str] = {}
        for index, span in enumerate(coder["spans"]):
            pid = span["participant"]
            where = f"{path.name}: coder {coder['coder']}, span {index + 1} ({pid})"
            if pid not in by_pid:
                raise DemoCodingError(f"{where}: no demo transcript for {pid}; "
                                      f"there are: {', '.join(by_pid)}.")
            unknown = [c for c in span["codes"] if c not in allowed]
            if unknown:
                raise DemoCodingError(f"{where}: unknown code(s) {', '.join(unknown)}; "
                                      f"the codebook's codable codes are: {', '.join(sorted(allowed))}.")
            text = by_pid[pid]["data"]["text"]
            start, end = _find(text, span["extract"], where)
            rid = _region_id(pid, coder_index, index)
            for code in span["codes"]:
                regions.setdefault((pid, code), rid)
            value = {"start": start, "end": end, "text": text[start:end]}
            items = results.setdefault(pid, [])
            items.append({"id": rid, "from_name": from_name, "to_name": to_name, "type": "labels",
                          "origin": "manual", "value": {**value, "labels": list(span["codes"])}})
            if span.get("memo"):
                items.append({"id": rid, "from_name": "memo", "to_name": to_name,
                              "type": "textarea", "origin": "manual",
                              "value": {**value, "text": [span["memo"]]}})
        for relation in coder.get("relations", []):
            pid = relation["participant"]
            try:
                from_id = regions[(pid, relation["from"])]
                to_id = regions[(pid, relation["to"])]
            except KeyError as exc:
                raise DemoCodingError(
                    f"{path.name}: relation {relation['label']!r} of {coder['coder']} in {pid} "
                    f"refers to {exc.args[0][1]!r}, which that coder did not code there."
                ) from None
            results[pid].append({"from_id": from_id, "to_id": to_id, "type": "relation",
                                 "direction": "right", "labels": [relation["label"]]})
        for pid, result in results.items():
            task = by_pid[pid]
            task["annotations"].append({
                "id": task["id"] * 10 + coder_index + 1,
                "completed_by": {"id": coder_index + 1, "email": coder["coder"]},
                "result": result,
                "was_cancelled": False,
                "ground_truth": bool(coder.get("ground_truth")),
                "created_at": CODED_AT,
                "updated_at": CODED_AT,
                "lead_time": 0.0,
                "task": task["id"],
            })
    return out


def demo_snapshot(path: str | Path = DEMO_CODING) -> dict:
    """The demo coding as an ls-thematic snapshot document (what ``pull`` writes)."""
    spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    book = load_codebook(Path(path).parent / spec["codebook"])
    return {
        "format": "ls-thematic snapshot",
        "version": 1,
        "project": {"id": None, "title": DEMO_TITLE, "label_config": codebook_to_label_config(book)},
        "meta": {"source": f"label_config/examples/{Path(path).name}",
                 "note": "demo coding; the second coder is invented"},
        "tasks": demo_coding_tasks(path),
    }


def demo_snapshot_text(path: str | Path = DEMO_CODING) -> str:
    """The snapshot as the JSON text of ``demo_snapshot.json``."""
    return json.dumps(demo_snapshot(path), ensure_ascii=False, indent=1) + "\n"


def coder_results(task: Mapping, coder: str) -> list[dict]:
    """The result list of ``coder``'s annotation of ``task`` (empty when they did not code it)."""
    for annotation in task.get("annotations", []):
        if annotation["completed_by"]["email"] == coder:
            return annotation["result"]
    return []


def post_demo_coding(client, project_id: int, *, participants=None, coders=None,
                     path: str | Path = DEMO_CODING) -> dict[str, int]:
    """Code a project's demo transcripts in Label Studio as the demo coders would, through the SDK.

    Each coder's annotations are created with their user as ``completed_by``; a coder who is not
    a Label Studio user yet is created (the first user of ``make up`` is the first coder). Tasks
    are matched by participant, so the project needs the demo transcripts. ``participants`` and
    ``coders`` restrict what is posted. Returns the number of annotations posted per coder.
    """
    tasks = demo_coding_tasks(path)
    project_tasks = call(client, f"listing the tasks of project {project_id}",
                         lambda: list(client.tasks.list(project=project_id, fields="all")))
    task_of = {(t.data or {}).get("participant"): t.id for t in project_tasks}
    users = {u.email: u.id for u in call(client, "listing users", lambda: list(client.users.list()))}
    posted: dict[str, int] = {}
    for task in tasks:
        pid = task["data"]["participant"]
        if participants is not None and pid not in participants:
            continue
        if pid not in task_of:
            raise DemoCodingError(f"Project {project_id} has no transcript of {pid}; "
                                  f"it has: {', '.join(sorted(p for p in task_of if p))}.")
        for annotation in task["annotations"]:
            email = annotation["completed_by"]["email"]
            if coders is not None and email not in coders:
                continue
            if email not in users:
                user = call(client, f"creating the user {email}", lambda e=email: client.users.create(
                    email=e, username=e.split("@")[0]))
                users[email] = user.id
            call(client, f"saving {email}'s coding of {pid}", lambda a=annotation, e=email, p=pid:
                 client.annotations.create(id=task_of[p], result=a["result"], completed_by=users[e],
                                           ground_truth=a["ground_truth"]))
            posted[email] = posted.get(email, 0) + 1
    return posted
