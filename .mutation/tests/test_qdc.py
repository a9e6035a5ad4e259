"""REFI-QDA codebook (.qdc) export and import: round trips, schema, GUIDs, other tools' files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from ls_thematic.label_config import qdc
from ls_thematic.label_config.codebook import (
    DEFAULT_COLOUR,
    UNSURE,
    UNSURE_COLOUR,
    Codebook,
    compose_description,
)
from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.errors import CodebookError
from ls_thematic.label_config.qdc import codebook_from_qdc, codebook_to_qdc, write_qdc

FIXTURES = Path(__file__).parent / "fixtures"
XSD = Path(qdc.__file__).parent / "schemas" / "Codebook.xsd"
NS = {"q": "urn:QDA-XML:codebook:1.0"}
G1 = "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"
G2 = "B52FB733-B6AF-4B31-BB78-3E733135171A"


def built_codebook() -> Codebook:
    """Headings, three levels, criteria and examples with XML-special characters, a
    self-relationship, a relationship whose name has brackets, and a set."""
    return Codebook.from_dict(
        {
            "title": "Access to care",
            "description": "Interviews with service users about reaching the clinic.",
            "levels": ["domain", "theme", "sub-theme"],
            "codes": [
                {
                    "name": "Barriers",
                    "codable": False,
                    "colour": "#E15759",
                    "description": "What stops people reaching the service.",
                    "children": [
                        {
                            "name": "Cost",
                            "description": "Money: fees, travel, lost wages.\nA second line.",
                            "include": "Any mention of paying or not being able to pay.",
                            "exclude": "Time off work without loss of pay (use Waiting).",
                            "examples": [
                                "“I couldn’t pay” & more <quoted> text",
                                "The bus alone is £6.",
                            ],
                        },
                        {"name": "Waiting"},
                        {
                            "name": "Stigma",
                            "colour": "#F28E2B",
                            "codable": False,
                            "children": [{"name": "Self-stigma", "examples": ["I felt ashamed."]}],
                        },
                    ],
                },
                {
                    "name": "Facilitators",
                    "colour": "#59A14F",
                    "children": [{"name": "Peer support"}],
                },
            ],
            "relationships": [
                {
                    "name": "outweighs (often)",
                    "from": "Peer support",
                    "to": "Stigma",
                    "description": "Support from peers outweighs the stigma.",
                },
                {"name": "feeds", "from": "Cost", "to": "Cost"},
            ],
            "sets": {"Structural": ["Cost", "Waiting"], "Empty": []},
        }
    )


@pytest.fixture(params=["built", "thesis"])
def book(request, thesis_codebook_path) -> Codebook:
    """The built codebook above and the thesis example codebook."""
    if request.param == "built":
        return built_codebook()
    return load_codebook(thesis_codebook_path)


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def guids_in(text: str) -> list[str]:
    root = etree.fromstring(text.split("\n", 1)[1].encode())
    return [element.get("guid") for element in root.iter() if element.get("guid")]


def paths(book: Codebook) -> list[tuple[str, ...]]:
    return [path for _, path in book.walk()]


# --------------------------------------------------------------------------- round trip
def test_round_trip_gives_the_codebook_back(book):
    back = codebook_from_qdc(codebook_to_qdc(book))
    assert back.without_guids() == book.without_guids()


def test_exporting_the_reimported_codebook_gives_the_same_file(book):
    text = codebook_to_qdc(book)
    assert codebook_to_qdc(codebook_from_qdc(text)) == text


def test_exported_file_follows_the_schema(book, schema):
    root = etree.fromstring(codebook_to_qdc(book).encode("utf-8"))
    assert schema.validate(root), schema.error_log


def test_exported_file_follows_the_schema_for_a_second_validator(book):
    xmlschema = pytest.importorskip("xmlschema")
    xmlschema.XMLSchema10(str(XSD)).validate(codebook_to_qdc(book).encode("utf-8"))


def test_load_codebook_reads_a_written_qdc(tmp_path):
    book = built_codebook()
    path = tmp_path / "out" / "book.qdc"
    write_qdc(book, path)
    assert path.read_text(encoding="utf-8") == codebook_to_qdc(book)
    assert [p.name for p in path.parent.iterdir()] == ["book.qdc"]  # no temporary file left
    assert load_codebook(path).without_guids() == book.without_guids()


# --------------------------------------------------------------------------- GUIDs
def test_guids_are_the_same_in_every_export():
    first, second = codebook_to_qdc(built_codebook()), codebook_to_qdc(built_codebook())
    assert guids_in(first) == guids_in(second)
    root = etree.fromstring(first.split("\n", 1)[1].encode())
    own = [e.get("guid") for e in root.iter("{*}Code", "{*}Set")]  # not the MemberCode references
    assert len(set(own)) == len(own) == len(built_codebook().names) + 4


def test_reimported_codebook_keeps_the_guids():
    book = built_codebook()
    back = codebook_from_qdc(codebook_to_qdc(book))
    assert all(back.code(name).guid == book.guid_of(name) for name in book.names)
    assert [back.relationship_guid(r) for r in back.relationships] == [
        book.relationship_guid(r) for r in book.relationships
    ]
    # Once stored, a GUID follows its code through a rename (a derived one would change).
    back.code("Cost").name = "Costs"
    assert back.guid_of("Costs") == book.guid_of("Cost")


def test_stored_guids_are_exported_as_written():
    data = built_codebook().to_dict()
    data["codes"][0]["guid"] = G1
    text = codebook_to_qdc(Codebook.from_dict(data))
    assert f'guid="{G1}" name="Barriers"' in text
    assert codebook_from_qdc(text).code("Barriers").guid == G1


# --------------------------------------------------------------------------- export mapping
def test_codes_nest_as_in_the_tree_with_effective_colours_and_descriptions():
    book = built_codebook()
    root = etree.fromstring(codebook_to_qdc(book).split("\n", 1)[1].encode())

    def walk(element, prefix=()):
        for code in element.iterfind("q:Code", NS):
            path = (*prefix, code.get("name"))
            yield code, path
            yield from walk(code, path)

    exported = list(walk(root.find("q:Codes", NS)))
    assert [path for _, path in exported] == paths(book)
    for element, path in exported:
        code = book.code(path[-1])
        assert element.get("isCodable") == ("true" if code.codable else "false")
        assert element.get("color") == book.colour_of(code.name).upper()
        assert element.findtext("q:Description", "", NS) == compose_description(code)
    unsure = root.find(f"q:Codes/q:Code[@name='{UNSURE}']", NS)
    assert unsure.get("color") == UNSURE_COLOUR and unsure.get("isCodable") == "true"
    assert (
        root.find("q:Codes/q:Code[@name='Barriers']/q:Code[@name='Cost']", NS).get("color")
        == "#E15759"
    )  # inherited, but written out: other tools do not inherit colours


def test_relationships_are_sets_named_by_the_convention():
    book = built_codebook()
    root = etree.fromstring(codebook_to_qdc(book).split("\n", 1)[1].encode())
    name = "ls-thematic relationship: outweighs (often) (Peer support -> Stigma)"
    rel = root.find(f"q:Sets/q:Set[@name='{name}']", NS)
    assert rel.get("guid") == book.relationship_guid(book.relationships[0])
    assert rel.findtext("q:Description", None, NS) == "Support from peers outweighs the stigma."
    members = [m.get("guid") for m in rel.iterfind("q:MemberCode", NS)]
    assert members == [book.guid_of("Peer support"), book.guid_of("Stigma")]
    ordinary = root.find("q:Sets/q:Set[@name='Structural']", NS)
    assert [m.get("guid") for m in ordinary.iterfind("q:MemberCode", NS)] == [
        book.guid_of("Cost"),
        book.guid_of("Waiting"),
    ]


def test_title_description_and_levels_ride_in_a_processing_instruction():
    text = codebook_to_qdc(built_codebook())
    root = etree.fromstring(text.split("\n", 1)[1].encode())
    (instruction,) = root.itersiblings(preceding=True)
    assert instruction.target == "ls-thematic"
    assert json.loads(instruction.text) == {
        "title": "Access to care",
        "description": "Interviews with service users about reaching the clinic.",
        "levels": ["domain", "theme", "sub-theme"],
    }


def test_a_title_that_would_close_the_instruction_survives():
    book = Codebook.from_dict({"title": "A ?> B", "codes": ["X"]})
    assert codebook_from_qdc(codebook_to_qdc(book)).title == "A ?> B"


def test_colours_come_back_only_where_they_are_the_codes_own():
    book = Codebook.from_dict(
        {
            "codes": [
                {"name": "Plain", "children": [{"name": "Plain child"}]},
                {
                    "name": "Red",
                    "colour": "#e15",
                    "children": [
                        {"name": "Same red", "colour": "#EE1155"},
                        {"name": "Green", "colour": "#59a14f"},
                    ],
                },
            ]
        }
    )
    text = codebook_to_qdc(book)
    assert 'name="Red" isCodable="true" color="#EE1155"' in text
    back = codebook_from_qdc(text)
    assert [back.code(n).colour for n in ("Same red", "Green", "Plain child")] == [
        None,
        "#59A14F",
        None,
    ]
    # A top-level code keeps the colour the file gives it, so an uncoloured one becomes explicit.
    assert back.code("Plain").colour == DEFAULT_COLOUR
    assert [back.colour_of(n) for n in back.names] == [
        DEFAULT_COLOUR,
        DEFAULT_COLOUR,
        "#EE1155",
        "#EE1155",
        "#59A14F",
        UNSURE_COLOUR,
    ]


# --------------------------------------------------------------------------- other tools' files
def test_nvivo_style_file_imports_as_a_tree():
    path = FIXTURES / "nvivo_style.qdc"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf<?xml")  # BOM and CRLF, as NVivo writes
    book = load_codebook(path)
    assert book.title == "nvivo_style"
    assert paths(book) == [
        ("Barriers to access",),
        ("Barriers to access", "Cost"),
        ("Barriers to access", "Waiting times"),
        ("Barriers to access", "Stigma"),
        ("Barriers to access", "Stigma", "Self-stigma"),
        ("Barriers to access", "Stigma", "Stigma from staff"),
        ("Facilitators",),
        ("Facilitators", "Peer support"),
        (UNSURE,),
    ]
    assert [n for n in book.names if not book.code(n).codable] == ["Barriers to access", "Stigma"]
    assert {n: book.code(n).colour for n in book.names if book.code(n).colour} == {
        "Barriers to access": "#E15759",
        "Stigma": "#F28E2B",
        "Stigma from staff": "#59A14F",
        "Peer support": "#76B7B2",
        UNSURE: UNSURE_COLOUR,
    }
    assert book.colour_of("Self-stigma") == "#F28E2B"
    assert book.colour_of("Facilitators") == DEFAULT_COLOUR
    cost = book.code("Cost")
    assert cost.description == "Money: fees, travel, lost wages."
    assert cost.include == "any mention of paying, or of not being able to pay."
    assert cost.exclude == "time off work without loss of pay (code Waiting times)."
    assert book.code("Waiting times").description == ""  # no <Description>
    assert book.code("Facilitators").description == ""  # an empty one
    assert book.code("Waiting times").guid == "A7D4C2B1-9E8F-4A3B-8C7D-6E5F4A3B2C1D"
    assert book.code("Cost").guid == "8c0e5a7d-1b3f-4a62-b9d4-7e21f0c3a5b8"
    # The set names its members in the other case; GUIDs compare without case.
    assert book.sets == {"Structural barriers": ["Cost", "Waiting times"]}
    assert book.relationships == []


def test_atlasti_style_file_imports_as_a_tree():
    book = load_codebook(FIXTURES / "atlasti_style.qdc")
    assert paths(book) == [
        ("EMO: Důvěra",),
        ("EMO: Anger",),
        ("ROLE",),
        ("ROLE", "ROLE: carer"),
        ("ROLE", "ROLE: patient"),
        (UNSURE,),
    ]
    assert book.codable_names == book.names
    assert book.code("EMO: Důvěra").description == "Trust in the clinician & the service."
    assert book.code("EMO: Anger").description == "Anger <at anyone>, expressed or reported."
    assert book.code("ROLE: carer").colour is None  # same as its parent's
    assert book.code("ROLE: patient").colour == "#AA00FF"
    assert book.sets == {"Emotions": ["EMO: Důvěra", "EMO: Anger"], "Empty group": []}


@pytest.mark.parametrize("name", ["nvivo_style.qdc", "atlasti_style.qdc"])
def test_fixtures_follow_the_schema_and_keep_their_guids_on_export(name, schema):
    raw = (FIXTURES / name).read_bytes()
    assert schema.validate(etree.fromstring(raw))
    exported = codebook_to_qdc(load_codebook(FIXTURES / name))
    file_codes = [
        e.get("guid") for e in etree.fromstring(raw).iter("{urn:QDA-XML:codebook:1.0}Code")
    ]
    assert guids_in(exported)[: len(file_codes)] == file_codes


def test_bytes_are_decoded_as_their_declaration_says():
    text = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
        f'<Codes><Code guid="{{{G1}}}" name="Café" isCodable="1"/></Codes></CodeBook>'
    )
    book = codebook_from_qdc(text.encode("iso-8859-1"))
    assert book.names == ["Café", UNSURE]
    assert book.code("Café").guid == f"{{{G1}}}"  # braces are allowed by the standard
    assert codebook_from_qdc(text).names == ["Café", UNSURE]


def _code(name: str, guid: str, inner: str = "") -> str:
    return f'<Code guid="{guid}" name="{name}" isCodable="true">{inner}</Code>'


def _relationship_file(set_name: str, members: list[str]) -> str:
    member_xml = "".join(f'<MemberCode guid="{guid}"/>' for guid in members)
    return (
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        f"{_code('A', G1)}{_code('B', G2)}"
        f'</Codes><Sets><Set guid="{G1.replace("1FF", "2FF")}" name="{set_name}">{member_xml}'
        "</Set></Sets></CodeBook>"
    )


@pytest.mark.parametrize(
    ("set_name", "members", "expected"),
    [
        ("ls-thematic relationship: causes (A -&gt; B)", [G1, G2], ("causes", "A", "B")),
        # another tool reordered the members: the name still says which way it points
        ("ls-thematic relationship: causes (A -&gt; B)", [G2, G1], ("causes", "A", "B")),
        # the codes were renamed in another tool: the stale part goes, the members decide
        ("ls-thematic relationship: causes (Old A -&gt; Old B)", [G1, G2], ("causes", "A", "B")),
        ("ls-thematic relationship: causes", [G2, G1], ("causes", "B", "A")),
    ],
)
def test_relationship_sets_become_relationships(set_name, members, expected):
    book = codebook_from_qdc(_relationship_file(set_name, members))
    (rel,) = book.relationships
    assert (rel.name, rel.source, rel.target) == expected
    assert book.sets == {}


# --------------------------------------------------------------------------- bad input
def _file(codes: str, sets: str = "", root: str = 'xmlns="urn:QDA-XML:codebook:1.0"') -> str:
    declaration = '<?xml version="1.0" encoding="utf-8"?>'
    return f"{declaration}\n<CodeBook {root}>\n<Codes>\n{codes}\n</Codes>{sets}</CodeBook>"


GOOD_CODE = f'<Code guid="{G1}" name="A" isCodable="true"/>'


BAD_FILES = [
    pytest.param("", r"is empty; a \.qdc file is an XML document", id="empty"),
    pytest.param('<?xml version="1.0"?>\n', "is empty", id="declaration-only"),
    pytest.param(
        _file(GOOD_CODE).replace("</Codes>", ""),
        r"not well-formed XML: .*\(line \d+, column \d+\)",
        id="not-well-formed",
    ),
    pytest.param(
        _file(GOOD_CODE, root=""),
        r'<CodeBook> has no namespace; .* uses xmlns="urn:QDA-XML:codebook:1\.0"',
        id="no-namespace",
    ),
    pytest.param(
        _file(GOOD_CODE, root='xmlns="urn:QDA-XML:codebook:0:4"'),
        r"namespace 'urn:QDA-XML:codebook:0:4'; a REFI-QDA codebook 1\.0 uses",
        id="old-namespace",
    ),
    pytest.param(
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>',
        r"is a REFI-QDA project .*not a codebook",
        id="project-file",
    ),
    pytest.param(
        "<codebook/>",
        r"root element is <codebook>; a REFI-QDA codebook's root is <CodeBook",
        id="other-root",
    ),
    pytest.param(
        _file(f'<Code guid="{G1}" isCodable="true"/>'),
        r"line 4: <Code>: The attribute 'name' is required but missing \(<Code> takes the "
        r"attributes guid \(required\), name \(required\)",
        id="missing-name",
    ),
    pytest.param(
        _file('<Code guid="C-1" name="A" isCodable="true"/>'),
        r"line 4: <Code>, attribute 'guid': the value 'C-1' does not have the required form "
        r"\(a GUID is 32 hexadecimal digits",
        id="bad-guid",
    ),
    pytest.param(
        _file(f'<Code guid="{G1}" name="A" isCodable="yes"/>'),
        r"'yes' .* \(isCodable is true, false, 1 or 0\)",
        id="bad-boolean",
    ),
    pytest.param(
        _file(f'<Code guid="{G1}" name="A" isCodable="true" color="red"/>'),
        r"'red' .*\(a colour is #RRGGBB",
        id="bad-colour",
    ),
    pytest.param(
        _file(""), r"<Codes>: Missing child element\(s\)\. Expected is \( Code \)", id="no-codes"
    ),
    pytest.param(
        _file(
            GOOD_CODE,
            f'<Sets><Set guid="{G2}" name="S"><MemberCode targetGUID="{G1}"/></Set></Sets>',
        ),
        r"attribute 'targetGUID' is not allowed .*<MemberCode guid=\"\.\.\.\"/> "
        r"\(targetGUID is the project-file form\)",
        id="targetGUID",
    ),
    pytest.param(
        _file(f'<Code guid="{G1}" name="  " isCodable="true"/>'),
        r"line 4: <Code guid='.*'> has an empty name",
        id="blank-name",
    ),
    pytest.param(
        _file(_code("A", G1, inner=_code("A", G2))),
        r"line 4: code name 'A' is already used at line 4; .*unique code names",
        id="duplicate-name",
    ),
    pytest.param(
        _file(f"{_code('A', G1)}\n{_code('B', G1.lower())}"),
        r"line 5: code 'B' has guid .*, which code 'A' at line 4 already has",
        id="duplicate-guid",
    ),
    pytest.param(
        _file(GOOD_CODE, f'<Sets><Set guid="{G2}" name="S"><MemberCode guid="{G2}"/></Set></Sets>'),
        r"set 'S' has <MemberCode guid='B52FB733.*'>, but no <Code> in this file has that guid",
        id="unknown-member",
    ),
    pytest.param(
        _file(GOOD_CODE, f'<Sets><Set guid="{G2}" name="S"/><Set guid="{G2}" name="S"/></Sets>'),
        r"set name 'S' is already used",
        id="duplicate-set",
    ),
    pytest.param(
        _file(
            GOOD_CODE,
            f'<Sets><Set guid="{G2}" name="ls-thematic relationship: x">'
            f'<MemberCode guid="{G1}"/></Set></Sets>',
        ),
        r"named as an ls-thematic relationship but has 1 member code\(s\); .*exactly two",
        id="relationship-set-with-one-member",
    ),
    pytest.param(
        _file(GOOD_CODE).replace("\n<CodeBook", "\n<?ls-thematic {not json}?>\n<CodeBook"),
        r"line 2: the <\?ls-thematic \.\.\.\?> instruction must hold a JSON object",
        id="bad-metadata",
    ),
    pytest.param(
        '<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        + _file(f'<Code guid="{G1}" name="&x;" isCodable="true"/>').split("\n", 1)[1],
        r"not well-formed XML: Attribute references external entity 'x'",
        id="external-entity",
    ),
]


@pytest.mark.parametrize(("text", "match"), BAD_FILES)
def test_bad_files_are_refused_with_a_clear_message(text, match):
    with pytest.raises(CodebookError, match=r"^bad\.qdc: (.|\n)*" + match):
        codebook_from_qdc(text, "bad.qdc")


def test_errors_name_the_file_and_list_several_problems(tmp_path):
    path = tmp_path / "broken.qdc"
    codes = "\n".join(f'<Code guid="x{i}" name="C{i}" isCodable="true"/>' for i in range(7))
    path.write_text(_file(codes), encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    message = str(info.value)
    assert message.startswith(f"{path}: does not follow the REFI-QDA Codebook schema:\n  line 4: ")
    assert message.count("\n  line ") == 5 and message.endswith("... and 2 more.")


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (
            lambda d: d["codes"][0].update(guid="not-a-guid"),
            r"code 'Barriers' has guid 'not-a-guid', which is not a GUID",
        ),
        (
            lambda d: (d["codes"][0].update(guid=G1), d["codes"][1].update(guid=G1.lower())),
            r"The code 'Barriers' and the code 'Facilitators' have the same guid",
        ),
        (
            lambda d: d["sets"].update({"ls-thematic relationship: mine": ["Cost"]}),
            r"Set 'ls-thematic relationship: mine' starts with .*reserve for relationship codes",
        ),
        (
            lambda d: d["codes"][1].update(description="bell\x07"),
            r"Code 'Facilitators': its description.*'\\x07'",
        ),
    ],
    ids=["bad-guid", "duplicate-guid", "reserved-set-name", "control-character"],
)
def test_codebooks_the_format_cannot_hold_are_refused_on_export(change, match):
    data = built_codebook().to_dict()
    change(data)
    with pytest.raises(CodebookError, match=match):
        codebook_to_qdc(Codebook.from_dict(data))


def test_schema_is_the_standard_one():
    """The transcribed schema has the standard's namespace, root and required attributes."""
    xsd = etree.parse(str(XSD)).getroot()
    assert xsd.get("targetNamespace") == "urn:QDA-XML:codebook:1.0"
    x = {"xsd": "http://www.w3.org/2001/XMLSchema"}
    required = {
        (t.get("name"), a.get("name"))
        for t in xsd.iterfind("xsd:complexType", x)
        for a in t.iterfind("xsd:attribute[@use='required']", x)
    }
    assert required == {
        ("CodeType", "guid"),
        ("CodeType", "name"),
        ("CodeType", "isCodable"),
        ("SetType", "guid"),
        ("SetType", "name"),
        ("MemberCodeType", "guid"),
    }
    assert "not the official file" in re.sub(r"\s+", " ", XSD.read_text(encoding="utf-8").lower())
