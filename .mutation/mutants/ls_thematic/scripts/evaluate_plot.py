"""The learning curve of :func:`ls_thematic.scripts.evaluate.learning_curve` as a figure.

:func:`curve_figure` draws it on a :class:`~matplotlib.figure.Figure` (no pyplot state);
:func:`save_plot` writes it as PNG or SVG, atomically.
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator

from ls_thematic.label_config.fileio import atomic_write_bytes

from .evaluate import MEASURE_LABELS, EvaluationError

PLOT_FORMATS = ("png", "svg")
_COLOURS = {"micro_f1": "#4E79A7", "macro_f1": "#F28E2B", "top1": "#59A14F", "top3": "#B07AA1"}
_MARKERS = {"micro_f1": "o", "macro_f1": "s", "top1": "o", "top3": "s"}


def curve_figure(result: dict, title: str | None = None) -> Figure:
    """The learning curve as a :class:`~matplotlib.figure.Figure` (no pyplot state).

    Two panels share the x axis (training segments, doubling): left, how right the codes it
    would suggest are (micro- and macro-F1); right, how often a right code is first or among
    the first three of its ranking. Lines are means over repeats, bands one standard deviation.
    """
    curve = result["curve"]
    summary = result["summary"]
    x = curve["n_train"].to_numpy(dtype=float)
    figure = Figure(figsize=(10, 4.4), layout="constrained")
    axes = figure.subplots(1, 2, sharex=True)
    panels = (
        (axes[0], ("micro_f1", "macro_f1"), "Are the suggested codes right?", "F1 (1 = perfect)"),
        (
            axes[1],
            ("top1", "top3"),
            "Is a right code at the top of the list?",
            "share of held-out segments",
        ),
    )
    for ax, measures_, heading, ylabel in panels:
        _draw_measures(ax, x, curve, measures_)
        _end_labels(ax, x, curve, measures_)
        ax.set_title(heading, fontsize=11)
        ax.set_ylabel(ylabel)
        ax.set_ylim(0, 1.02)
        ax.grid(True, color="#DDDDDD", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="lower right", frameon=False)
        _size_axis(ax, x, curve)
    figure.suptitle(
        title or "Code suggestions on held-out transcripts",
        fontsize=13,
        fontweight="bold",
    )
    figure.text(
        0.5,
        -0.02,
        f"{summary['segments']:,} coded segments, {summary['transcripts']:,} transcripts; "
        f"about {100 * summary['test_share']:.0f}% held out as whole transcripts; "
        f"mean of {summary['repeats']} split(s), band ±1 sd.\nMacro-F1 averages "
        f"{summary['codes_scored']} scored codes; dashed: always proposing the 3 most "
        "frequent codes.",
        ha="center",
        va="top",
        fontsize=9,
        color="#555555",
    )
    return figure


def _draw_measures(ax, x: np.ndarray, curve: pd.DataFrame, measures_) -> None:
    """Each measure's mean line and ±1 sd band; beside top-3 hit, the frequent-codes baseline."""
    for measure in measures_:
        y = curve[measure].to_numpy(dtype=float)
        sd = np.nan_to_num(curve[f"{measure}_sd"].to_numpy(dtype=float))
        colour = _COLOURS[measure]
        ax.fill_between(
            x,
            np.clip(y - sd, 0, 1),
            np.clip(y + sd, 0, 1),
            color=colour,
            alpha=0.15,
            linewidth=0,
        )
        ax.plot(
            x,
            y,
            marker=_MARKERS[measure],
            color=colour,
            linewidth=2,
            label=MEASURE_LABELS[measure],
        )
    if "top3" in measures_:
        ax.plot(
            x,
            curve["top3_frequent"].to_numpy(dtype=float),
            linestyle="--",
            color="#888888",
            linewidth=1.3,
            label="top-3 hit, most frequent codes",
        )


def _size_axis(ax, x: np.ndarray, curve: pd.DataFrame) -> None:
    """The x axis: training segments on a doubling scale, one tick per size, the last "all"."""
    ax.set_xlabel("coded segments learned from")
    if len(x) > 1 and x.min() > 0:
        ax.set_xscale("log", base=2)
        ax.set_xlim(x.min() / 1.25, x.max() * 1.45)
    ax.xaxis.set_major_locator(FixedLocator(x))
    ax.xaxis.set_minor_locator(NullLocator())
    ticks = [f"{v:,.0f}" for v in x]
    if len(ticks) and curve["size"].iloc[-1] == "all":
        ticks[-1] = f"all\n{ticks[-1]}"
    for i in range(len(ticks) - 1):  # a size too close to "all" for two labels
        if x[i + 1] < 1.3 * x[i]:
            ticks[i] = ""
    ax.set_xticks(x, ticks)
    ax.tick_params(axis="x", labelsize=8)


def _end_labels(ax, x, curve: pd.DataFrame, measures_) -> None:
    """Write each line's last value at its right end, nudged apart when they would overlap."""
    ends = [
        (float(curve[m].iloc[-1]), m)
        for m in measures_
        if len(curve) and not math.isnan(curve[m].iloc[-1])
    ]
    ends.sort()
    offsets = [0.0] * len(ends)
    for i in range(1, len(ends)):
        if ends[i][0] - ends[i - 1][0] < 0.05:
            offsets[i - 1] -= 5
            offsets[i] += 5
    for (value, measure), dy in zip(ends, offsets, strict=True):
        ax.annotate(
            f"{value:.2f}",
            (x[-1], value),
            xytext=(7, dy),
            textcoords="offset points",
            va="center",
            fontsize=9,
            color=_COLOURS[measure],
        )


def save_plot(figure: Figure, path: str | os.PathLike, dpi: int = 150) -> Path:
    """Write ``figure`` to ``path`` atomically, as PNG or SVG by its suffix."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise EvaluationError(
            f"Cannot write a plot to {path}: unknown suffix {path.suffix or '(none)'!r}; "
            f"allowed: {', '.join('.' + f for f in PLOT_FORMATS)}."
        )
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "ls-thematic"}):
        figure.savefig(buffer, format=fmt, dpi=dpi, bbox_inches="tight", metadata=metadata)
    atomic_write_bytes(path, buffer.getvalue())
    return path
