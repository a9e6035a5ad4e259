"""The report's section "Use of AI assistance" (issue 12, section 4).

:func:`assistance_section` writes a paragraph a researcher can put in a methods section, and the
table behind it (``measure, figure, low, high``), from the backend's log (the encoder, model
version and withheld share each entry names: :mod:`ls_thematic.backend.suggestion_log`), its
audit (:func:`ls_thematic.scripts.audit.audit`) and, optionally, the model as a coder
(:func:`~ls_thematic.scripts.agreement.model_coder.compute_agreement_with_model`). Nothing is
computed twice: the figures and sentences are theirs (:func:`~..audit.summary_lines`, the
anchoring sentence, :func:`~..agreement.present.model_lines`). The paragraph counts coders and
never names them; the table's per-coder rows name them as the report does (pseudonyms when it
pseudonymises). Without a log the section says plainly that it cannot say how suggestions were
used.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Mapping, Sequence

import pandas as pd

from ls_thematic.label_config.errors import InputError

from ..agreement.model_coder import MODEL_CODER, compute_agreement_with_model
from ..agreement.present import model_lines
from ..audit import audit, summary_lines
from .anonymise import pseudonymised_coders

__all__ = ["AI_TABLE", "HEADING", "NO_LOG", "assistance_section", "report_assistance"]

#: The section's heading, and the name of its table (``tables/ai_assistance.csv``).
HEADING = "Use of AI assistance"
AI_TABLE = "ai_assistance"
#: What the section says when no suggestion log was given.
NO_LOG = (
    "No suggestion log was given, so this report cannot say how suggestions were used: on "
    "which transcripts they were shown, how many the coders kept, or whether the coders "
    "followed them. To report it, pass the backend's log to `ls-thematic report` with "
    "--model-dir DIR (the backend's MODEL_DIR) or --backend URL (the running backend)."
)
_KEYS = ("entries", "audit", "model_coder", "with_model", "source")


def _version() -> str:
    try:
        return importlib.metadata.version("ls-thematic")
    except importlib.metadata.PackageNotFoundError:
        return "(version unknown)"


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.0f}%"


def _distinct(entries: Sequence, key: str) -> list:
    values = (e.get(key) for e in entries if isinstance(e, Mapping))
    return list(dict.fromkeys(v for v in values if v not in (None, "")))


def _log_facts(entries: Sequence | None) -> dict:
    """What the log's entries say of the model: encoders, model versions, withheld shares."""
    entries = entries or []
    fractions = [f for f in _distinct(entries, "fraction") if isinstance(f, (int, float))]
    return {
        "encoders": [str(e) for e in _distinct(entries, "encoder")],
        "versions": [str(v) for v in _distinct(entries, "model_version")],
        "fractions": sorted(float(f) for f in fractions),
    }


# --------------------------------------------------------------------------- sentences
def _origin_sentence(facts: Mapping) -> str:
    encoder = "; ".join(facts["encoders"]) or "not recorded in the log"
    versions = ", ".join(facts["versions"]) or "not recorded"
    return (
        "Codes were suggested by a model running on the researcher's computer (the "
        f"ls-thematic {_version()} suggestion backend; sentence encoder {encoder}; model "
        f"version {versions}); no transcript was sent to an outside service."
    )


def _tasks_sentence(tasks: Mapping) -> str:
    text = (
        f"Suggestions were shown on {tasks['audited']} of "
        f"{_n(tasks['annotated'], 'coded transcript', 'coded transcripts')}"
    )
    if tasks["blind"]:
        text += (
            f"; the {_n(tasks['blind'], 'transcript', 'transcripts')} chosen for "
            "double-coding " + ("was" if tasks["blind"] == 1 else "were") + " coded without "
            "suggestions (blind double-coding)"
        )
    else:
        text += "; no transcript was coded blind (without suggestions)"
    if tasks["not_logged"]:
        text += (
            f"; {_n(tasks['not_logged'], 'transcript has', 'transcripts have')} no logged "
            "suggestion (coded before the backend was connected, or without it)"
        )
    return text + "."


def _acceptance_sentences(result: Mapping) -> list[str]:
    overall = result["acceptance"]["overall"]
    shown = overall["shown"]
    if not shown:
        return ["No suggested region was shown on the coded transcripts."]
    share = {k: overall[k] / shown for k in ("kept", "changed", "own", "removed")}
    return [
        f"Of {_n(shown, 'suggested region', 'suggested regions')}, coders kept "
        f"{_pct(share['kept'])} unchanged, changed {_pct(share['changed'])}, replaced "
        f"{_pct(share['own'])} with their own coding of the same code and removed "
        f"{_pct(share['removed'])}.",
        summary_lines(result)[1],  # the codes most often kept and removed
    ]


def _anchoring_sentence(result: Mapping, facts: Mapping) -> str:
    anchoring = result["anchoring"]
    fractions = facts["fractions"]
    if not fractions:
        share = "A random share"
    elif len(fractions) == 1:
        share = f"A random {_pct(fractions[0])}"
    else:
        share = f"A random {_pct(fractions[0])} to {_pct(fractions[-1])}"
    lead = (
        f"{share} of the units got no suggestion, as a control (the backend's "
        f"WITHHOLD_FRACTION): {anchoring['withheld']['units']} units withheld against "
        f"{anchoring['shown']['units']} shown. "
    )
    coders = len(result["coders"])
    tail = f" The table gives the figures of each of the {coders} coders." if coders > 1 else ""
    return lead + anchoring["sentence"] + tail


def _model_sentences(model: Mapping) -> list[str]:
    figures = model["model_coder"]
    lead = (
        "Cross-fitted as a coder (each transcript coded by a model fitted only on the other "
        f"participants' transcripts, {figures['folds']} folds, pre-filled as the backend "
        "does), the model was compared with the coders."
    )
    pairs = [p for p in figures["pairs"] if MODEL_CODER in (p["coder_a"], p["coder_b"])]
    kappas = [p["cohen_kappa"] for p in pairs if p["cohen_kappa"] is not None]
    if figures["equivalence"] is None and kappas:
        lead += f" Its mean Cohen's kappa with the coders is {sum(kappas) / len(kappas):.2f}."
    return [lead, *model_lines(model)[1:]]


# --------------------------------------------------------------------------- the table
def _row(measure: str, figure, low=None, high=None) -> dict:
    return {"measure": measure, "figure": figure, "low": low, "high": high}


def _ci_row(measure: str, figure: Mapping, key: str) -> dict:
    return _row(measure, figure[key], figure["low"], figure["high"])


def _audit_rows(result: Mapping, facts: Mapping, names: Mapping) -> list[dict]:
    tasks, anchoring = result["tasks"], result["anchoring"]
    overall = result["acceptance"]["overall"]
    rows = [
        _row("coded transcripts", tasks["annotated"]),
        _row("transcripts with suggestions shown", tasks["audited"]),
        _row("blind double-coded transcripts (no suggestions)", tasks["blind"]),
        _row("coded transcripts without logged suggestions", tasks["not_logged"]),
        _row("suggested regions", overall["shown"]),
        *[_row(f"suggested regions {k}", overall[k]) for k in ("kept", "changed", "own")],
        _row("suggested regions removed", overall["removed"]),
        _row("share of suggested regions kept unchanged", overall["kept_share"]),
        _row("share of suggested regions removed", overall["removed_share"]),
        *[_row("withheld share of units (WITHHOLD_FRACTION)", f) for f in facts["fractions"]],
        _row("units shown", anchoring["shown"]["units"]),
        _row("units withheld", anchoring["withheld"]["units"]),
    ]
    rows += [
        _ci_row(f"kappa model-coder, {k}", anchoring[k], "kappa") for k in ("shown", "withheld")
    ]
    rows.append(_ci_row("anchoring gap (shown - withheld)", anchoring["gap"], "difference"))
    for coder in result.get("per_coder", []):
        name = names.get(coder["coder"], coder["coder"])
        rows.append(_row(f"kept share, {name}", coder["acceptance"]["kept_share"]))
        rows.append(_ci_row(f"anchoring gap, {name}", coder["anchoring"]["gap"], "difference"))
    return rows


def _model_rows(model: Mapping) -> list[dict]:
    figures = model["model_coder"]
    rows = [
        _row("model as a coder: encoder", str(figures["encoder"])),
        _row("model as a coder: folds (participants)", figures["folds"]),
    ]
    equivalence = figures["equivalence"]
    if equivalence is not None:
        rows += [
            _row("mean kappa model-person", equivalence["model_human"]),
            _row("mean kappa person-person", equivalence["human_human"]),
            _ci_row("difference (model-person - person-person)", equivalence, "difference"),
            _row("equivalence margin", equivalence["margin"]),
            _row("equivalent within the margin", "yes" if equivalence["within"] else "no"),
        ]
    return rows


# --------------------------------------------------------------------------- the section
def assistance_section(
    entries: Sequence | None = None,
    audit_result: Mapping | None = None,
    model: Mapping | None = None,
    *,
    coder_names: Mapping[str, str] | None = None,
) -> dict:
    """The section "Use of AI assistance" from the log, its audit and the model as a coder.

    Parameters
    ----------
    entries : list of dict, optional
        The backend's log (encoders, model versions, withheld share); None: no log was given.
    audit_result : dict, optional
        :func:`~ls_thematic.scripts.audit.audit`'s result on that log.
    model : dict, optional
        :func:`~ls_thematic.scripts.agreement.model_coder.compute_agreement_with_model`'s
        result (its ``model_coder``).
    coder_names : dict, optional
        Coder (as the audit names them) -> name in the report (e.g. "Coder A").

    Returns
    -------
    dict
        ``paragraph`` (str) and ``table`` (DataFrame: ``measure, figure, low, high``; the
        interval, 95% bootstrap over transcripts, where the figure has one).
    """
    names = coder_names or {}
    if entries is None and audit_result is None:
        sentences, rows = [NO_LOG], [_row("suggestion log", "not given")]
    else:
        facts = _log_facts(entries)
        sentences = [_origin_sentence(facts)]
        rows = [
            _row("ls-thematic", _version()),
            _row("sentence encoder", "; ".join(facts["encoders"]) or "not recorded"),
            _row("model version", ", ".join(facts["versions"]) or "not recorded"),
        ]
        if audit_result is not None:
            sentences += [
                _tasks_sentence(audit_result["tasks"]),
                *_acceptance_sentences(audit_result),
                _anchoring_sentence(audit_result, facts),
            ]
            rows += _audit_rows(audit_result, facts, names)
    if model is not None:
        sentences += _model_sentences(model)
        rows += _model_rows(model)
    return {"paragraph": " ".join(sentences), "table": pd.DataFrame(rows)}


def _model_result(snapshot, encoder: str) -> dict:
    """The model as a coder on ``snapshot``, in turns when every task has them (else sentences)."""
    unit = "turns" if all((t.get("data") or {}).get("turns") for t in snapshot) else "sentences"
    _, result = compute_agreement_with_model(snapshot, encoder=encoder, unit=unit)
    return result


def report_assistance(snapshot, assistance, *, pseudonymise=False, salt=None, seed=None) -> dict:
    """:func:`assistance_section` for :func:`~.build.build_report`'s ``assistance``.

    ``assistance`` is the log's entries (a list), or a dict with any of ``entries`` (the log,
    or None: no log was given), ``audit`` (its audit, precomputed), ``model_coder`` (the
    model-as-coder result, precomputed) and ``with_model`` (an encoder: compute it here).
    ``snapshot`` is the original one (the log's offsets are its offsets); with
    ``pseudonymise``, per-coder rows name coders by their pseudonyms (``salt``, ``seed`` as
    the report's).

    Raises
    ------
    InputError
        ``assistance`` is neither, or the audit or the model as a coder cannot be computed.
    """
    if isinstance(assistance, (list, tuple)):
        assistance = {"entries": list(assistance)}
    if not isinstance(assistance, Mapping) or set(assistance) - set(_KEYS):
        raise InputError(
            f"assistance must be the suggestion log (a list of entries) or a dict with "
            f"{', '.join(_KEYS)}; got {type(assistance).__name__}"
            + (
                f" with {', '.join(map(str, assistance))}"
                if isinstance(assistance, Mapping)
                else ""
            )
            + "."
        )
    entries, result = assistance.get("entries"), assistance.get("audit")
    if result is None and entries is not None:
        result = audit(snapshot, entries)
    model = assistance.get("model_coder")
    if model is None and assistance.get("with_model"):
        model = _model_result(snapshot, assistance["with_model"])
    coders = list(result.get("coders", [])) if result is not None else []
    names = dict(zip(coders, coders, strict=True))
    if pseudonymise and coders:
        pseudonyms = pseudonymised_coders(coders, snapshot, pseudonymise, salt, seed=seed)
        names = dict(zip(coders, map(str, pseudonyms), strict=True))
    return assistance_section(entries, result, model, coder_names=names)
