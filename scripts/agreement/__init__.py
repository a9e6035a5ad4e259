"""Inter-coder agreement for thematic coding, computed from Label Studio JSON exports.

One module per job; this package re-exports their public names:

- :mod:`.coefficients`: one function per coefficient (percent agreement, Cohen's, Fleiss'
  kappa, Krippendorff's alpha, Gwet's AC1, Brennan-Prediger; Campbell's rule on binary items);
- :mod:`.export`: who coded which span of which task (:func:`coder_of`);
- :mod:`.units`: the unit schemes (turns, sentences, bracketed passages, overlap segments,
  characters, code presence) as :class:`Units`;
- :mod:`.report`: :func:`agreement_report` (overall, per code, per level, coder x coder,
  disagreements) and :func:`campbell_percent_agreement`;
- :mod:`.negotiate`: the disagreements file and :func:`negotiated_agreement`;
- :mod:`.lse`: Label Studio Enterprise's per-task agreement;
- :mod:`.compute`: :func:`compute_agreement`, what ``ls-thematic agreement`` computes;
- :mod:`.present`: its result as JSON, a terminal table, Markdown or CSV;
- :mod:`.bootstrap`: intervals over transcripts (paired: every figure on the same resamples) and
  the equivalence check;
- :mod:`.model_coder`: the model as one more coder, cross-fitted (``agreement --with-model``;
  imported on demand, since it needs the backend's estimator);
- :mod:`.categorical`: the categorical view of mutually exclusive codes;
- :mod:`.unitizing`: Krippendorff's unitizing alphas (u-alpha, |u-alpha, cu-alpha, (k)u-alpha)
  over the spans as coded.

Nothing but :mod:`.present` rounds; nothing prints. See docs/agreement.md.
"""

from .coefficients import (
    agreement_terms,
    brennan_prediger,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    rating_counts,
)
from .compute import compute_agreement, unit_options
from .errors import AgreementError
from .export import coder_of
from .lse import label_studio_task_agreement
from .negotiate import negotiated_agreement, read_disagreements, write_disagreements
from .present import format_agreement, result_dict
from .report import agreement_report, campbell_percent_agreement
from .unitizing import unitizing_alphas
from .units import (
    UNIT_SCHEMES,
    Units,
    bracketed_units,
    character_units,
    overlap_units,
    presence_units,
    reliability_data,
    sentence_units,
    split_sentences,
    turn_units,
    units_from_export,
)

__all__ = [
    "UNIT_SCHEMES",
    "AgreementError",
    "Units",
    "agreement_report",
    "agreement_terms",
    "bracketed_units",
    "brennan_prediger",
    "campbell_percent_agreement",
    "character_units",
    "coder_of",
    "cohen_kappa",
    "compute_agreement",
    "fleiss_kappa",
    "format_agreement",
    "gwet_ac1",
    "krippendorff_alpha",
    "label_studio_task_agreement",
    "negotiated_agreement",
    "overlap_units",
    "percent_agreement",
    "presence_units",
    "rating_counts",
    "read_disagreements",
    "reliability_data",
    "result_dict",
    "sentence_units",
    "split_sentences",
    "turn_units",
    "unit_options",
    "unitizing_alphas",
    "units_from_export",
    "write_disagreements",
]
