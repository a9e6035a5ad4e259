"""The codebook: one model of codes, used for the labelling config, the backend, exports and reports.

A codebook is a tree of codes of any depth (domain > sub-domain > theme > sub-theme ...), a list
of relationship codes that link two coded segments, and optional sets (groups of codes, as
REFI-QDA has them). This module is the model and its validation; files (YAML, CSV, .qdc,
labelling XML) are read and written by :mod:`.codebook_io`.

Every code has a name, a description (its definition), inclusion and exclusion criteria, example
extracts, a colour (inherited down the tree unless a code sets its own) and a ``codable`` flag: a
heading such as a domain can group codes without being applied itself. A code with sub-codes can
declare them mutually exclusive (``exclusive: true``: at most one of them per segment, what
ATLAS.ti calls a semantic domain); agreement then also reports the categorical coefficients of
that group. A built-in code,
:data:`UNSURE`, is always present; it is the seed study's "separate folder" for extracts that
might matter but fit no theme yet.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from .errors import CodebookError

UNSURE = "Unsure – revisit"
UNSURE_DESCRIPTION = (
    "Extracts that might matter but fit no current theme; revisit them in the next round "
    "and recode them into a theme or discard them."
)
UNSURE_COLOUR = "#9E9E9E"
DEFAULT_COLOUR = "#4E79A7"

# Stable GUIDs: a code without a stored GUID gets one derived from its path of names.
GUID_NAMESPACE = uuid.UUID("6f1c2b8e-3d5a-4c1e-9b7a-2f0d8e4a1c33")

_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_CODE_KEYS = {
    "name", "description", "include", "exclude", "examples", "colour", "color",
    "codable", "children", "guid", "exclusive",
}
_RELATION_KEYS = {"name", "description", "from", "to", "guid"}
_TOP_KEYS = {"title", "description", "levels", "codes", "relationships", "sets"}


@dataclass
class Code:
    """One code of the codebook.

    ``colour`` is the colour the code sets itself (``None`` inherits its parent's);
    :meth:`Codebook.colour_of` gives the effective colour. ``exclusive``: the code's sub-codes
    are mutually exclusive (a coder applies at most one of them to a segment).
    """

    name: str
    description: str = ""
    include: str = ""
    exclude: str = ""
    examples: list[str] = field(default_factory=list)
    colour: str | None = None
    codable: bool = True
    children: list[Code] = field(default_factory=list)
    guid: str | None = None
    exclusive: bool = False


@dataclass
class Relationship:
    """A relationship code: a named, directed link between segments coded ``source`` and ``target``."""

    name: str
    source: str
    target: str
    description: str = ""
    guid: str | None = None


@dataclass
class Codebook:
    """A validated codebook. Build it with :meth:`from_dict` or
    :func:`~.codebook_io.load_codebook`."""

    title: str = "Codebook"
    description: str = ""
    levels: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    sets: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not any(code.name == UNSURE for code in self.codes):
            self.codes.append(
                Code(UNSURE, description=UNSURE_DESCRIPTION, colour=UNSURE_COLOUR)
            )

    # ----------------------------------------------------------------- traversal
    def walk(self) -> Iterator[tuple[Code, tuple[str, ...]]]:
        """Yield ``(code, path)`` depth first in codebook order; ``path`` ends with the code's name."""

        def visit(codes: list[Code], prefix: tuple[str, ...]):
            for code in codes:
                path = (*prefix, code.name)
                yield code, path
                yield from visit(code.children, path)

        yield from visit(self.codes, ())

    @property
    def names(self) -> list[str]:
        """Every code name, in codebook order."""
        return [code.name for code, _ in self.walk()]

    @property
    def codable_names(self) -> list[str]:
        """The names a coder can apply, in codebook order."""
        return [code.name for code, _ in self.walk() if code.codable]

    def code(self, name: str) -> Code:
        """The code called ``name``; a :class:`CodebookError` lists the codes when there is none."""
        for code, _ in self.walk():
            if code.name == name:
                return code
        raise CodebookError(
            f"Unknown code {name!r}; the codebook has: {', '.join(self.names)}."
        )

    def path_of(self, name: str) -> tuple[str, ...]:
        """Names from the root down to ``name`` inclusive."""
        for code, path in self.walk():
            if code.name == name:
                return path
        self.code(name)  # raises with the list of codes
        raise AssertionError("unreachable")

    def parent_of(self, name: str) -> str | None:
        path = self.path_of(name)
        return path[-2] if len(path) > 1 else None

    def depth_of(self, name: str) -> int:
        """0 for a top-level code."""
        return len(self.path_of(name)) - 1

    def level_name(self, depth: int) -> str:
        """The name of a hierarchy level ('domain', 'theme', ...), or 'level N'."""
        return self.levels[depth] if depth < len(self.levels) else f"level {depth + 1}"

    def ancestor_at(self, name: str, depth: int) -> str:
        """The code's ancestor at ``depth`` (itself when it is shallower)."""
        path = self.path_of(name)
        return path[min(depth, len(path) - 1)]

    def exclusive_groups(self) -> dict[str, dict[str, str]]:
        """The groups of mutually exclusive codes: ``{heading: {code: its value}}``.

        For every code declared ``exclusive``, each of its sub-codes is one value of the group,
        and a deeper code counts as the sub-code it sits under (a coder who applies it has
        chosen that branch). Groups are in codebook order.
        """
        groups: dict[str, dict[str, str]] = {}
        for code, path in self.walk():
            if not code.exclusive:
                continue
            members = {}
            for descendant, below in self.walk():
                if len(below) > len(path) and below[: len(path)] == path:
                    members[descendant.name] = below[len(path)]
            groups[code.name] = members
        return groups

    @property
    def max_depth(self) -> int:
        return max((len(path) - 1 for _, path in self.walk()), default=0)

    def colour_of(self, name: str) -> str:
        """The effective colour: the code's own, else the nearest ancestor's, else the default."""
        colour = None
        for part in self.path_of(name):
            own = self.code(part).colour
            colour = own or colour
        return colour or DEFAULT_COLOUR

    def guid_of(self, name: str) -> str:
        """A GUID that stays the same across exports: the stored one, else derived from the path."""
        code = self.code(name)
        if code.guid:
            return code.guid
        return str(uuid.uuid5(GUID_NAMESPACE, "/".join(self.path_of(name))))

    def relationship_guid(self, relationship: Relationship) -> str:
        if relationship.guid:
            return relationship.guid
        key = f"relationship:{relationship.name}:{relationship.source}->{relationship.target}"
        return str(uuid.uuid5(GUID_NAMESPACE, key))

    # ----------------------------------------------------------------- conversion
    @classmethod
    def from_dict(cls, data: object, source: str = "<codebook>") -> Codebook:
        """Build and validate a codebook from the YAML structure; errors name ``source`` and the path."""
        if not isinstance(data, dict):
            raise CodebookError(
                f"{source}: the codebook must be a mapping with a 'codes' list; found "
                f"{type(data).__name__}."
            )
        unknown = set(data) - _TOP_KEYS
        if unknown:
            raise CodebookError(
                f"{source}: unknown top-level key(s) {', '.join(sorted(map(str, unknown)))}; "
                f"allowed: {', '.join(sorted(_TOP_KEYS))}."
            )
        codes = data.get("codes")
        if not isinstance(codes, list) or not codes:
            raise CodebookError(
                f"{source}: 'codes' must be a non-empty list of codes, each with at least a 'name'."
            )
        levels = data.get("levels") or []
        if not isinstance(levels, list) or not all(isinstance(x, str) for x in levels):
            raise CodebookError(f"{source}: 'levels' must be a list of level names, e.g. [domain, theme].")
        book = cls(
            title=_text(data.get("title", "Codebook"), source, "title") or "Codebook",
            description=_text(data.get("description", ""), source, "description"),
            levels=list(levels),
            codes=[_code_from_dict(c, source, f"codes[{i}]") for i, c in enumerate(codes)],
            relationships=[
                _relationship_from_dict(r, source, f"relationships[{i}]")
                for i, r in enumerate(data.get("relationships") or [])
            ],
            sets={str(k): list(v or []) for k, v in (data.get("sets") or {}).items()},
        )
        validate(book, source)
        return book

    def to_dict(self, include_builtin: bool = False) -> dict:
        """The YAML structure; the built-in Unsure code is left out unless ``include_builtin``."""

        def code_dict(code: Code) -> dict:
            out: dict = {"name": code.name}
            for key in ("description", "include", "exclude"):
                if getattr(code, key):
                    out[key] = getattr(code, key)
            if code.examples:
                out["examples"] = list(code.examples)
            if code.colour:
                out["colour"] = code.colour
            if not code.codable:
                out["codable"] = False
            if code.exclusive:
                out["exclusive"] = True
            if code.guid:
                out["guid"] = code.guid
            if code.children:
                out["children"] = [code_dict(child) for child in code.children]
            return out

        out: dict = {"title": self.title}
        if self.description:
            out["description"] = self.description
        if self.levels:
            out["levels"] = list(self.levels)
        out["codes"] = [
            code_dict(c) for c in self.codes if include_builtin or not is_builtin_unsure(c)
        ]
        if self.relationships:
            out["relationships"] = []
            for rel in self.relationships:
                item = {"name": rel.name}
                if rel.description:
                    item["description"] = rel.description
                item["from"], item["to"] = rel.source, rel.target
                if rel.guid:
                    item["guid"] = rel.guid
                out["relationships"].append(item)
        if self.sets:
            out["sets"] = {k: list(v) for k, v in self.sets.items()}
        return out

    def without_guids(self) -> Codebook:
        """A copy with stored GUIDs dropped (for comparing codebooks by content)."""

        def strip(code: Code) -> Code:
            return replace(code, guid=None, children=[strip(c) for c in code.children])

        return replace(
            self,
            codes=[strip(c) for c in self.codes],
            relationships=[replace(r, guid=None) for r in self.relationships],
        )


def summarise(book: Codebook) -> list[str]:
    """A summary for people: the numbers of codes, then each hierarchy level's codes.

    Returns
    -------
    list of str
        ``"25 codes, 18 codable, 2 relationship codes"``, then one line per level in depth
        order, such as ``"domain: 4 (2 headings; 2 codable: Frustration, Unsure – revisit)"``
        (codable codes are named when the level also has headings and at most three are codable).
    """
    by_level: dict[str, list[Code]] = {}
    for code, path in book.walk():
        by_level.setdefault(book.level_name(len(path) - 1), []).append(code)
    lines = [
        f"{len(book.names)} codes, {len(book.codable_names)} codable, "
        f"{len(book.relationships)} relationship codes"
    ]
    for level, codes in by_level.items():
        headings = sum(not code.codable for code in codes)
        codable = [code.name for code in codes if code.codable]
        parts = [f"{headings} heading{'s' * (headings != 1)}"] if headings else []
        if codable:
            named = f": {', '.join(codable)}" if headings and len(codable) <= 3 else ""
            parts.append(f"{len(codable)} codable{named}")
        lines.append(f"{level}: {len(codes)} ({'; '.join(parts)})")
    return lines


def is_builtin_unsure(code: Code) -> bool:
    """True for the built-in Unsure code as :class:`Codebook` adds it (files leave it out)."""
    return code.name == UNSURE and not code.children


def _text(value: object, source: str, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise CodebookError(f"{source}: {where} must be text; found {type(value).__name__}.")
    return value.strip()


def _code_from_dict(data: object, source: str, where: str) -> Code:
    if isinstance(data, str):
        data = {"name": data}
    if not isinstance(data, dict):
        raise CodebookError(
            f"{source}: {where} must be a mapping with a 'name' (or just the name as text); "
            f"found {type(data).__name__}."
        )
    unknown = set(data) - _CODE_KEYS
    if unknown:
        raise CodebookError(
            f"{source}: {where} has unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
            f"allowed: {', '.join(sorted(_CODE_KEYS - {'color'}))}."
        )
    name = _text(data.get("name"), source, f"{where}.name")
    if not name:
        raise CodebookError(f"{source}: {where}.name is empty; give every code a name.")
    examples = data.get("examples") or []
    if isinstance(examples, str):
        examples = [examples]
    if not isinstance(examples, list):
        raise CodebookError(f"{source}: {where}.examples must be a list of extracts.")
    codable = data.get("codable", True)
    if not isinstance(codable, bool):
        raise CodebookError(
            f"{source}: {where}.codable must be true or false; found {codable!r}."
        )
    exclusive = data.get("exclusive", False)
    if not isinstance(exclusive, bool):
        raise CodebookError(
            f"{source}: {where}.exclusive must be true (its sub-codes are mutually exclusive) or "
            f"false; found {exclusive!r}."
        )
    colour = data.get("colour", data.get("color"))
    children = data.get("children") or []
    if not isinstance(children, list):
        raise CodebookError(f"{source}: {where}.children must be a list of codes.")
    return Code(
        name=name,
        description=_text(data.get("description"), source, f"{where}.description"),
        include=_text(data.get("include"), source, f"{where}.include"),
        exclude=_text(data.get("exclude"), source, f"{where}.exclude"),
        examples=[_text(e, source, f"{where}.examples[{i}]") for i, e in enumerate(examples)],
        colour=_text(colour, source, f"{where}.colour") or None,
        codable=codable,
        children=[
            _code_from_dict(c, source, f"{where}.children[{i}]") for i, c in enumerate(children)
        ],
        guid=_text(data.get("guid"), source, f"{where}.guid") or None,
        exclusive=exclusive,
    )


def _relationship_from_dict(data: object, source: str, where: str) -> Relationship:
    if not isinstance(data, dict):
        raise CodebookError(f"{source}: {where} must be a mapping with name, from and to.")
    unknown = set(data) - _RELATION_KEYS
    if unknown:
        raise CodebookError(
            f"{source}: {where} has unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
            f"allowed: {', '.join(sorted(_RELATION_KEYS))}."
        )
    name = _text(data.get("name"), source, f"{where}.name")
    if not name:
        raise CodebookError(f"{source}: {where}.name is empty; give the relationship a name.")
    return Relationship(
        name=name,
        source=_text(data.get("from"), source, f"{where}.from"),
        target=_text(data.get("to"), source, f"{where}.to"),
        description=_text(data.get("description"), source, f"{where}.description"),
        guid=_text(data.get("guid"), source, f"{where}.guid") or None,
    )


def validate(book: Codebook, source: str = "<codebook>") -> None:
    """Raise :class:`CodebookError` naming ``source``, the path in the file and the fix."""
    seen: dict[str, str] = {}

    def check(codes: list[Code], where: str) -> None:
        siblings: set[str] = set()
        for i, code in enumerate(codes):
            here = f"{where}[{i}]"
            if not code.name.strip():
                raise CodebookError(f"{source}: {here}.name is empty; give every code a name.")
            if code.name in siblings:
                raise CodebookError(
                    f"{source}: {here}.name {code.name!r} is a duplicate among its siblings; "
                    "rename one of them or merge the two codes."
                )
            siblings.add(code.name)
            if code.name in seen:
                raise CodebookError(
                    f"{source}: {here}.name {code.name!r} is already used at {seen[code.name]}; "
                    "code names must be unique across the codebook because Label Studio stores "
                    "the name. Rename one of them."
                )
            seen[code.name] = here
            if code.colour and not _HEX_COLOUR.match(code.colour):
                raise CodebookError(
                    f"{source}: {here}.colour {code.colour!r} is not a colour; use a hex colour "
                    "such as '#4E79A7' or '#abc', or leave it out to inherit the parent's."
                )
            if code.exclusive and not code.children:
                raise CodebookError(
                    f"{source}: {here}.exclusive is true but {code.name!r} has no sub-codes; "
                    "exclusive says that a code's sub-codes are mutually exclusive. Add its "
                    "sub-codes or remove exclusive."
                )
            check(code.children, f"{here}.children")

    check(book.codes, "codes")
    for i, rel in enumerate(book.relationships):
        for key, value in (("from", rel.source), ("to", rel.target)):
            if not value:
                raise CodebookError(
                    f"{source}: relationships[{i}].{key} is missing; a relationship "
                    f"{rel.name!r} links two codes: set 'from' and 'to' to code names."
                )
            if value not in seen:
                raise CodebookError(
                    f"{source}: relationships[{i}].{key} {value!r} points to no code; "
                    f"use one of: {', '.join(seen)}."
                )
        if rel.name in seen:
            raise CodebookError(
                f"{source}: relationships[{i}].name {rel.name!r} is also a code's name; "
                "give the relationship a name of its own."
            )
    for set_name, members in book.sets.items():
        for member in members:
            if member not in seen:
                raise CodebookError(
                    f"{source}: sets.{set_name} names {member!r}, which is no code; "
                    f"use one of: {', '.join(seen)}."
                )


# --------------------------------------------------------------------------- descriptions
# One convention keeps inclusion/exclusion criteria and examples inside a single description
# text (the labelling config's hint and REFI-QDA's <Description>): the definition first, then
# marker lines, each starting a line of its own:
#
#     Definition of the code, any number of lines.
#
#     Sub-codes: mutually exclusive (at most one per segment).
#     Include: when to apply it.
#     Exclude: when not to (and which code to use instead).
#     Example: a short extract.
#     Example: another extract.
#
# A marker's text runs until the next marker line; other tools' plain descriptions, with no
# markers, are read as the definition alone. The "Sub-codes" line (``exclusive: true``; REFI-QDA
# has no attribute for it) is recognised only as that exact line, so no other text is mistaken
# for it; it also tells the coder, on hover, to pick one sub-code.
_MARKERS = {"include:": "include", "exclude:": "exclude", "example:": "examples"}
EXCLUSIVE_LINE = "Sub-codes: mutually exclusive (at most one per segment)."


def compose_description(code: Code) -> str:
    """The code's definition, criteria and examples as one text (see the convention above)."""
    parts = [code.description] if code.description else []
    markers = [EXCLUSIVE_LINE] if code.exclusive else []
    if code.include:
        markers.append(f"Include: {code.include}")
    if code.exclude:
        markers.append(f"Exclude: {code.exclude}")
    markers.extend(f"Example: {example}" for example in code.examples)
    if markers:
        parts.append("\n".join(markers))
    return "\n\n".join(parts)


def parse_description(text: str) -> dict:
    """Split a composed description into description, include, exclude and examples (the
    :data:`EXCLUSIVE_LINE` is left out; :func:`declares_exclusive` reads it)."""
    out: dict = {"description": [], "include": [], "exclude": [], "examples": []}
    current = "description"
    examples: list[list[str]] = []
    for line in (text or "").splitlines():
        lowered = line.strip().lower()
        if lowered == EXCLUSIVE_LINE.lower():
            continue
        marker = next((m for m in _MARKERS if lowered.startswith(m)), None)
        if marker:
            current = _MARKERS[marker]
            rest = line.strip()[len(marker):].strip()
            if current == "examples":
                examples.append([rest])
            else:
                out[current].append(rest)
        elif current == "examples":
            examples[-1].append(line.strip())
        else:
            out[current].append(line.rstrip() if current == "description" else line.strip())
    return {
        "description": "\n".join(out["description"]).strip(),
        "include": " ".join(x for x in out["include"] if x).strip(),
        "exclude": " ".join(x for x in out["exclude"] if x).strip(),
        "examples": [" ".join(x for x in ex if x).strip() for ex in examples],
    }


def declares_exclusive(text: str) -> bool:
    """True when a composed description has the :data:`EXCLUSIVE_LINE` (``exclusive: true``)."""
    return any(line.strip().lower() == EXCLUSIVE_LINE.lower() for line in (text or "").splitlines())
