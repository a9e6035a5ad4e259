"""Errors a user can cause and fix. The CLI turns them into a message and exit code 1."""


class ThematicError(ValueError):
    """Base class of every user-facing error in ls-thematic."""


class CodebookError(ThematicError):
    """A codebook file (YAML, CSV, .qdc, labelling XML) is invalid."""


class TranscriptError(ThematicError):
    """A transcript or participants file cannot be imported."""


class LabelStudioError(ThematicError):
    """Label Studio refused a request or could not be reached."""


class InputError(ThematicError):
    """A request's or a command's input is wrong; the message says what was found and what is
    allowed (the backend answers 400 with it, the CLI prints it and exits 1)."""


class LabelStudioDataError(ThematicError):
    """Label Studio data (an export, a snapshot, a webhook's annotation) cannot be read."""
