"""The backend's settings: read once, from environment variables, in this one place.

:meth:`Settings.from_env` is called by :func:`ls_thematic.backend.app.create_app` when no
settings are passed; nothing else in the backend reads the environment. Every variable, its
default and its meaning is in ``backend/README.md``.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

DEFAULT_MODEL_DIR = "./data/models"
DEFAULT_ENCODER = "minilm"
DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024
#: See docs/feedback.md: the weight that kept the suggester closest to coding by hand, for a
#: coder who accepts every suggestion as for one who reviews them.
DEFAULT_ACCEPTED_SUGGESTION_WEIGHT = 0.25

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Settings:
    """Configuration of the suggestion backend (see ``backend/README.md`` for the variables).

    Parameters
    ----------
    model_dir : Path
        ``MODEL_DIR``: one folder per Label Studio project is kept below it.
    encoder : str
        ``ENCODER``: ``"minilm"`` (the packaged all-MiniLM-L6-v2), the folder of a
        sentence-transformers model, or ``"fake"`` (a tiny deterministic encoder for tests).
    suggest_min_score : float
        ``SUGGEST_MIN_SCORE``: a code the suggester would suggest is kept only if its probability
        is at least this (0 keeps the suggester's own decision rule unchanged).
    max_codes_per_unit : int
        ``SUGGEST_MAX_CODES``: at most this many codes are suggested for one unit.
    prefill_precision : float
        ``PREFILL_PRECISION``: the precision target, in (0, 1], of the suggestions pre-filled
        in a new annotation; each code's probability threshold is tuned to reach it (see
        :mod:`.prefill`). The other suggestions are only named in the notes and given on request.
    max_prefill_per_unit : int
        ``MAX_PREFILL_PER_UNIT``: at most this many pre-filled regions per turn or paragraph
        (0: nothing is pre-filled).
    accepted_suggestion_weight : float
        ``ACCEPTED_SUGGESTION_WEIGHT``: how much a suggestion the coder kept unchanged (Label
        Studio's origin ``prediction``) counts in the fit, between 0 and 1, relative to a
        segment the coder coded or edited themselves (1); 0 learns nothing from accepted
        suggestions. The default comes from ``benchmarks/bench_feedback.py`` (``docs/feedback.md``).
    cold_start_segments : int
        ``COLD_START_SEGMENTS``: a code with fewer coded segments than this is suggested only
        when a unit is similar enough to its codebook description, examples or coded segments
        (0 turns this cold-start gate off).
    cold_start_similarity : float
        ``COLD_START_SIMILARITY``: that "similar enough", a cosine similarity between -1 and 1
        (the default, 0.55, suits the packaged all-MiniLM-L6-v2).
    explain_k : int
        ``EXPLAIN_K``: how many similar coded extracts each region's note quotes.
    skip_interviewer : bool
        ``SKIP_INTERVIEWER``: no suggestions inside interviewer turns.
    min_unit_chars : int
        ``MIN_UNIT_CHARS``: a sentence shorter than this is merged with its neighbour.
    refit_delay : float
        ``REFIT_DELAY``: seconds the refit worker waits after an event, so that a burst of
        events leads to one refit.
    label_studio_url, label_studio_api_key : str or None
        ``LABEL_STUDIO_URL``, ``LABEL_STUDIO_API_KEY``: used by START_TRAINING to pull every
        annotation of the project.
    basic_auth_user, basic_auth_pass : str or None
        ``BASIC_AUTH_USER``, ``BASIC_AUTH_PASS``: when set, every route except ``/health``
        needs these HTTP Basic credentials.
    max_body_bytes : int
        ``MAX_BODY_BYTES``: larger request bodies get a 413 JSON error.
    blind_double_coding : bool
        ``BLIND_DOUBLE_CODING``: no suggestions on the transcripts ``ls-thematic sample
        --assign`` gave a second coder (marked in their task meta), so that their agreement
        measures two people (see :mod:`.suggestion_log`).
    withhold_fraction : float
        ``WITHHOLD_FRACTION``: the share of units, between 0 and 0.5, that get no suggestion
        (chosen at random, reproducibly, per project); what they would have had is logged as
        withheld, the control of ``ls-thematic audit``'s anchoring comparison.
    allowed_hosts : tuple of str
        ``ALLOWED_HOSTS`` (comma-separated): host names or IP addresses, besides the loopback
        ones (``localhost``, ``127.0.0.0/8``, ``::1``), that a request's ``Host`` header may
        name; requests for any other host get a 403 (against DNS rebinding). Stored
        lower-case, without brackets or a trailing dot.
    database_url : str or None
        ``BACKEND_DATABASE_URL``: a ``postgresql://`` URL (libpq's URI form). Unset (the
        default): the coded segments live in ``MODEL_DIR`` (:mod:`.store`) and one process
        serves it. Set: they live in that PostgreSQL database (:mod:`.pgstore`), and gunicorn
        may run several workers, on one host or several. Never logged with its password
        (:attr:`database_label`).
    """

    model_dir: Path = Path(DEFAULT_MODEL_DIR)
    encoder: str = DEFAULT_ENCODER
    suggest_min_score: float = 0.0
    max_codes_per_unit: int = 3
    prefill_precision: float = 0.8
    max_prefill_per_unit: int = 2
    accepted_suggestion_weight: float = DEFAULT_ACCEPTED_SUGGESTION_WEIGHT
    cold_start_segments: int = 5
    cold_start_similarity: float = 0.55
    explain_k: int = 3
    skip_interviewer: bool = True
    min_unit_chars: int = 40
    refit_delay: float = 0.2
    label_studio_url: str | None = None
    label_studio_api_key: str | None = field(default=None, repr=False)
    basic_auth_user: str | None = None
    basic_auth_pass: str | None = field(default=None, repr=False)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    blind_double_coding: bool = True
    withhold_fraction: float = 0.1
    allowed_hosts: tuple[str, ...] = ()
    database_url: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "model_dir", Path(self.model_dir))
        object.__setattr__(self, "allowed_hosts", _host_names(self.allowed_hosts))
        if not isinstance(self.encoder, str) or not self.encoder.strip():
            raise ValueError(
                f"ENCODER must be 'minilm', 'fake' or a model folder; got {self.encoder!r}."
            )
        if not 0.0 <= self.suggest_min_score <= 1.0:
            raise ValueError(
                f"SUGGEST_MIN_SCORE must be between 0 and 1; got {self.suggest_min_score}."
            )
        if isinstance(self.prefill_precision, bool) or not (
            isinstance(self.prefill_precision, (int, float)) and 0.0 < self.prefill_precision <= 1.0
        ):
            raise ValueError(
                "PREFILL_PRECISION must be a precision target greater than 0 and at most 1 "
                f"(e.g. 0.8); got {self.prefill_precision!r}."
            )
        weight = self.accepted_suggestion_weight
        if isinstance(weight, bool) or not (isinstance(weight, (int, float)) and 0 <= weight <= 1):
            raise ValueError(
                "ACCEPTED_SUGGESTION_WEIGHT must be a number between 0 and 1 (how much an "
                "accepted suggestion counts relative to the coder's own coding); got "
                f"{weight!r}."
            )
        if not -1.0 <= self.cold_start_similarity <= 1.0:
            raise ValueError(
                "COLD_START_SIMILARITY must be a cosine similarity between -1 and 1; got "
                f"{self.cold_start_similarity}."
            )
        for name, low in (
            ("max_codes_per_unit", 1),
            ("max_prefill_per_unit", 0),
            ("cold_start_segments", 0),
            ("explain_k", 0),
            ("min_unit_chars", 0),
            ("max_body_bytes", 1024),
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or value < low:
                raise ValueError(f"{_ENV_NAMES[name]} must be an integer >= {low}; got {value!r}.")
        fraction = self.withhold_fraction
        if isinstance(fraction, bool) or not (
            isinstance(fraction, (int, float)) and 0.0 <= fraction <= 0.5
        ):
            raise ValueError(
                "WITHHOLD_FRACTION must be a share of units between 0 and 0.5 (0 withholds "
                f"nothing; the default 0.1 withholds one unit in ten); got {fraction!r}."
            )
        if self.refit_delay < 0:
            raise ValueError(f"REFIT_DELAY must be >= 0 seconds; got {self.refit_delay}.")
        if self.database_url is not None:
            _check_database_url(self.database_url)
        if bool(self.basic_auth_user) != bool(self.basic_auth_pass):
            raise ValueError(
                "BASIC_AUTH_USER and BASIC_AUTH_PASS must be set together (or both left unset); "
                "only one of them is set."
            )

    @property
    def basic_auth(self) -> bool:
        """Whether routes other than ``/health`` need HTTP Basic credentials."""
        return bool(self.basic_auth_user)

    @property
    def database_label(self) -> str | None:
        """``BACKEND_DATABASE_URL`` with its password replaced by ``***``: the form to log."""
        return None if self.database_url is None else redact_url(self.database_url)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``environ`` (default: ``os.environ``); unset means default.

        Raises
        ------
        ValueError
            A variable is set to something it cannot be; the message names it and what is allowed.
        """
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(_ENV_NAMES[f.name])
            if raw is None or raw.strip() == "":
                continue
            values[f.name] = _convert(f.name, raw)
        return cls(**values)


_ENV_NAMES = {
    "model_dir": "MODEL_DIR",
    "encoder": "ENCODER",
    "suggest_min_score": "SUGGEST_MIN_SCORE",
    "max_codes_per_unit": "SUGGEST_MAX_CODES",
    "prefill_precision": "PREFILL_PRECISION",
    "max_prefill_per_unit": "MAX_PREFILL_PER_UNIT",
    "accepted_suggestion_weight": "ACCEPTED_SUGGESTION_WEIGHT",
    "cold_start_segments": "COLD_START_SEGMENTS",
    "cold_start_similarity": "COLD_START_SIMILARITY",
    "explain_k": "EXPLAIN_K",
    "skip_interviewer": "SKIP_INTERVIEWER",
    "min_unit_chars": "MIN_UNIT_CHARS",
    "refit_delay": "REFIT_DELAY",
    "label_studio_url": "LABEL_STUDIO_URL",
    "label_studio_api_key": "LABEL_STUDIO_API_KEY",
    "basic_auth_user": "BASIC_AUTH_USER",
    "basic_auth_pass": "BASIC_AUTH_PASS",
    "max_body_bytes": "MAX_BODY_BYTES",
    "blind_double_coding": "BLIND_DOUBLE_CODING",
    "withhold_fraction": "WITHHOLD_FRACTION",
    "allowed_hosts": "ALLOWED_HOSTS",
    "database_url": "BACKEND_DATABASE_URL",
}
_INTS = {
    "max_codes_per_unit",
    "max_prefill_per_unit",
    "cold_start_segments",
    "explain_k",
    "min_unit_chars",
    "max_body_bytes",
}
_FLOATS = {
    "suggest_min_score",
    "prefill_precision",
    "accepted_suggestion_weight",
    "cold_start_similarity",
    "refit_delay",
    "withhold_fraction",
}
_BOOLS = {"skip_interviewer", "blind_double_coding"}


def _convert(name: str, raw: str) -> object:
    var = _ENV_NAMES[name]
    text = raw.strip()
    if name in _INTS:
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{var} must be an integer; got {raw!r}.") from None
    if name in _FLOATS:
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{var} must be a number; got {raw!r}.") from None
    if name in _BOOLS:
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(f"{var} must be true or false (1/0, yes/no, on/off); got {raw!r}.")
    if name == "model_dir":
        return Path(text).expanduser()
    if name in ("basic_auth_pass", "database_url"):
        return (
            raw if name == "basic_auth_pass" else text
        )  # a password is taken as it is, spaces included
    if name == "allowed_hosts":
        return tuple(part for part in text.split(",") if part.strip())
    return text


_HOST_NAME = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")


def _host_names(hosts: object) -> tuple[str, ...]:
    """``ALLOWED_HOSTS`` entries, checked and normalised: lower-case, no brackets or trailing dot."""
    if isinstance(hosts, str) or not all(isinstance(h, str) for h in hosts):
        raise ValueError(f"ALLOWED_HOSTS must be a sequence of host names; got {hosts!r}.")
    names = []
    for entry in hosts:
        name = entry.strip().lower().rstrip(".")
        if name.startswith("[") and name.endswith("]"):
            name = name[1:-1]
        if not _is_ip_address(name) and not _HOST_NAME.fullmatch(name):
            raise ValueError(
                "ALLOWED_HOSTS must list host names or IP addresses separated by commas, "
                "without scheme, port or path (e.g. 'coding.example.org,10.0.0.5'); "
                f"got {entry!r}."
            )
        names.append(name)
    return tuple(dict.fromkeys(names))


def is_loopback(name: str) -> bool:
    """Whether a host name or address (no port, no brackets) is this machine's loopback:
    ``localhost``, ``127.0.0.0/8``, ``::1`` (or ``::ffff:127.x.y.z``). Always allowed as a
    ``Host``; the only addresses gunicorn may bind without Basic auth."""
    name = name.lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


_DATABASE_SCHEMES = ("postgresql://", "postgres://")


def _check_database_url(url: object) -> None:
    if not isinstance(url, str) or not url.startswith(_DATABASE_SCHEMES):
        shown = redact_url(url) if isinstance(url, str) else repr(url)
        raise ValueError(
            "BACKEND_DATABASE_URL must be a PostgreSQL URL, postgresql://user:password@host:port"
            f"/database (or unset, to keep the segments in MODEL_DIR); got {shown!r}."
        )


def redact_url(url: str) -> str:
    """``url`` with its password (``user:password@`` or ``?password=``) replaced by ``***``."""
    url = re.sub(r"^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*):[^/]*@", r"\1:***@", url)
    return re.sub(r"([?&]password=)[^&]*", r"\1***", url)
