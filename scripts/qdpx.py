"""A coded project as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA or QualCoder.

A ``.qdpx`` is a zip holding ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``,
schema ``label_config/schemas/Project-mrt2019.xsd``) and a ``sources/`` folder with one UTF-8
text file per transcript. What maps where:

================================  =========================================================
Label Studio / ls-thematic        project.qde
================================  =========================================================
coder (annotation's user)         ``<User>`` (name: e-mail or user id)
codebook                          ``<CodeBook><Codes>``: nested ``<Code>`` with the GUIDs of
                                  :meth:`Codebook.guid_of`, effective colours, descriptions
                                  (with the ``Sub-codes: mutually exclusive`` line of an
                                  ``exclusive`` code, as in .qdc)
task (transcript)                 ``<TextSource plainTextPath="internal://GUID.txt">`` and
                                  the file ``sources/GUID.txt``
coded span of one annotation      ``<PlainTextSelection startPosition endPosition>`` (Label
                                  Studio's character offsets, end exclusive) with one
                                  ``<Coding><CodeRef/></Coding>`` per code, by its coder
per-span memo                     ``<Note>`` with the memo as ``PlainTextContent``, referred
                                  to by the selection's ``<NoteRef>``
relation between two spans        ``<Link originGUID targetGUID>`` between the selections,
                                  named after the relation label
participant and attributes        ``<Case>`` with one ``<VariableValue>`` per attribute and a
                                  ``<SourceRef>`` to each of its transcripts; attributes are
                                  ``<Variable>``s (Integer when every value is a whole
                                  number, else Text)
relationship codes, sets          project ``<Sets>``, named as in the .qdc export
================================  =========================================================

Every GUID is derived from what it stands for (uuid5), so exporting the same snapshot twice
gives the same project.
"""

from __future__ import annotations

import io
import os
import re
import threading
import uuid
import zipfile
from functools import lru_cache
from importlib import resources

import pandas as pd
from lxml import etree

from ls_thematic.label_config.codebook import GUID_NAMESPACE, Code, Codebook, compose_description
from ls_thematic.label_config.fileio import atomic_write_bytes
from ls_thematic.label_config.qdc import RELATIONSHIP_SET_PREFIX

from .snapshot import as_snapshot, coding_control, natural_key, participant_of, relations, segments

PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
SCHEMA_FILE = "Project-mrt2019.xsd"
_NS = f"{{{PROJECT_NAMESPACE}}}"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_SCHEMA_LOCK = threading.Lock()


def _guid(kind: str, *parts: object) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, ":".join([kind, *map(str, parts)])))


def _clean(text: object) -> str:
    return _NOT_XML.sub("", str(text))


def _rrggbb(colour: str) -> str:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits.upper()


def _datetime(value) -> str | None:
    """An xsd:dateTime, or None when ``value`` is not a time."""
    if value in (None, ""):
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    if pd.isna(stamp):
        return None
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent, tag: str, **attributes) -> etree._Element:
    element = etree.SubElement(parent, f"{_NS}{tag}")
    for key, value in attributes.items():
        if value is not None:
            element.set(key, _clean(value))
    return element


def _append_code(parent, code: Code, book: Codebook) -> None:
    element = _sub(
        parent, "Code", guid=book.guid_of(code.name), name=code.name,
        isCodable="true" if code.codable else "false", color=_rrggbb(book.colour_of(code.name)),
    )
    description = compose_description(code)
    if description:
        _sub(element, "Description").text = _clean(description)
    for child in code.children:
        _append_code(element, child, book)


def _variable_type(values: list[str]) -> str:
    present = [v for v in values if v not in (None, "")]
    if present and all(re.fullmatch(r"-?\d+", str(v).strip()) for v in present):
        return "Integer"
    return "Text"


def project_sources(snapshot) -> list[dict]:
    """``[{"guid", "name", "task_id", "participant", "text"}]``: one source per task."""
    snapshot = as_snapshot(snapshot)
    _, data_key = coding_control(snapshot)
    counts: dict[str, int] = {}
    for task in snapshot:
        pid = participant_of(task)
        counts[pid] = counts.get(pid, 0) + 1
    out = []
    for task in snapshot:
        pid = participant_of(task)
        name = pid if counts[pid] == 1 else f"{pid} (task {task.get('id')})"
        out.append({
            "guid": _guid("source", snapshot.project.get("id"), task.get("id")),
            "name": name,
            "task_id": task.get("id"),
            "participant": pid,
            "text": str((task.get("data") or {}).get(data_key) or ""),
        })
    return out


def _users(root, frame: pd.DataFrame) -> dict[str, str]:
    """``<Users>``: one per coder seen in the segments; returns ``{coder: guid}``."""
    coders_seen = list(dict.fromkeys(frame["coder"].astype(str)))
    users = {coder: _guid("user", coder) for coder in coders_seen}
    users_element = _sub(root, "Users")
    for coder, guid in users.items():
        _sub(users_element, "User", guid=guid, name=coder)
    return users


def _people(snapshot) -> dict[str, dict]:
    """``{participant: {"attributes": {...}, "tasks": [task id, ...]}}``; the first value of an
    attribute counts."""
    people: dict[str, dict] = {}
    for task in snapshot:
        pid = participant_of(task)
        entry = people.setdefault(pid, {"attributes": {}, "tasks": []})
        entry["tasks"].append(task.get("id"))
        for key, value in ((task.get("data") or {}).get("attributes") or {}).items():
            entry["attributes"].setdefault(key, value)
    return people


def _cases(root, snapshot, source_of: dict) -> None:
    """``<Variables>`` (the attributes) and ``<Cases>`` (participants with their values)."""
    people = _people(snapshot)
    attribute_names = list(dict.fromkeys(k for p in people.values() for k in p["attributes"]))
    variable_types = {
        key: _variable_type([p["attributes"].get(key) for p in people.values()])
        for key in attribute_names
    }
    if attribute_names:
        variables = _sub(root, "Variables")
        for key in attribute_names:
            _sub(variables, "Variable", guid=_guid("variable", key), name=key,
                 typeOfVariable=variable_types[key])
    cases = _sub(root, "Cases")
    for pid in sorted(people, key=natural_key):
        case = _sub(cases, "Case", guid=_guid("case", pid), name=pid)
        for key in attribute_names:
            value = people[pid]["attributes"].get(key)
            if value in (None, ""):
                continue
            holder = _sub(case, "VariableValue")
            _sub(holder, "VariableRef", targetGUID=_guid("variable", key))
            if variable_types[key] == "Integer":
                _sub(holder, "IntegerValue").text = str(int(str(value).strip()))
            else:
                _sub(holder, "TextValue").text = _clean(value)
        for tid in people[pid]["tasks"]:
            _sub(case, "SourceRef", targetGUID=source_of[tid]["guid"])


def _selections(element, source: dict, spans: pd.DataFrame, book: Codebook,
                users: dict[str, str], notes: list, selection_of: dict) -> None:
    """One ``<PlainTextSelection>`` per coded span of the source, with its codings and memo
    (appended to ``notes``); ``selection_of`` learns each span's GUID."""
    spans = spans.sort_values(["start", "end", "coder", "region_id"], kind="stable")
    for (annotation_id, region_id), group in spans.groupby(
        ["annotation_id", "region_id"], sort=False, dropna=False
    ):
        first = group.iloc[0]
        guid = _guid("selection", source["guid"], annotation_id, region_id)
        selection_of[(annotation_id, region_id)] = guid
        user = users[str(first["coder"])]
        when = _datetime(first["annotation_created_at"])
        text = source["text"][int(first["start"]):int(first["end"])]
        selection = _sub(
            element, "PlainTextSelection", guid=guid,
            name=(text[:60] + "…") if len(text) > 60 else text,
            startPosition=int(first["start"]), endPosition=int(first["end"]),
            creatingUser=user, creationDateTime=when,
        )
        for code in dict.fromkeys(group["code"]):
            coding = _sub(selection, "Coding", guid=_guid("coding", guid, code),
                          creatingUser=user, creationDateTime=when)
            _sub(coding, "CodeRef", targetGUID=book.guid_of(code))
        memo = str(first["memo"] or "")
        if memo.strip():
            note_guid = _guid("note", guid)
            notes.append((note_guid, f"Memo: {source['name']}", memo, user))
            _sub(selection, "NoteRef", targetGUID=note_guid)


def _sources(root, sources: list[dict], frame: pd.DataFrame, book: Codebook,
             users: dict[str, str]) -> dict[tuple, str]:
    """``<Sources>`` with the coded selections, then ``<Notes>`` with the memos; returns
    ``{(annotation id, region id): selection GUID}``."""
    notes: list[tuple[str, str, str, str | None]] = []  # (guid, name, text, user)
    selection_of: dict[tuple, str] = {}
    sources_element = _sub(root, "Sources")
    for source in sources:
        element = _sub(
            sources_element, "TextSource", guid=source["guid"], name=source["name"],
            plainTextPath=f"internal://{source['guid']}.txt",
        )
        spans = frame[frame["task_id"] == source["task_id"]]
        _selections(element, source, spans, book, users, notes, selection_of)
    if notes:
        notes_element = _sub(root, "Notes")
        for guid, note_name, text, user in notes:
            note = _sub(notes_element, "Note", guid=guid, name=note_name, creatingUser=user)
            _sub(note, "PlainTextContent").text = _clean(text)
    return selection_of


def _links(root, links: pd.DataFrame, selection_of: dict[tuple, str], book: Codebook) -> None:
    """``<Links>``: relations between two coded spans, in the relationship code's colour."""
    link_rows = []
    for row in links.itertuples(index=False):
        origin_guid = selection_of.get((row.annotation_id, row.from_region))
        target_guid = selection_of.get((row.annotation_id, row.to_region))
        if not origin_guid or not target_guid:
            continue
        direction = "OneWay"
        if row.direction == "left":
            origin_guid, target_guid = target_guid, origin_guid
        elif row.direction == "bi":
            direction = "Bidirectional"
        link_rows.append((origin_guid, target_guid, row.relation, direction))
    if not link_rows:
        return
    links_element = _sub(root, "Links")
    for origin_guid, target_guid, label, direction in link_rows:
        colour = None
        for rel in book.relationships:
            if rel.name == label:
                colour = _rrggbb(book.colour_of(rel.source))
        _sub(links_element, "Link", guid=_guid("link", origin_guid, target_guid, label),
             name=label or None, direction=direction, color=colour,
             originGUID=origin_guid, targetGUID=target_guid)


def _sets(root, book: Codebook) -> None:
    """``<Sets>``: the codebook's sets and its relationship codes."""
    sets = [(str(uuid.uuid5(GUID_NAMESPACE, f"set:{n}")), n, "", m) for n, m in book.sets.items()]
    sets += [
        (book.relationship_guid(rel),
         f"{RELATIONSHIP_SET_PREFIX}{rel.name} ({rel.source} -> {rel.target})",
         rel.description, [rel.source, rel.target])
        for rel in book.relationships
    ]
    if not sets:
        return
    sets_element = _sub(root, "Sets")
    for guid, set_name, description, members in sets:
        element = _sub(sets_element, "Set", guid=guid, name=set_name)
        if description:
            _sub(element, "Description").text = _clean(description)
        for member in members:
            _sub(element, "MemberCode", targetGUID=book.guid_of(member))


def project_qde(snapshot, book: Codebook, coders="all", *, name: str | None = None,
                origin: str = "ls-thematic", span_origin: str = "all") -> bytes:
    """The ``project.qde`` XML (UTF-8 bytes) of the snapshot's coding with ``book``.

    ``coders`` selects annotations and ``span_origin`` (``all``, ``manual``, ``accepted``) their
    coded spans as :func:`~ls_thematic.scripts.snapshot.segments` does (its ``origin``);
    ``origin`` is the project's REFI-QDA ``origin`` attribute, the tool that wrote it.
    """
    snapshot = as_snapshot(snapshot)
    frame = segments(snapshot, coders=coders, origin=span_origin)
    sources = project_sources(snapshot)

    root = etree.Element(f"{_NS}Project", nsmap={None: PROJECT_NAMESPACE})
    root.set("name", _clean(name or snapshot.project.get("title") or book.title))
    root.set("origin", origin)
    created = _datetime(snapshot.meta.get("pulled_at"))
    if created:
        root.set("creationDateTime", created)
    users = _users(root, frame)
    codes = _sub(_sub(root, "CodeBook"), "Codes")
    for code in book.codes:
        _append_code(codes, code, book)
    _cases(root, snapshot, {s["task_id"]: s for s in sources})
    selection_of = _sources(root, sources, frame, book, users)
    _links(root, relations(snapshot, coders=coders), selection_of, book)
    _sets(root, book)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def build_qdpx(snapshot, book: Codebook, coders="all", *, name: str | None = None,
               span_origin: str = "all") -> bytes:
    """The ``.qdpx`` archive (bytes): ``project.qde`` and ``sources/<guid>.txt``
    (``coders`` and ``span_origin`` as for :func:`project_qde`)."""
    snapshot = as_snapshot(snapshot)
    qde = project_qde(snapshot, book, coders=coders, name=name, span_origin=span_origin)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("project.qde", _ZIP_TIME), qde, zipfile.ZIP_DEFLATED)
        for source in project_sources(snapshot):
            info = zipfile.ZipInfo(f"sources/{source['guid']}.txt", _ZIP_TIME)
            archive.writestr(info, source["text"].encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_qdpx(snapshot, book: Codebook, path: str | os.PathLike, coders="all",
               *, name: str | None = None) -> None:
    """Write :func:`build_qdpx` to ``path`` atomically."""
    atomic_write_bytes(path, build_qdpx(snapshot, book, coders=coders, name=name))


@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    with _SCHEMA_LOCK:
        source = resources.files("ls_thematic.label_config").joinpath("schemas", SCHEMA_FILE)
        with resources.as_file(source) as path:
            return etree.XMLSchema(etree.parse(str(path)))


def schema_errors(qde: bytes | str) -> list[str]:
    """Problems of a ``project.qde`` document against the REFI-QDA Project schema (none: valid)."""
    if isinstance(qde, str):
        qde = qde.encode("utf-8")
    document = etree.fromstring(qde, etree.XMLParser(resolve_entities=False, no_network=True))
    schema = _schema()
    try:
        valid = schema.validate(document)
    except etree.XMLSchemaValidateError:  # libxml2 cannot check an entity it did not expand
        return ["the document uses entity references (<!ENTITY>), which are not expanded; a "
                "project.qde needs none"]
    if valid:
        return []
    return [
        f"line {error.line}: {error.message.replace(_NS, '')}" for error in schema.error_log
    ]
