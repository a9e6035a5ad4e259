"""A small codebook shared by test_codebook.py and test_codebook_io.py."""

from __future__ import annotations


def small() -> dict:
    return {
        "title": "Small",
        "levels": ["domain", "theme", "sub-theme"],
        "codes": [
            {
                "name": "Motivation",
                "codable": False,
                "colour": "#112233",
                "children": [
                    {"name": "Attached", "description": "Clinging to the drug.",
                     "include": "Talk of attachment.", "exclude": "Function talk.",
                     "examples": ["they hold on to it"],
                     "children": [{"name": "Stay last", "colour": "#AA0000"}]},
                    {"name": "Function"},
                ],
            },
            {"name": "Frustration"},
        ],
        "relationships": [{"name": "leads to", "from": "Frustration", "to": "Attached"}],
    }
