"""REFI-QDA codebook exchange (.qdc): hand the codebook to NVivo, ATLAS.ti, MAXQDA or QualCoder
and read theirs back.

A ``.qdc`` file follows the REFI-QDA Codebook standard 1.0 (namespace ``urn:QDA-XML:codebook:1.0``,
schema in ``schemas/Codebook.xsd``). What maps where:

=====================================  =====================================================
ls-thematic                            .qdc
=====================================  =====================================================
code tree                              nested ``<Code>`` elements inside ``<Codes>``
code name / ``codable``                ``name`` / ``isCodable`` (``false``: a heading)
description, include, exclude,         one ``<Description>``, written with
examples                               :func:`~.codebook.compose_description` and read with
                                       :func:`~.codebook.parse_description` (``Include:``,
                                       ``Exclude:`` and ``Example:`` lines after the definition)
``exclusive`` (sub-codes mutually      the line ``Sub-codes: mutually exclusive (at most one
exclusive)                             per segment).`` in that ``<Description>`` (the standard
                                       has no attribute for it; other tools show the line)
colour                                 ``color``: every code gets its *effective* colour as
                                       ``#RRGGBB``, since other tools do not inherit colours;
                                       on import a sub-code keeps its colour only where it
                                       differs from its parent's, a top-level code keeps its
                                       own (none when the file gives none)
GUID                                   ``guid``: :meth:`Codebook.guid_of`, so the same code has
                                       the same GUID in every export; an import keeps each
                                       GUID, as written, in ``Code.guid``
sets (``Codebook.sets``)               ``<Set>`` with one ``<MemberCode guid=...>`` per member;
                                       a set's own GUID is derived from its name and its
                                       ``<Description>`` is not kept (the model has no place
                                       for either)
the built-in Unsure code               an ordinary code
=====================================  =====================================================

Two things have no place in the standard and travel in ways other tools ignore or show
harmlessly:

Relationship codes
    Each relationship is a ``<Set>`` named ``"ls-thematic relationship: NAME (FROM -> TO)"``
    whose GUID is :meth:`Codebook.relationship_guid`, whose ``<Description>`` is the
    relationship's description, and whose two ``<MemberCode>`` elements are the FROM code then
    the TO code. NVivo shows it as a set and ATLAS.ti as a code group holding the two codes,
    which reads sensibly there; on import, sets with that name prefix become relationships
    again (the direction is taken from the name when it matches the members, else from the
    member order), all other sets become ``Codebook.sets``. The prefix is reserved: a set of
    the codebook may not start with it.

Title, description and hierarchy level names of the codebook
    A processing instruction before the root element,
    ``<?ls-thematic {"title": ..., "description": ..., "levels": [...]}?>`` (JSON with ``>``
    escaped). XML processing instructions are addressed to one application and skipped by all
    others, and schema validation ignores them. A file without it (any other tool's) is titled
    after its file name.

Every imported file is checked against the schema before it is read, so an error names the
file, the line and what the standard allows there.
"""

from __future__ import annotations

import json
import os
import re
import threading
import uuid
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from lxml import etree

from .codebook import (
    DEFAULT_COLOUR,
    GUID_NAMESPACE,
    Code,
    Codebook,
    Relationship,
    compose_description,
    declares_exclusive,
    parse_description,
    validate,
)
from .errors import CodebookError
from .fileio import atomic_write_text

QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
RELATIONSHIP_SET_PREFIX = "ls-thematic relationship: "
METADATA_TARGET = "ls-thematic"

_NS = f"{{{QDC_NAMESPACE}}}"
_GUID = re.compile(
    r"^(?:[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}"
    r"|\{[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\})$"
)
_XML_DECLARATION = re.compile(r"^<\?xml\s[^>]*\?>")
# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MAX_REPORTED = 5

# What the standard allows, for error messages (see schemas/Codebook.xsd).
_ALLOWED_ATTRIBUTES = {
    "CodeBook": "origin",
    "Code": "guid (required), name (required), isCodable (required), color",
    "Set": "guid (required), name (required)",
    "MemberCode": "guid (required)",
}
_VALUE_HINTS = {
    "guid": "a GUID is 32 hexadecimal digits grouped 8-4-4-4-12, e.g. "
    "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294, optionally in braces",
    "color": "a colour is #RRGGBB or #RGB in hexadecimal digits, e.g. #46AA00",
    "isCodable": "isCodable is true, false, 1 or 0",
}
_SCHEMA_LOCK = threading.Lock()


# --------------------------------------------------------------------------- export
def codebook_to_qdc(book: Codebook) -> str:
    """The codebook as a REFI-QDA codebook document (.qdc text, UTF-8 declared).

    See the module docstring for the mapping. Exporting the same codebook twice gives the same
    text; :func:`codebook_from_qdc` of the result gives the codebook back.
    """
    _check_guids(book)
    root = etree.Element(f"{_NS}CodeBook", nsmap={None: QDC_NAMESPACE})
    root.set("origin", _origin())
    codes = etree.SubElement(root, f"{_NS}Codes")
    for code in book.codes:
        _append_code(codes, code, book)

    sets: list[tuple[str, str, str, list[str]]] = []  # (guid, name, description, members)
    for name, members in book.sets.items():
        if name.startswith(RELATIONSHIP_SET_PREFIX):
            raise CodebookError(
                f"Set {name!r} starts with {RELATIONSHIP_SET_PREFIX!r}, which .qdc exports "
                "reserve for relationship codes; rename the set."
            )
        sets.append((str(uuid.uuid5(GUID_NAMESPACE, f"set:{name}")), name, "", members))
    for rel in book.relationships:
        name = f"{RELATIONSHIP_SET_PREFIX}{rel.name} ({rel.source} -> {rel.target})"
        sets.append((book.relationship_guid(rel), name, rel.description, [rel.source, rel.target]))
    if sets:
        sets_element = etree.SubElement(root, f"{_NS}Sets")
        for guid, name, description, members in sets:
            element = etree.SubElement(sets_element, f"{_NS}Set")
            element.set("guid", guid)
            element.set("name", _xml_safe(name, f"Set {name!r}: its name"))
            if description:
                etree.SubElement(element, f"{_NS}Description").text = _xml_safe(
                    description, f"Set {name!r}: its description"
                )
            for member in members:
                etree.SubElement(element, f"{_NS}MemberCode").set("guid", book.guid_of(member))

    info = {"title": book.title, "description": book.description, "levels": list(book.levels)}
    payload = json.dumps(info, ensure_ascii=False).replace(">", "\\u003e")
    root.addprevious(
        etree.ProcessingInstruction(METADATA_TARGET, _xml_safe(payload, "The codebook's title"))
    )
    body = etree.tostring(etree.ElementTree(root), encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body


def write_qdc(book: Codebook, path: str | os.PathLike) -> None:
    """Write :func:`codebook_to_qdc` of ``book`` to ``path`` atomically (no half-written file)."""
    atomic_write_text(path, codebook_to_qdc(book))


def _append_code(parent: etree._Element, code: Code, book: Codebook) -> None:
    element = etree.SubElement(parent, f"{_NS}Code")
    element.set("guid", book.guid_of(code.name))
    element.set("name", _xml_safe(code.name, f"Code {code.name!r}: its name"))
    element.set("isCodable", "true" if code.codable else "false")
    element.set("color", _rrggbb(book.colour_of(code.name)))
    description = compose_description(code)
    if description:
        etree.SubElement(element, f"{_NS}Description").text = _xml_safe(
            description, f"Code {code.name!r}: its description, criteria or examples"
        )
    for child in code.children:
        _append_code(element, child, book)


def _check_guids(book: Codebook) -> None:
    """Every GUID is well formed and used once, so other tools can tell the codes apart."""
    owners: dict[str, str] = {}
    items = [(f"code {code.name!r}", book.guid_of(code.name)) for code, _ in book.walk()]
    items += [
        (f"relationship {rel.name!r}", book.relationship_guid(rel)) for rel in book.relationships
    ]
    for owner, guid in items:
        if not _GUID.match(guid):
            raise CodebookError(
                f"The {owner} has guid {guid!r}, which is not a GUID; {_VALUE_HINTS['guid']}. "
                "Correct it, or delete it so that one is derived from the name."
            )
        key = _guid_key(guid)
        if key in owners:
            raise CodebookError(
                f"The {owners[key]} and the {owner} have the same guid {guid}; every code and "
                "relationship needs its own. Delete the copied one so that it is derived from "
                "the name."
            )
        owners[key] = owner


def _origin() -> str:
    try:
        return f"ls-thematic {metadata.version('ls-thematic')}"
    except metadata.PackageNotFoundError:
        return "ls-thematic"


def _rrggbb(colour: str) -> str:
    """'#abc' or '#aabbcc' as '#AABBCC'."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits.upper()


def _xml_safe(text: str, what: str) -> str:
    bad = _NOT_XML.search(text)
    if bad:
        raise CodebookError(
            f"{what} contains the control character {bad.group()!r}, which an XML file cannot "
            "hold; remove it."
        )
    return text


def _guid_key(guid: str) -> str:
    """GUIDs compare without case and braces: NVivo writes lowercase, ATLAS.ti uppercase."""
    return guid.strip().strip("{}").lower()


# --------------------------------------------------------------------------- import
def codebook_from_qdc(text: str | bytes, source: str = "<qdc>") -> Codebook:
    """Read a REFI-QDA codebook (.qdc) written by ls-thematic or any other QDA software.

    ``text`` is the document as text (an XML declaration's encoding is then ignored) or as
    bytes (decoded as the declaration says). The document is checked against the REFI-QDA
    Codebook schema first; every :class:`CodebookError` names ``source``, the line and what is
    allowed there.
    """
    root = _parse(text, source)
    info = _read_metadata(root, source)
    by_guid: dict[str, tuple[str, int]] = {}  # guid key -> (code name, line)
    names: dict[str, int] = {}  # code name -> line
    codes = [
        _code_from_element(element, None, by_guid, names, source)
        for element in root.iterfind(f"{_NS}Codes/{_NS}Code")
    ]
    sets, relationships = _sets_from(root, by_guid, source)
    book = Codebook(
        title=info.get("title") or _title_from(source),
        description=info.get("description", ""),
        levels=info.get("levels", []),
        codes=codes,
        relationships=relationships,
        sets=sets,
    )
    validate(book, source)
    return book


def _sets_from(
    root: etree._Element, by_guid: dict[str, tuple[str, int]], source: str
) -> tuple[dict[str, list[str]], list[Relationship]]:
    """The <Set> elements: ordinary sets by name, and relationships (see the module docstring)."""
    sets: dict[str, list[str]] = {}
    set_lines: dict[str, int] = {}
    relationships: list[Relationship] = []
    for element in root.iterfind(f"{_NS}Sets/{_NS}Set"):
        name = element.get("name", "").strip()
        line = element.sourceline
        if not name:
            raise CodebookError(f"{source}: line {line}: a <Set> has an empty name; name it.")
        members: list[str] = []
        for member in element.iterfind(f"{_NS}MemberCode"):
            guid = member.get("guid", "")
            if _guid_key(guid) not in by_guid:
                raise CodebookError(
                    f"{source}: line {member.sourceline}: set {name!r} has "
                    f"<MemberCode guid={guid.strip()!r}>, but no <Code> in this file has that "
                    "guid; a set can only hold codes of the same codebook."
                )
            members.append(by_guid[_guid_key(guid)][0])
        description = _text_of(element.find(f"{_NS}Description")).strip()
        if name.startswith(RELATIONSHIP_SET_PREFIX):
            relationships.append(
                _relationship_from_set(name, description, members, element, source)
            )
            continue
        if name in sets:
            raise CodebookError(
                f"{source}: line {line}: set name {name!r} is already used at line "
                f"{set_lines[name]}; rename one of the two sets."
            )
        sets[name] = list(dict.fromkeys(members))
        set_lines[name] = line
    return sets, relationships


def _parse(text: str | bytes, source: str) -> etree._Element:
    """Parse, check the root and validate against the schema; return the root element."""
    if isinstance(text, str):
        # lxml refuses text that declares an encoding; blank the declaration, keep line numbers.
        text = _XML_DECLARATION.sub(
            lambda match: "\n" * match.group().count("\n"), text.removeprefix("\ufeff"), count=1
        )
        empty = not text.strip()
    else:
        empty = not text.strip().removeprefix(b"\xef\xbb\xbf").strip()
    if empty:
        raise CodebookError(
            f"{source}: is empty; a .qdc file is an XML document whose root element is "
            f'<CodeBook xmlns="{QDC_NAMESPACE}">.'
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(text, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        problem = re.sub(r",? line \d+, column \d+$", "", exc.msg)
        raise CodebookError(
            f"{source}: is not well-formed XML: {problem} (line {line}, column {column})."
        ) from None
    qname = etree.QName(root)
    if qname.localname == "Project" and qname.namespace == PROJECT_NAMESPACE:
        raise CodebookError(
            f"{source}: is a REFI-QDA project (root <Project>), not a codebook; export the "
            "codebook alone from your QDA software (a .qdc file whose root is <CodeBook>)."
        )
    if qname.localname != "CodeBook":
        raise CodebookError(
            f"{source}: line {root.sourceline}: the root element is <{qname.localname}>; a "
            f'REFI-QDA codebook\'s root is <CodeBook xmlns="{QDC_NAMESPACE}">.'
        )
    if qname.namespace != QDC_NAMESPACE:
        found = f"namespace {qname.namespace!r}" if qname.namespace else "no namespace"
        raise CodebookError(
            f"{source}: line {root.sourceline}: <CodeBook> has {found}; a REFI-QDA codebook 1.0 "
            f'uses xmlns="{QDC_NAMESPACE}".'
        )
    errors = _schema_errors(root)
    if errors:
        shown = "\n".join(f"  {error}" for error in errors[:_MAX_REPORTED])
        more = len(errors) - _MAX_REPORTED
        tail = f"\n  ... and {more} more." if more > 0 else ""
        raise CodebookError(
            f"{source}: does not follow the REFI-QDA Codebook schema:\n{shown}{tail}"
        )
    return root


@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    xsd = resources.files(__package__).joinpath("schemas").joinpath("Codebook.xsd")
    return etree.XMLSchema(etree.fromstring(xsd.read_bytes()))


def _schema_errors(root: etree._Element) -> list[str]:
    """The schema's complaints as 'line N: ...' sentences with what is allowed, one per spot."""
    with _SCHEMA_LOCK:  # the schema's error log is shared state
        schema = _schema()
        if schema.validate(root):
            return []
        entries = [(entry.line, entry.message) for entry in schema.error_log]
    out: list[str] = []
    seen: set[tuple[int, str]] = set()
    for line, message in entries:
        message = message.replace(_NS, "")
        element = re.match(r"Element '([^']+)'", message)
        attribute = re.match(r"Element '[^']+', attribute '([^']+)'", message)
        tag = element.group(1) if element else ""
        spot = (line, attribute.group(1) if attribute else message)
        if spot in seen:
            continue
        seen.add(spot)
        message = re.sub(r"^Element '([^']+)'", r"<\1>", message)
        message = re.sub(
            r"\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern '.*'\.$",
            r"the value '\1' does not have the required form.",
            message,
        )
        hints = []
        if attribute and attribute.group(1) in _VALUE_HINTS and "not allowed" not in message:
            hints.append(_VALUE_HINTS[attribute.group(1)])
        if ("is not allowed" in message or "required but missing" in message) and (
            tag in _ALLOWED_ATTRIBUTES
        ):
            hints.append(f"<{tag}> takes the attributes {_ALLOWED_ATTRIBUTES[tag]}")
        if tag == "MemberCode" and attribute and attribute.group(1) == "targetGUID":
            hints.append(
                'in a codebook file a member code is <MemberCode guid="..."/> (targetGUID is '
                "the project-file form)"
            )
        hint = f" ({'; '.join(hints)})" if hints else ""
        out.append(f"line {line}: {message.rstrip('.')}{hint}.")
    return out


def _read_metadata(root: etree._Element, source: str) -> dict:
    """The title, description and levels ls-thematic keeps in its processing instruction."""
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == METADATA_TARGET:
            try:
                info = json.loads(node.text or "")
            except json.JSONDecodeError as exc:
                info = exc
            if (
                not isinstance(info, dict)
                or not isinstance(info.get("title", ""), str)
                or not isinstance(info.get("description", ""), str)
                or not isinstance(info.get("levels", []), list)
                or not all(isinstance(level, str) for level in info.get("levels", []))
            ):
                raise CodebookError(
                    f"{source}: line {node.sourceline}: the <?{METADATA_TARGET} ...?> instruction "
                    'must hold a JSON object {"title": text, "description": text, "levels": '
                    "[text, ...]}; correct it or delete it (the title then comes from the file "
                    "name)."
                )
            return info
    return {}


def _code_from_element(
    element: etree._Element,
    inherited: str | None,
    by_guid: dict[str, tuple[str, int]],
    names: dict[str, int],
    source: str,
) -> Code:
    """A <Code> and its sub-codes; ``inherited`` is the parent's effective colour (None: top)."""
    line = element.sourceline
    name = element.get("name", "").strip()
    guid = element.get("guid", "").strip()
    if not name:
        raise CodebookError(
            f"{source}: line {line}: <Code guid={guid!r}> has an empty name; give every code a "
            "name."
        )
    if name in names:
        raise CodebookError(
            f"{source}: line {line}: code name {name!r} is already used at line {names[name]}; "
            "ls-thematic needs unique code names because Label Studio stores the name. Rename "
            "one of them in your QDA software, or merge the two codes, and export again."
        )
    names[name] = line
    key = _guid_key(guid)
    if key in by_guid:
        other, other_line = by_guid[key]
        raise CodebookError(
            f"{source}: line {line}: code {name!r} has guid {guid}, which code {other!r} at line "
            f"{other_line} already has; every code needs its own GUID."
        )
    by_guid[key] = (name, line)
    colour = element.get("color")
    colour = _rrggbb(colour.strip()) if colour else None
    effective = colour or inherited or DEFAULT_COLOUR
    description = _text_of(element.find(f"{_NS}Description"))
    parts = parse_description(description)
    return Code(
        name=name,
        description=parts["description"],
        include=parts["include"],
        exclude=parts["exclude"],
        examples=parts["examples"],
        colour=colour if inherited is None or colour != inherited else None,
        codable=element.get("isCodable", "true").strip() in {"true", "1"},
        children=[
            _code_from_element(child, effective, by_guid, names, source)
            for child in element.iterfind(f"{_NS}Code")
        ],
        guid=guid,
        exclusive=declares_exclusive(description),
    )


def _relationship_from_set(
    name: str, description: str, members: list[str], element: etree._Element, source: str
) -> Relationship:
    if len(members) != 2:
        raise CodebookError(
            f"{source}: line {element.sourceline}: set {name!r} is named as an ls-thematic "
            f"relationship but has {len(members)} member code(s); a relationship set holds "
            "exactly two, the FROM code then the TO code. Rename the set if it is an ordinary "
            "set."
        )
    rest = name[len(RELATIONSHIP_SET_PREFIX) :].strip()
    first, second = members
    for start, end in ((first, second), (second, first)):
        suffix = f"({start} -> {end})"
        if rest.endswith(suffix) and rest[: -len(suffix)].strip():
            return Relationship(
                rest[: -len(suffix)].strip(), start, end, description, element.get("guid").strip()
            )
    # The codes were renamed in another tool: drop the stale "(A -> B)" and trust the members.
    relationship = _without_stale_pair(rest).strip()
    if not relationship:
        raise CodebookError(
            f"{source}: line {element.sourceline}: set {name!r} names no relationship; name it "
            f"'{RELATIONSHIP_SET_PREFIX}NAME (FROM -> TO)'."
        )
    return Relationship(relationship, first, second, description, element.get("guid").strip())


def _text_of(element: etree._Element | None) -> str:
    """The text of a <Description> (comments inside it left out); '' when there is none."""
    return "" if element is None else element.xpath("string()")


def _title_from(source: str) -> str:
    return "Codebook" if source.startswith("<") else Path(source).stem


def _without_stale_pair(name: str) -> str:
    """``name`` without a trailing ``"(A -> B)"`` (no brackets inside); string search, linear."""
    opening = name.rfind("(")
    inner = name[opening + 1 : -1]
    if name.endswith(")") and opening >= 0 and "->" in inner and ")" not in inner:
        return name[:opening]
    return name
