"""A codebook as the suggester's plain inputs: the codes it may suggest and their prototypes.

:class:`~ls_thematic.backend.suggester.CodeSuggester` knows nothing of codebooks; it takes
``classes`` (the codes) and ``prototypes`` (example texts per code) in
:meth:`~ls_thematic.backend.suggester.CodeSuggester.fit`. The backend
(:mod:`ls_thematic.backend.model`) and the evaluation (:mod:`ls_thematic.scripts.evaluate`) turn
a codebook into those with :func:`codebook_fit_params`::

    CodeSuggester().fit(texts, codes, **codebook_fit_params(codebook))
"""

from __future__ import annotations

from ls_thematic.label_config.codebook import UNSURE, Codebook


def codebook_prototypes(codebook: Codebook) -> dict[str, list[str]]:
    """Each codable code's prototype texts, in codebook order.

    A code's prototypes are ``"<name>: <description>"`` (its name alone when it has no
    description), then its example extracts. The built-in "unsure" code has none.
    """
    out: dict[str, list[str]] = {}
    for code, _ in codebook.walk():
        if not code.codable or code.name == UNSURE:
            continue
        own = [f"{code.name}: {code.description}" if code.description else code.name]
        out.setdefault(code.name, []).extend(own + list(code.examples))
    return out


def codebook_fit_params(codebook: Codebook | None) -> dict:
    """The keyword arguments of ``CodeSuggester.fit`` a codebook gives.

    Returns
    -------
    dict
        ``{"classes": [...], "prototypes": {...}}``: every codable code is a class (coded
        segments may then only carry those codes) and :func:`codebook_prototypes` are the
        prototypes. ``{}`` for no codebook.
    """
    if codebook is None:
        return {}
    return {"classes": codebook.codable_names, "prototypes": codebook_prototypes(codebook)}
