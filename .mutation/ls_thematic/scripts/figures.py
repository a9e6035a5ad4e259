"""Figures of a write-up: the theme map, the theme x participant heatmap, agreement, saturation.

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot (no global
state; it renders with the Agg backend for PNG and the SVG backend for SVG);
:func:`save_figure` writes it as ``<stem>.png`` and ``<stem>.svg``, atomically. Text in the SVG
stays text (``svg.fonttype = none``), so the figures can be edited and searched.
"""

from __future__ import annotations

import io
import math
import os
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ls_thematic.label_config.codebook import UNSURE, Codebook
from ls_thematic.label_config.errors import ThematicError
from ls_thematic.label_config.fileio import atomic_write_bytes

from .themes import MARK, display_depth, matrix_participants

FIGURE_FORMATS = ("png", "svg")
#: Krippendorff's (2004) thresholds: alpha >= .800 reliable, >= .667 for tentative conclusions.
AGREEMENT_THRESHOLDS = ((0.667, "0.667: tentative"), (0.8, "0.800: reliable"))
_EMPTY_CELL = "#EFEFEF"
COEFFICIENT_LABELS = {
    "krippendorff_alpha": "Krippendorff's alpha (nominal)", "cohen_kappa": "Cohen's kappa",
    "fleiss_kappa": "Fleiss' kappa", "gwet_ac1": "Gwet's AC1",
    "percent_agreement": "percentage agreement",
}
#: Coefficient columns :func:`agreement_chart` looks for, in order (the agreement module's
#: ``per_code`` table has ``krippendorff_alpha``, ``cohen_kappa``, ...).
COEFFICIENT_COLUMNS = (
    "coefficient", "krippendorff_alpha", "alpha", "cohen_kappa", "kappa", "gwet_ac1",
    "percent_agreement", "value",
)


def save_figure(figure: Figure, stem: str | os.PathLike, dpi: int = 200) -> list[Path]:
    """Write ``figure`` as ``<stem>.png`` and ``<stem>.svg`` (atomically); returns the paths."""
    stem = Path(stem)
    paths = []
    for fmt in FIGURE_FORMATS:
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        with rc_context({"svg.fonttype": "none", "svg.hashsalt": "ls-thematic"}):
            figure.savefig(buffer, format=fmt, dpi=dpi, bbox_inches="tight", metadata=metadata)
        path = stem.with_suffix(f".{fmt}")
        atomic_write_bytes(path, buffer.getvalue())
        paths.append(path)
    return paths


def _tint(colour: str, amount: float) -> tuple[float, float, float]:
    """``colour`` mixed with white: amount 1 is the colour, 0 is white."""
    rgb = np.array(to_rgb(colour))
    return tuple(1 - amount * (1 - rgb))


def _ink(rgb) -> str:
    r, g, b = rgb
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.55 else "#1A1A1A"


# --------------------------------------------------------------------------- theme map
def _map_codes(book: Codebook, counts) -> list:
    used = set(counts or {})
    return [
        (code, path) for code, path in book.walk()
        if not (code.name == UNSURE and not code.children and UNSURE not in used)
    ]


def _floating(book: Codebook, codes: list) -> list[str]:
    """Codable top-level codes beside heading domains that relationship codes link to other
    codes (the thesis's Frustration): drawn between the codes they link."""
    related = {r.source for r in book.relationships} | {r.target for r in book.relationships}
    return [
        code.name for code, path in codes
        if len(path) == 1 and code.codable and not code.children and code.name in related
        and any(not c.codable for c in book.codes)
    ]


def _layout(book: Codebook, codes: list, floating: list[str]) -> tuple[dict, dict, float]:
    """``(column of each code, y slot of each code, slots used)``: leaves one after another in
    codebook order, parents centred on their children, a floating code beside its partners."""
    depth = {code.name: display_depth(book, code.name) for code, _ in codes}
    y: dict[str, float] = {}
    slot = 0

    def place(code) -> float:
        nonlocal slot
        if code.name in floating:
            return math.nan
        children = [c for c in code.children if c.name in depth]
        if not children:
            y[code.name] = slot
            slot += 1
        else:
            ys = [place(c) for c in children]
            y[code.name] = (ys[0] + ys[-1]) / 2
        return y[code.name]

    for code in book.codes:
        if code.name in depth and code.name not in floating:
            if slot:
                slot += 0.4  # a gap between the domains' groups
            place(code)
    for name in floating:
        partners = [r.target for r in book.relationships if r.source == name]
        partners += [r.source for r in book.relationships if r.target == name]
        partners = [p for p in partners if p in y]
        column = min((depth[p] for p in partners), default=depth[name])
        spot = np.mean([y[p] for p in partners]) if partners else slot
        clash = any(abs(y[n] - spot) < 1.2 for n in y if depth[n] == column and n != name)
        if clash or not partners:
            spot, slot = slot + 0.5, slot + 2
        y[name] = spot
        depth[name] = column
    return depth, y, slot


_COL_WIDTH, _BOX_WIDTH, _BOX_HEIGHT = 3.0, 2.6, 0.84


def _level_headers(ax, book: Codebook, codes: list, columns: int) -> None:
    """Each column's level name and its number of codes."""
    level_counts: dict[int, int] = {}
    for code, _ in codes:
        level_counts[display_depth(book, code.name)] = (
            level_counts.get(display_depth(book, code.name), 0) + 1
        )
    for level in range(columns):
        label = book.level_name(level).capitalize()
        ax.text(level * _COL_WIDTH + _BOX_WIDTH / 2, -1.1,
                f"{label} (N={level_counts.get(level, 0)})",
                ha="center", va="center", fontsize=9, fontweight="bold", color="#444444")


def _boxes(ax, book: Codebook, codes: list, depth: dict, y: dict, floating: list[str],
           counts, wrap: int) -> dict[str, FancyBboxPatch]:
    """One box per code in its colour (lighter when deeper), labelled with its name and N."""
    boxes: dict[str, FancyBboxPatch] = {}
    for code, _ in codes:
        name = code.name
        x = depth[name] * _COL_WIDTH
        level = display_depth(book, name)
        fill = _tint(book.colour_of(name), max(0.25, 1 - 0.25 * level))
        box = FancyBboxPatch(
            (x, y[name] - _BOX_HEIGHT / 2), _BOX_WIDTH, _BOX_HEIGHT,
            boxstyle="round,pad=0.02,rounding_size=0.12", facecolor=fill,
            edgecolor=book.colour_of(name), linewidth=1.6 if name in floating else 0.8,
            linestyle="--" if name in floating else "-",
        )
        ax.add_patch(box)
        boxes[name] = box
        label = "\n".join(textwrap.wrap(name, wrap)[:3])
        if counts is not None and name in counts:
            label += f"\nN = {counts[name]}"
        ax.text(x + _BOX_WIDTH / 2, y[name], label, ha="center", va="center",
                fontsize=7.5, color=_ink(fill), linespacing=1.1,
                fontweight="normal" if code.codable else "bold")
    return boxes


def _tree_edges(ax, codes: list, depth: dict, y: dict, floating: list[str]) -> None:
    """Parent's right edge to child's left edge, elbowed."""
    for code, path in codes:
        if len(path) < 2 or code.name in floating or path[-2] not in y:
            continue
        parent = path[-2]
        x0 = depth[parent] * _COL_WIDTH + _BOX_WIDTH
        x1 = depth[code.name] * _COL_WIDTH
        xm = (x0 + x1) / 2
        ax.plot([x0, xm, xm, x1], [y[parent], y[parent], y[code.name], y[code.name]],
                color="#9A9A9A", linewidth=0.8, zorder=0)


def _relationship_arrows(ax, book: Codebook, depth: dict, y: dict, boxes: dict) -> None:
    """Each relationship code as an arrow in its source's colour, labelled with its name."""
    for rel in book.relationships:
        if rel.source not in boxes or rel.target not in boxes:
            continue
        colour = book.colour_of(rel.source)
        same_column = depth[rel.source] == depth[rel.target]
        xa = depth[rel.source] * _COL_WIDTH + _BOX_WIDTH / 2
        xb = depth[rel.target] * _COL_WIDTH + _BOX_WIDTH / 2
        ax.add_patch(FancyArrowPatch(
            posA=(xa, y[rel.source]), posB=(xb, y[rel.target]), arrowstyle="-|>",
            mutation_scale=12, color=colour, linewidth=1.4,
            connectionstyle="arc3,rad=0.0" if same_column else "arc3,rad=0.25",
            patchA=boxes[rel.source], patchB=boxes[rel.target], zorder=3,
        ))
        ya = y[rel.source] + (y[rel.target] - y[rel.source]) * 0.5
        ax.text(xa + (xb - xa) / 2 + (0.08 if same_column else 0), ya,
                "\n".join(textwrap.wrap(rel.name, 22)), fontsize=6.5, color=colour,
                style="italic", ha="left", va="center", zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})


def theme_map(book: Codebook, counts: dict[str, int] | None = None, *,
              title: str | None = None, wrap: int = 24) -> Figure:
    """The codebook as a layered tree of boxes, like the thesis's Figure 3 (final theme map).

    Columns left to right are the hierarchy levels (domain, sub-domain, theme, sub-theme) with
    the number of codes at each level in the header; boxes take their code's colour, lighter
    for deeper levels, bold for headings. A codable top-level code that relationship codes link
    to other codes (the thesis's Frustration, which "connects the two main domains") is drawn
    between the codes it links, and every relationship code is a labelled arrow.

    Parameters
    ----------
    book : Codebook
    counts : dict, optional
        ``{code: participants endorsing it}``; shown as ``N = ...`` in each box.
    title : str, optional
    wrap : int
        Characters per line of a box's label.
    """
    codes = _map_codes(book, counts)
    floating = _floating(book, codes)
    depth, y, slot = _layout(book, codes, floating)
    columns = max(depth.values()) + 1
    rows = max(slot, max(y.values()) + 1)
    figure = Figure(figsize=(columns * 2.9 + 0.4, max(4.0, rows * 0.5 + 1.4)))
    if floating:
        figure.text(0.01, 0.005, "Dashed box: a theme drawn between the codes its relationship "
                    "codes link; arrows: relationship codes.", fontsize=7, color="#555555")
    ax = figure.add_axes([0.01, 0.01, 0.98, 0.98 if not title else 0.94])
    ax.set_xlim(-0.2, columns * _COL_WIDTH)
    ax.set_ylim(rows + 0.3, -1.6)
    ax.axis("off")
    if title:
        figure.suptitle(title, fontsize=12, fontweight="bold")
    _level_headers(ax, book, codes, columns)
    boxes = _boxes(ax, book, codes, depth, y, floating, counts, wrap)
    _tree_edges(ax, codes, depth, y, floating)
    _relationship_arrows(ax, book, depth, y, boxes)
    return figure


# --------------------------------------------------------------------------- heatmap
def participant_heatmap(matrix: pd.DataFrame, book: Codebook, *, title: str | None = None,
                        segment_counts: pd.DataFrame | None = None) -> Figure:
    """The theme x participant matrix as a grid: a cell takes the code's colour when the
    participant endorses it; headings are bold and their rows paler; N is printed at the right.

    Parameters
    ----------
    matrix : DataFrame
        :func:`~ls_thematic.scripts.themes.theme_participant_matrix`.
    segment_counts : DataFrame, optional
        code x participant numbers of segments, printed in the cells.
    """
    participants = matrix_participants(matrix)
    n_rows, n_cols = len(matrix), len(participants)
    image = np.ones((n_rows, max(n_cols, 1), 3))
    for i, row in enumerate(matrix.itertuples(index=False)):
        code = row.code
        strength = 0.45 if not book.code(code).codable else 1.0
        colour = _tint(book.colour_of(code), strength)
        for j, pid in enumerate(participants):
            marked = matrix.iloc[i][pid] == MARK
            image[i, j] = colour if marked else to_rgb(_EMPTY_CELL)
    longest = max((len(str(p)) for p in participants), default=0)
    figure = Figure(figsize=(3.8 + 0.34 * n_cols + 0.5, 1.2 + 0.3 * n_rows + 0.05 * longest))
    ax = figure.add_subplot(1, 1, 1)
    ax.imshow(image, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(n_cols), participants, fontsize=7.5,
                  rotation=90 if longest * n_cols > 80 else 0)
    labels = ["   " * int(d) + c for c, d in zip(matrix["code"], matrix["depth"], strict=True)]
    ax.set_yticks(range(n_rows), labels, fontsize=7.5)
    for tick, codable in zip(ax.get_yticklabels(), matrix["codable"], strict=True):
        tick.set_fontweight("normal" if codable else "bold")
        tick.set_horizontalalignment("left")
    ax.tick_params(axis="y", pad=max(len(s) for s in labels) * 4.3 if labels else 0, length=0)
    ax.tick_params(axis="x", length=0, top=True, labeltop=True, bottom=False, labelbottom=False)
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for i, n in enumerate(matrix["N"]):
        ax.text(n_cols - 0.5 + 0.35, i, str(int(n)), va="center", ha="left", fontsize=7.5)
    ax.text(n_cols - 0.5 + 0.35, -0.9, "N", va="bottom", ha="left", fontsize=7.5,
            fontweight="bold")
    if segment_counts is not None:
        for i, code in enumerate(matrix["code"]):
            for j, pid in enumerate(participants):
                if code in segment_counts.index and pid in segment_counts.columns:
                    value = segment_counts.at[code, pid]
                    if value:
                        ax.text(j, i, str(int(value)), ha="center", va="center", fontsize=6,
                                color=_ink(image[i, j]))
    if title:
        ax.set_title(title, fontsize=11, fontweight="bold", pad=24)
    return figure


# --------------------------------------------------------------------------- agreement
def agreement_chart(table: pd.DataFrame, book: Codebook | None = None, *,
                    code_column: str = "code", value_column: str | None = None,
                    title: str | None = None, xlabel: str | None = None) -> Figure:
    """A horizontal bar per code with its agreement coefficient.

    Parameters
    ----------
    table : DataFrame
        One row per code: a ``code`` column and a coefficient column (by default the first of
        :data:`COEFFICIENT_COLUMNS` present); optional ``ci_low``/``ci_high`` give
        error bars. A missing coefficient (NaN) is shown as "n/a".
    book : Codebook, optional
        Orders the codes as the codebook does and colours the bars.
    title, xlabel : str, optional
        The x label defaults to the coefficient's name; say the unit there.
    """
    if code_column not in table.columns:
        raise ThematicError(
            f"The agreement table has no {code_column!r} column; it has: "
            f"{', '.join(map(str, table.columns))}."
        )
    if value_column is None:
        value_column = next((c for c in COEFFICIENT_COLUMNS if c in table.columns), None)
    if value_column is None or value_column not in table.columns:
        raise ThematicError(
            "The agreement table has no coefficient column (one of "
            f"{', '.join(COEFFICIENT_COLUMNS)}); it has: {', '.join(map(str, table.columns))}."
        )
    frame = table.copy()
    if book is not None:
        order = {name: i for i, name in enumerate(book.names)}
        frame["_order"] = frame[code_column].map(lambda c: order.get(c, len(order)))
        frame = frame.sort_values("_order", kind="stable")
    codes = frame[code_column].astype(str).tolist()
    values = pd.to_numeric(frame[value_column], errors="coerce").to_numpy(dtype=float)
    colours = [
        book.colour_of(c) if book is not None and c in book.names else "#4E79A7" for c in codes
    ]
    figure = Figure(figsize=(7.5, 1.0 + 0.32 * max(len(codes), 1)))
    ax = figure.add_subplot(1, 1, 1)
    positions = np.arange(len(codes))
    ax.barh(positions, np.nan_to_num(values), color=colours, height=0.65)
    if {"ci_low", "ci_high"} <= set(frame.columns):
        low = pd.to_numeric(frame["ci_low"], errors="coerce").to_numpy(dtype=float)
        high = pd.to_numeric(frame["ci_high"], errors="coerce").to_numpy(dtype=float)
        ok = ~(np.isnan(low) | np.isnan(high) | np.isnan(values))
        ax.errorbar(values[ok], positions[ok],
                    xerr=[values[ok] - low[ok], high[ok] - values[ok]],
                    fmt="none", ecolor="#333333", elinewidth=0.8, capsize=2)
    finite = values[~np.isnan(values)]
    left = min(0.0, float(finite.min()) - 0.05) if finite.size else 0.0
    for position, value in zip(positions, values, strict=True):
        if np.isnan(value):
            ax.text(max(left, 0) + 0.01, position, "n/a", va="center", fontsize=7.5,
                    color="#666666")
        else:
            ax.text(value + 0.01 if value >= 0 else 0.01, position, f"{value:.3f}",
                    va="center", fontsize=7.5)
    for threshold, label in AGREEMENT_THRESHOLDS:
        ax.axvline(threshold, color="#888888", linestyle="--", linewidth=0.8)
        # each label right of its line, so two close thresholds never overlap
        ax.text(threshold + 0.005, -0.75, label.split(": ")[1], fontsize=7, color="#555555",
                ha="left", va="center")
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_xlim(left, 1.1)
    ax.set_xticks([t for t in np.arange(0, 1.01, 0.2) if t >= left - 1e-9])
    ax.set_yticks(positions, codes, fontsize=8)
    ax.set_ylim(len(codes) - 0.5, -1.2)
    ax.set_xlabel(xlabel or COEFFICIENT_LABELS.get(value_column, value_column), fontsize=9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, fontsize=11, fontweight="bold")
    figure.tight_layout()
    return figure


# --------------------------------------------------------------------------- saturation
def saturation_chart(table: pd.DataFrame, *, title: str | None = None) -> Figure:
    """New and cumulative codes per transcript in coding order (from
    :func:`~ls_thematic.scripts.themes.saturation`)."""
    figure = Figure(figsize=(7, 3.6))
    ax = figure.add_subplot(1, 1, 1)
    positions = table["position"].to_numpy()
    ax.bar(positions, table["new_codes"], color="#F28E2B", label="new codes")
    ax.plot(positions, table["cumulative_codes"], color="#4E79A7", marker="o",
            label="codes so far")
    ax.set_xticks(positions, table["participant"].astype(str), fontsize=8,
                  rotation=90 if len(positions) > 20 else 0)
    ax.set_xlabel("transcript, in coding order", fontsize=9)
    ax.set_ylabel("codes", fontsize=9)
    ax.legend(frameon=False, fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, fontsize=11, fontweight="bold")
    figure.tight_layout()
    return figure
