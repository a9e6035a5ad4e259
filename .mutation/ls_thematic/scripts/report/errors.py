"""The report's error: what cannot be written as asked, in a sentence a researcher can act on."""

from __future__ import annotations

from ls_thematic.label_config.errors import ThematicError


class ReportError(ThematicError):
    """The report cannot be written as asked."""
