"""The error the team stack raises; the CLI prints it and exits 1."""

from ls_thematic.label_config.errors import ThematicError


class StackError(ThematicError):
    """A server of the team stack (PostgreSQL, Redis, Label Studio, the backend) is missing,
    cannot start, or its data folder cannot be used; the message says what to do."""
