"""Codebook <-> Label Studio labelling config.

The config codes spans of the transcript text. One ``<Labels>`` control holds the whole
codebook, so any code is applied in two actions (pick the code, select the text); the hierarchy
stays visible while coding because the control nests it:

- a codable code is a ``<Label>``; its description, criteria and examples are its ``hint``, which
  Label Studio 1.23 shows in a tooltip on hover;
- a heading (``codable: false``) is a ``<Header>`` whose size shrinks with depth. Label Studio's
  Header has no hover hint, so the heading sits in a ``<View className="lst-heading">`` that also
  holds its description in a hidden ``<View className="lst-heading-note">``, shown on hover by the
  config's ``<Style>``;
- a code's children follow it in an indented ``<View>``;
- a code whose sub-codes are mutually exclusive (``exclusive: true``) says so in its hint, on the
  line ``Sub-codes: mutually exclusive (at most one per segment).``, which the coder reads on
  hover and :func:`codebook_from_label_config` reads back.

The tooltip of Label Studio collapses newlines (``white-space: normal``); the ``<Style>`` sets
``pre-line`` on it so the definition, Include, Exclude and Example lines stay separate lines.
Everything else the codebook holds rides on attributes Label Studio ignores (``data-*``; the
``hint`` of a ``<Header>``), so :func:`codebook_from_label_config` gives the same codebook back.
Per-span memos are a ``<TextArea perRegion displayMode="region-list" maxSubmissions="1">``: one
memo per segment, edited in place in the segment's entry of the Regions panel. Relationship codes
are ``<Relations>``. The participant id and attributes show above the text from the task's
``participant_header`` field.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import quoteattr

from lxml import etree

from .codebook import (
    Code,
    Codebook,
    Relationship,
    compose_description,
    declares_exclusive,
    parse_description,
    validate,
)
from .errors import CodebookError

CODE_CONTROL = "code"
TEXT_OBJECT = "text"
MEMO_CONTROL = "memo"
INDENT_STYLE = "padding-left: 1.1em; border-left: 2px solid #e0e0e0; margin-left: 0.3em"
HEADING_CLASS = "lst-heading"
NOTE_CLASS = "lst-heading-note"
NOTE_STYLE = "white-space: pre-line; margin: 0; color: inherit; font-size: 13px; line-height: 1.45"
MEMO_PLACEHOLDER = (
    "Memo: why this code? Doubts, links, ideas... (Enter saves; Shift+Enter: new line)"
)
#: CSS of the coding screen (Label Studio's <Style> tag puts it in the page as it is). Label
#: Studio's tooltip body (``data-testid="tooltip-body"``) collapses newlines; pre-line keeps the
#: definition, Include, Exclude and Example of a code on their own lines. A heading's note is
#: hidden until its heading is hovered, then floats (``position: fixed`` without offsets stays
#: where it would be in the flow, over the list, not clipped by its scroll box). No quotes, ``<``,
#: ``>`` or ``&``: Label Studio escapes those in a <Style>, which would break the CSS.
SCREEN_CSS = (
    "[data-testid=tooltip-body] { white-space: pre-line; } "
    "body [data-testid=tooltip] { max-width: 420px; } "
    f".{NOTE_CLASS} {{ display: none; }} "
    f".{HEADING_CLASS}:hover .{NOTE_CLASS} {{ display: block; position: fixed; z-index: 1000; "
    "max-width: 420px; padding: 4px 10px; border-radius: 3px; background: #262626; color: #fff; }"
)


def _attrs(**values: str | None) -> str:
    return "".join(
        f" {key.replace('_', '-')}={quoteattr(value)}"
        for key, value in values.items()
        if value is not None and value != ""
    )


def _heading_lines(code: Code, colour: str, own: str | None, depth: int, indent: str) -> list[str]:
    """A heading: its ``<Header>`` (which keeps the codebook's fields) and, when it has a
    description, the note shown on hover, both in a ``<View className="lst-heading">``."""
    hint = compose_description(code) or None
    size = str(min(3 + depth, 6))
    style = f"color: {colour}; margin: 0.6em 0 0.2em 0"
    header = f"<Header{_attrs(value=code.name, size=size, style=style, hint=hint, data_colour=own, data_guid=code.guid, data_codable='false')}/>"
    if not hint:
        return [indent + header]
    # Label Studio replaces "$name" in a Header's value by a task field: a zero-width space after
    # each "$" shows the description as written.
    shown = hint.replace("$", "$\u200b")
    return [
        f"{indent}<View{_attrs(className=HEADING_CLASS, data_heading='true')}>",
        f"{indent}  {header}",
        f"{indent}  <View{_attrs(className=NOTE_CLASS)}>",
        f"{indent}    <Header{_attrs(value=shown, size='5', style=NOTE_STYLE)}/>",
        f"{indent}  </View>",
        f"{indent}</View>",
    ]


def codebook_to_label_config(book: Codebook) -> str:
    """Render the labelling config (XML text) for ``book``."""
    lines: list[str] = []

    def emit(codes: list[Code], depth: int, parent_colour: str | None, indent: str) -> None:
        for code in codes:
            colour = book.colour_of(code.name)
            own = code.colour if code.colour and code.colour != parent_colour else None
            if code.codable:
                hint = compose_description(code) or None
                lines.append(
                    f"{indent}<Label{_attrs(value=code.name, background=colour, hint=hint, data_colour=own, data_guid=code.guid)}/>"
                )
            else:
                lines.extend(_heading_lines(code, colour, own, depth, indent))
            if code.children:
                lines.append(f"{indent}<View{_attrs(style=INDENT_STYLE)}>")
                emit(code.children, depth + 1, colour, indent + "  ")
                lines.append(f"{indent}</View>")

    emit(book.codes, 0, None, "        ")
    sets = json.dumps(book.sets, ensure_ascii=False) if book.sets else None
    labels_open = f"      <Labels{_attrs(name=CODE_CONTROL, toName=TEXT_OBJECT, choice='multiple', showInline='false', data_levels='|'.join(book.levels) or None, data_sets=sets)}>"
    relations = []
    for rel in book.relationships:
        hint = rel.description or None
        relations.append(
            f"    <Relation{_attrs(value=rel.name, hint=hint, data_from=rel.source, data_to=rel.target, data_guid=rel.guid)}/>"
        )
    parts = [
        f"<View{_attrs(data_codebook=book.title, data_description=book.description or None)}>",
        f"  <Style>{SCREEN_CSS}</Style>",
        '  <Header value="$participant_header" size="4"/>',
        '  <View style="display: flex; gap: 1.5em; align-items: flex-start">',
        '    <View style="flex: 0 0 300px; max-height: 80vh; overflow-y: auto; position: sticky; top: 0; z-index: 2">',
        labels_open,
        *lines,
        "      </Labels>",
        "    </View>",
        '    <View style="flex: 1 1 auto">',
        f'      <Text name="{TEXT_OBJECT}" value="$text" granularity="word"/>',
        "    </View>",
        "  </View>",
        # The memo of each segment: in the segment's entry of the Regions panel, one per segment.
        f"  <TextArea{_attrs(name=MEMO_CONTROL, toName=TEXT_OBJECT, perRegion='true', displayMode='region-list', maxSubmissions='1', editable='true', rows='3', placeholder=MEMO_PLACEHOLDER)}/>",
    ]
    if relations:
        parts += ["  <Relations>", *relations, "  </Relations>"]
    parts.append("</View>")
    return "\n".join(parts) + "\n"


def _parse(xml: str, source: str) -> etree._Element:
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        return etree.fromstring(xml.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise CodebookError(f"{source}: is not well-formed XML: {exc}.") from None


def find_code_control(root: etree._Element, source: str = "<config>") -> etree._Element:
    """The ``<Labels>`` control that codes a ``<Text>`` object."""
    texts = {el.get("name") for el in root.iter("Text")}
    for labels in root.iter("Labels"):
        if labels.get("toName") in texts:
            return labels
    raise CodebookError(
        f"{source}: the labelling config has no <Labels> control pointing at a <Text> object; "
        'a coding config needs one, e.g. <Labels name="code" toName="text"> with <Label> codes.'
    )


def codebook_from_label_config(xml: str, source: str = "<config>") -> Codebook:
    """Parse a labelling config (ours, or any with a ``<Labels>`` on ``<Text>``) back into a codebook."""
    root = _parse(xml, source)
    labels = find_code_control(root, source)
    ours = _is_ours(root)

    def read(parent: etree._Element) -> list[Code]:
        codes: list[Code] = []
        for el in parent:
            if not isinstance(el.tag, str):
                continue  # comments
            if el.tag in ("Label", "Header"):
                codes.append(_code_of(el, ours, source))
            elif el.tag == "View" and ours and el.get("data-heading") == "true":
                # A heading and its hover note: the code is the heading's own <Header>.
                header = el.find("Header")
                if header is None:
                    raise CodebookError(
                        f"{source}: line {el.sourceline}: a heading <View> has no <Header>; "
                        "it needs one naming the heading."
                    )
                codes.append(_code_of(header, ours, source))
            elif el.tag == "View":
                children = read(el)
                if codes and ours:
                    codes[-1].children.extend(children)
                else:
                    codes.extend(children)
        return codes

    relationships = [
        Relationship(
            name=rel.get("value", ""),
            source=rel.get("data-from", ""),
            target=rel.get("data-to", ""),
            description=rel.get("hint", ""),
            guid=rel.get("data-guid"),
        )
        for rel in root.iter("Relation")
        if rel.get("data-from") and rel.get("data-to")
    ]
    levels = [x for x in (labels.get("data-levels") or "").split("|") if x]
    data_sets = labels.get("data-sets")
    try:
        sets = json.loads(data_sets) if data_sets else {}
    except json.JSONDecodeError:
        raise CodebookError(f"{source}: the data-sets attribute is not valid JSON.") from None
    book = Codebook(
        title=root.get("data-codebook") or "Codebook",
        description=root.get("data-description") or "",
        levels=levels,
        codes=read(labels),
        relationships=relationships,
        sets=sets,
    )
    validate(book, source)
    return book


def _code_of(el: etree._Element, ours: bool, source: str) -> Code:
    """The code a ``<Label>`` or heading ``<Header>`` stands for."""
    value = el.get("value", "").strip()
    if not value:
        raise CodebookError(
            f"{source}: line {el.sourceline}: a <{el.tag}> in the codes has no value; "
            "every code needs a name."
        )
    text = parse_description(el.get("hint", ""))
    return Code(
        name=value,
        description=text["description"],
        include=text["include"],
        exclude=text["exclude"],
        examples=text["examples"],
        colour=el.get("data-colour") if ours else el.get("background"),
        codable=el.tag == "Label" and el.get("data-codable") != "false",
        guid=el.get("data-guid"),
        exclusive=declares_exclusive(el.get("hint", "")),
    )


def _is_ours(root: etree._Element) -> bool:
    return root.get("data-codebook") is not None


def control_names(xml: str) -> tuple[str, str, list[str]]:
    """``(from_name, to_name, label values)`` of the coding control of any labelling config."""
    root = _parse(xml, "<config>")
    labels = find_code_control(root)
    values = [el.get("value") for el in labels.iter("Label") if el.get("value")]
    return labels.get("name"), labels.get("toName"), values
