"""The error every agreement function raises for input it cannot use."""

from __future__ import annotations

from ls_thematic.label_config.errors import ThematicError


class AgreementError(ThematicError):
    """Agreement cannot be computed from the given export or ratings."""
