"""Figures: theme map, heatmap, agreement and saturation charts, written as PNG and SVG."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Text

from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.errors import ThematicError
from ls_thematic.scripts.figures import (
    agreement_chart,
    participant_heatmap,
    saturation_chart,
    save_figure,
    theme_map,
)
from ls_thematic.scripts.snapshot import segments
from ls_thematic.scripts.themes import saturation, theme_participant_matrix

from .writeup_data import demo_snapshot, table2_marks, thesis_book


@pytest.fixture(scope="module")
def book():
    return thesis_book()


@pytest.fixture(scope="module")
def counts():
    _, _, published = table2_marks()
    return published


def _texts(figure):
    FigureCanvasAgg(figure)
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    return renderer, [t for t in ax.findobj(Text) if t.get_text().strip() and t.get_visible()
                      and t.axes is ax]


def test_theme_map_draws_every_code_and_relationship(book, counts):
    figure = theme_map(book, counts, title="Theme map")
    ax = figure.axes[0]
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(boxes) == len(book.names) - 1  # the unused "Unsure – revisit" is left out
    assert len(arrows) == len(book.relationships) == 2
    labels = " ".join(t.get_text() for t in ax.texts)
    for name in ("Patients' motivation", "Last bit is worst", "Frustration"):
        assert name.split()[0] in labels
    assert "N = 16" in labels  # Afraid to reduce
    assert "Frustration –" in labels  # relationship code names on the arrows
    dashed = [b for b in boxes if b.get_linestyle() not in ("-", "solid")]
    assert len(dashed) == 1  # Frustration, drawn between the domains it links


def test_theme_map_labels_do_not_overlap_and_fit_their_boxes(book, counts):
    figure = theme_map(book, counts)
    renderer, texts = _texts(figure)
    extents = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    for (a, ea), (b, eb) in itertools.combinations(extents, 2):
        assert not ea.overlaps(eb), f"{a!r} overlaps {b!r}"
    ax = figure.axes[0]
    box_extents = [p.get_window_extent(renderer) for p in ax.patches if isinstance(p, FancyBboxPatch)]
    for text in texts:
        if text.get_text().startswith(("Domain", "Sub-domain", "Theme", "Sub-theme", "Frustration –")):
            continue  # column headers and arrow labels sit outside the boxes
        extent = text.get_window_extent(renderer)
        assert any(box.x0 <= extent.x0 and extent.x1 <= box.x1 and box.y0 <= extent.y0
                   and extent.y1 <= box.y1 for box in box_extents), text.get_text()


def test_boxes_do_not_overlap(book, counts):
    figure = theme_map(book, counts)
    renderer, _ = _texts(figure)
    boxes = [p.get_window_extent(renderer) for p in figure.axes[0].patches
             if isinstance(p, FancyBboxPatch)]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_flat_codebook_map():
    book = Codebook.from_dict({"title": "Flat", "codes": [{"name": "One"}, {"name": "Two"}]})
    figure = theme_map(book, {"One": 3, "Two": 1})
    assert len([p for p in figure.axes[0].patches if isinstance(p, FancyBboxPatch)]) == 2


def test_heatmap_cells_follow_the_matrix(book):
    seg = segments(demo_snapshot(book))
    matrix = theme_participant_matrix(seg, book)
    figure = participant_heatmap(matrix, book)
    ax = figure.axes[0]
    image = ax.images[0].get_array()
    assert image.shape[:2] == (len(matrix), 6)
    empty = np.array([0xEF, 0xEF, 0xEF]) / 255
    for i in range(len(matrix)):
        for j, pid in enumerate(["P4", "P5", "P8", "P9", "P11", "P13"]):
            marked = matrix.iloc[i][pid] == "x"
            assert marked != np.allclose(image[i, j], empty)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["P4", "P5", "P8", "P9", "P11", "P13"]
    n_texts = [t.get_text() for t in ax.texts][:-1]
    assert n_texts == [str(n) for n in matrix["N"]]


def test_agreement_chart(book):
    table = pd.DataFrame({"code": ["Psychology", "Afraid to reduce", "Frustration"],
                          "krippendorff_alpha": [0.5, 0.9, np.nan]})
    figure = agreement_chart(table, book, xlabel="alpha; unit: turn")
    ax = figure.axes[0]
    # codebook order, values printed, NaN shown as n/a
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Afraid to reduce", "Psychology", "Frustration"]
    texts = [t.get_text() for t in ax.texts]
    assert {"0.900", "0.500", "n/a"} <= set(texts)
    assert ax.get_xlabel() == "alpha; unit: turn"
    renderer, labels = _texts(figure)
    extents = [t.get_window_extent(renderer) for t in labels]
    for a, b in itertools.combinations(extents, 2):
        assert not a.overlaps(b)
    with pytest.raises(ThematicError, match="no coefficient column"):
        agreement_chart(pd.DataFrame({"code": ["a"], "x": [1]}))
    with pytest.raises(ThematicError, match="no 'code' column"):
        agreement_chart(pd.DataFrame({"name": ["a"], "kappa": [1]}))


def test_save_png_and_svg_with_text(book, counts, tmp_path):
    seg = segments(demo_snapshot(book))
    paths = save_figure(saturation_chart(saturation(seg)), tmp_path / "saturation")
    assert [p.name for p in paths] == ["saturation.png", "saturation.svg"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    paths = save_figure(theme_map(book, counts), tmp_path / "map")
    svg = paths[1].read_text(encoding="utf-8")
    assert "Reduction gets stuck" in svg  # text stays text
    assert list(tmp_path.iterdir()) and not any(p.name.startswith(".") for p in tmp_path.iterdir())
