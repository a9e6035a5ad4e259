"""A codebook as the suggester's plain inputs (backend/prototypes.py)."""

from __future__ import annotations

from ls_thematic.backend.prototypes import codebook_fit_params, codebook_prototypes
from ls_thematic.label_config.codebook import UNSURE, Code, Codebook

BOOK = Codebook(
    codes=[
        Code("Parking", description="Car parking at the hospital", examples=["no spaces", "fees"]),
        Code("Environment", codable=False, children=[Code("Noise"), Code("Food", examples=["x"])]),
    ]
)


def test_each_codable_code_gets_its_name_and_description_then_its_examples():
    assert codebook_prototypes(BOOK) == {
        "Parking": ["Parking: Car parking at the hospital", "no spaces", "fees"],
        "Noise": ["Noise"],
        "Food": ["Food", "x"],
    }


def test_fit_params_make_every_codable_code_a_class_and_unsure_has_no_prototype():
    params = codebook_fit_params(BOOK)
    assert set(params) == {"classes", "prototypes"}
    assert set(params["classes"]) == {"Parking", "Noise", "Food", UNSURE}
    assert UNSURE not in params["prototypes"]
    assert codebook_fit_params(None) == {}
