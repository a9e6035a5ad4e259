"""Worst-case time of the sentence rule on adversarial task texts (issue 9, item 3).

Each input is a pattern repeated to ``chars`` characters (1 MB by default): runs of full stops,
``!?``, ellipses, quotes and brackets, whitespace, abbreviations and initials, the shapes that
make a backtracking regular expression quadratic. Timed: ``split_sentences`` of the whole text
(the import and agreement path) and ``split_units`` (the backend's units: paragraphs, sentences,
short ones merged, long ones cut), one run each. The rule must stay well under 1 s per input.

Run: ``python benchmarks/reliability_text.py [--chars N]`` prints the table;
``bench_reliability.py`` puts the rows into ``docs/reliability.md``.
"""

from __future__ import annotations

import argparse
import time

from ls_thematic.backend.segment import split_units
from ls_thematic.label_config.text import split_sentences

#: Description -> (prefix, repeated pattern). The first two are the inputs of the issue.
ADVERSARIAL: dict[str, tuple[str, str]] = {
    '"P1: " then full stops': ("P1: ", "."),
    '"!?" repeated': ("", "!?"),
    '"…" repeated': ("", "…"),
    '"..." then a space, repeated': ("", "... "),
    "full stops then closing brackets": ("", "." * 1000 + ")" * 1000),
    "closing quotes after a full stop": ("", ".\u201d\u2019\"')]" * 10),
    "opening quotes and brackets": ("", "\u201c(['"),
    '"." then a space, repeated': ("", ". "),
    '"A. " repeated (one-letter sentences)': ("", "A. "),
    '"Dr. " repeated (abbreviations)': ("", "Dr. "),
    "one word, no whitespace": ("", "a"),
    "spaces only": ("", " "),
    "line breaks only": ("", "\n"),
    "a line break then spaces, no blank line": ("", "\n" + " " * 999),
    "a full stop then 1,000 spaces, repeated": ("", "x." + " " * 1000),
}


def adversarial_text(description: str, chars: int) -> str:
    """The input ``description`` (a key of :data:`ADVERSARIAL`), exactly ``chars`` long."""
    prefix, pattern = ADVERSARIAL[description]
    repeats = (chars - len(prefix)) // len(pattern) + 1
    return (prefix + pattern * repeats)[:chars]


def worst_case_text(chars: int = 1_000_000) -> list[dict]:
    """Time the sentence rule and the backend's units on every adversarial input.

    Returns
    -------
    list of dict
        One row per input: ``input`` (description), ``chars``, ``seconds`` (wall clock),
        ``cpu_seconds`` and ``sentences`` (``split_sentences`` of the whole text; on a loaded
        machine the CPU time is the fairer figure), ``units_seconds`` and ``units``
        (``split_units`` of the text without turns).
    """
    rows = []
    for description in ADVERSARIAL:
        text = adversarial_text(description, chars)
        started, cpu_started = time.perf_counter(), time.process_time()
        sentences = split_sentences(text)
        split, cpu_split = time.perf_counter(), time.process_time()
        units = split_units(text)
        done = time.perf_counter()
        rows.append(
            {
                "input": description,
                "chars": len(text),
                "seconds": split - started,
                "sentences": len(sentences),
                "cpu_seconds": cpu_split - cpu_started,
                "units_seconds": done - split,
                "units": len(units),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000, help="length of each input")
    args = parser.parse_args(argv)
    rows = worst_case_text(args.chars)
    print(
        f"{'input':45} {'chars':>10} {'split s':>8} {'sentences':>10} {'units s':>8} {'units':>8}"
    )
    for row in rows:
        print(
            f"{row['input']:45} {row['chars']:>10,} {row['seconds']:>8.3f} {row['sentences']:>10,} "
            f"{row['units_seconds']:>8.3f} {row['units']:>8,}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
