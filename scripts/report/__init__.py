"""The write-up of a coded project: one folder with the tables, figures, documents and a .qdpx.

:func:`build_report` computes every table from a snapshot and writes::

    <out_dir>/
      report.md            the tables and themes in Markdown, figures linked
      report.docx          title, participants, theme x participant table (x marks and N),
                           attribute counts, themes with description and extracts, figures
      report.xlsx          one sheet per table, header styled
      tables/*.csv         one CSV per table, numbers at full precision (ai_assistance.csv:
                           the "Use of AI assistance" section's figures, :mod:`.assistance`)
      figures/*.png, *.svg theme map, theme x participant heatmap, saturation, agreement
      project.qdpx         the coding as a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA)
      report.json          what the folder holds and how it was made

The folder is written in a temporary folder beside ``out_dir`` and renamed into place, so a
reader never sees half a report (:mod:`.folder`). Pseudonyms and redaction apply everywhere
(:mod:`.anonymise`).

Modules: ``build`` (the folder), ``tables`` (every table, agreement for the report),
``anonymise`` (pseudonyms, ``[name]``), ``markdown``, ``docx``, ``xlsx`` (one writer per
format), ``folder`` (atomic replace), ``errors``.
"""

from .anonymise import NAME_ATTRIBUTE, REDACTED, anonymise_snapshot, pseudonyms
from .errors import ReportError
from .folder import MANIFEST
from .tables import (
    AGREEMENT_HEADERS,
    AGREEMENT_SHOWN,
    MAX_GROUPS,
    extract_table,
    report_agreement,
    report_tables,
)

__all__ = [
    "AGREEMENT_HEADERS", "AGREEMENT_SHOWN", "MANIFEST", "MAX_GROUPS", "NAME_ATTRIBUTE",
    "REDACTED", "ReportError", "anonymise_snapshot", "build_report", "extract_table",
    "pseudonyms", "report_agreement", "report_tables",
]


def __getattr__(name: str):
    """``build_report`` loads its modules (matplotlib for the figures) on first use, so that
    ``ls-thematic`` starts without them."""
    if name == "build_report":
        from .build import build_report

        return build_report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
