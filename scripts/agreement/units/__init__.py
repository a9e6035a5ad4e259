"""Units of agreement: what a coder's spans are compared on.

Each scheme turns an export into :class:`Units`, a table with one row per (unit, code) item and
one column per coder holding 1 (the coder applied the code), 0 (the coder annotated the task
but did not apply the code: "none") or NaN (the coder did not annotate the task). Text that
only one coder coded counts as "not coded" by the others; it is never dropped. Every
:class:`Units` states its unit in ``Units.unit``.

- :mod:`.fixed`: :func:`turn_units`, :func:`sentence_units`, :func:`bracketed_units`;
- :mod:`.spans`: :func:`overlap_units` (segments), :func:`character_units`;
- :mod:`.presence`: :func:`presence_units`;
- :mod:`.build`: :func:`units_from_export`, any scheme by name.
"""

from .base import AGREEMENT_UNITS, OVERLAP_MEASURES, UNIT_SCHEMES, Units, reliability_data
from .build import units_from_export
from .fixed import bracketed_units, sentence_units, split_sentences, turn_units
from .presence import presence_units
from .spans import character_units, overlap_units

__all__ = [
    "AGREEMENT_UNITS",
    "OVERLAP_MEASURES",
    "UNIT_SCHEMES",
    "Units",
    "bracketed_units",
    "character_units",
    "overlap_units",
    "presence_units",
    "reliability_data",
    "sentence_units",
    "split_sentences",
    "turn_units",
    "units_from_export",
]
