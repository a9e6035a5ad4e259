"""Keep the docs true: every README command is known to a test, and every command has --help."""

from __future__ import annotations

import csv
import json
import re
import shlex
import shutil
import subprocess
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from lxml import etree

from ls_thematic.label_config.codebook import UNSURE
from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.qdpx import PROJECT_NAMESPACE

from .conftest import EXAMPLES, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
DEMO_SNAPSHOT = EXAMPLES / "demo_snapshot.json"
THEMES = "ls-thematic themes --snapshot label_config/examples/demo_snapshot.json"
QDE = {"q": PROJECT_NAMESPACE}


def readme_commands() -> list[str]:
    """Lines of the README's ```bash blocks, without prompts and comments."""
    commands = []
    for block in re.findall(r"```(?:bash|sh|console)\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ").strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def all_commands(group: click.Group, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("path", list(all_commands(main)), ids=" ".join)
def test_every_command_has_help(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert main.get_command  # the group itself
    # Every command documents itself in one sentence at least.
    assert len(result.output.split("\n\n")[1].strip()) > 10


def test_readme_shows_the_two_setup_commands():
    commands = readme_commands()
    assert "make up" in commands and "make test" in commands


def test_every_cli_command_is_in_the_readme():
    for path in all_commands(main):
        assert f"ls-thematic {' '.join(path)}" in README, f"README does not mention ls-thematic {' '.join(path)}"


def test_makefile_and_ci_wire_the_readme_commands():
    makefile = (REPO / "Makefile").read_text()
    for target in ("up:", "down:", "test:"):
        assert re.search(rf"^{target}", makefile, flags=re.M), target
    assert "make test" in (REPO / ".ci" / "run").read_text()
    dry = subprocess.run(["make", "-n", "test"], cwd=REPO, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert "pytest" in dry.stdout


def test_every_make_command_of_the_readme_is_a_target_some_test_runs():
    makefile = (REPO / "Makefile").read_text()
    sources = [p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("*.py")]
    for command in [c for c in readme_commands() if c.startswith("make ")]:
        target = command.split()[1]
        assert re.search(rf"^{re.escape(target)}:", makefile, flags=re.M), command
        if target == "test":
            continue  # .ci/run runs it (test_makefile_and_ci_wire_the_readme_commands)
        runs = [t for t in sources if f'"{target}"' in t and '"make"' in t]
        assert runs, f"no test runs `{command}` (a test should call make with {target!r})"


def test_the_readmes_torch_index_reaches_the_torch_install_only():
    (command,) = [c for c in readme_commands() if "TORCH_INDEX_URL=" in c]
    index = command.split("TORCH_INDEX_URL=", 1)[1].split()[0]
    assert command.startswith("make up ") and index == "https://download.pytorch.org/whl/cpu"
    # -B: print the install commands even where the environment exists; -n: run nothing
    dry = subprocess.run(["make", "-n", "-B", ".venv/.installed", f"TORCH_INDEX_URL={index}"],
                         cwd=REPO, capture_output=True, text=True)  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    pip_lines = [line for line in dry.stdout.splitlines() if "pip install" in line]
    assert [line for line in pip_lines if "--index-url" in line] == [
        f".venv/bin/pip install -q torch==2.13.0 --index-url {index}"
    ]
    plain = subprocess.run(["make", "-n", "-B", ".venv/.installed"], cwd=REPO,
                           capture_output=True, text=True)  # fmt: skip
    assert "--index-url" not in plain.stdout


OFFLINE_PREFIXES = ("ls-thematic validate", "ls-thematic render", "ls-thematic convert",
                    "ls-thematic qdc", "ls-thematic --help")


def runs_offline(command: str) -> bool:
    """A README command that needs no server: a codebook command, or one reading a snapshot file."""
    return command.startswith(OFFLINE_PREFIXES) or (
        command.startswith("ls-thematic ") and "--snapshot" in command
    )


@pytest.fixture(scope="module")
def offline_run(tmp_path_factory) -> tuple[Path, dict[str, Result]]:
    """Run the README's offline commands as written, in order, from a copy of the repo's
    ``label_config/``; return the folder they ran in and each command's result."""
    commands = [c for c in readme_commands() if runs_offline(c)]
    assert len(commands) >= 5, "the README shows too few offline ls-thematic commands"
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(REPO / "label_config", folder / "label_config")
    runner = CliRunner()
    results: dict[str, Result] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        for command in commands:
            results[command] = runner.invoke(main, shlex.split(command)[1:])
    return folder, results


def readme_command(results: dict[str, Result], *words: str) -> Result:
    """The result of the one README command that holds every word."""
    found = [c for c in results if all(w in c.split() for w in words)]
    assert len(found) == 1, f"{words} should pick one README command; they pick {found}"
    return results[found[0]]


def test_readme_offline_commands_run_in_order(offline_run):
    """README commands that need no server run as written, in order, from a copy of the repo."""
    _, results = offline_run
    for command, result in results.items():
        assert result.exit_code == 0, f"{command}\n{result.output}"


# --------------------------------------------------------------------------- values, not exit codes
def reconciled_annotations(document: dict) -> list[tuple[dict, dict]]:
    """``(task, annotation)`` per task as the analysis commands count it by default: the
    ground-truth annotation, else the latest; cancelled annotations never count."""
    chosen = []
    for task in document["tasks"]:
        kept = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        truth = [a for a in kept if a.get("ground_truth")]
        if truth or kept:
            latest = max(kept, key=lambda a: (a.get("updated_at") or a.get("created_at") or "", a["id"]))
            chosen.append((task, truth[-1] if truth else latest))
    return chosen


def demo_endorsers(document: dict, book) -> dict[str, set[str]]:
    """``{code: participants}`` straight from the snapshot's spans: a codable code counts its
    own spans, a heading any span of a code beneath it."""
    own: dict[str, set[str]] = {name: set() for name in book.names}
    for task, annotation in reconciled_annotations(document):
        for result in annotation.get("result") or []:
            if result.get("type") == "labels":
                for code in result["value"]["labels"]:
                    own[code].add(task["data"]["participant"])

    def under(code) -> set[str]:
        return set().union(own[code.name], *(under(child) for child in code.children))

    return {code.name: own[code.name] if code.codable else under(code) for code, _ in book.walk()}


def test_readme_themes_shows_the_n_of_the_demo_snapshot(offline_run):
    _, results = offline_run
    assert results[THEMES].exit_code == 0, results[THEMES].output
    output = results[THEMES].output
    document = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    book = load_codebook(EXAMPLES / "thesis_codebook.yaml")
    expected = demo_endorsers(document, book)
    assert expected["Afraid to reduce"] and len(expected["The work is more complicated"]) == 6
    for name, who in expected.items():
        row = re.search(rf"^ *{re.escape(name)}((?: +x)*) +(\d+) *$", output, flags=re.M)
        if name == UNSURE and not who:
            assert not row, "the built-in Unsure code is shown only when used"
            continue
        assert row, f"no row for {name!r} in:\n{output}"
        assert int(row.group(2)) == len(who), name
        assert row.group(1).split().count("x") == len(who), name


def test_readme_segments_table_counts_the_demo_spans(offline_run):
    """`--table segments --origin manual`: each codable code's N is its spans in the reconciled
    annotations (the demo has no accepted suggestions, so every count of them is 0)."""
    _, results = offline_run
    output = readme_command(results, "segments", "--origin").output
    document = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    book = load_codebook(EXAMPLES / "thesis_codebook.yaml")
    spans: dict[str, int] = {code.name: 0 for code, _ in book.walk()}
    for _, annotation in reconciled_annotations(document):
        for result in annotation.get("result") or []:
            if result.get("type") == "labels":
                for code in result["value"]["labels"]:
                    spans[code] += 1
    assert spans["Always the answer"] == 2
    for code, _ in book.walk():
        if not code.codable:
            continue
        row = re.search(rf"^ *{re.escape(code.name)} +(\d+) +(\d+) *$", output, flags=re.M)
        if code.name == UNSURE and not spans[code.name]:
            continue
        assert row, f"no row for {code.name!r} in:\n{output}"
        assert (int(row.group(1)), int(row.group(2))) == (spans[code.name], 0), code.name


def test_readme_shows_the_plain_themes_command_once(offline_run):
    _, results = offline_run
    plain = [c for c in results if c.split()[1] == "themes" and len(c.split()) == 4]
    assert plain == [THEMES]


@pytest.mark.parametrize("folder", ["write-up", "write-up-anonymised"])
def test_readme_report_keeps_every_memo_whole(offline_run, folder):
    where, _ = offline_run
    document = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    memos = [
        "\n".join(result["value"]["text"])
        for _, annotation in reconciled_annotations(document)
        for result in annotation["result"] if result["type"] == "textarea"
    ]
    assert len(memos) == 3
    out = where / folder
    with open(out / "tables" / "segments.csv", encoding="utf-8", newline="") as handle:
        in_table = {row["memo"] for row in csv.DictReader(handle)}
    with zipfile.ZipFile(out / "project.qdpx") as archive:
        root = etree.fromstring(archive.read("project.qde"))
    notes = [n.findtext("q:PlainTextContent", namespaces=QDE)
             for n in root.iterfind("q:Notes/q:Note", QDE)]
    for memo in memos:
        assert memo in in_table, memo
        assert memo in notes, memo
    assert len(notes) == len(memos)


# The demo's agreement: 57 of the 64 (turn) units coded identically by the two coders (89.1%),
# and 63 of 64 after the negotiation in demo_negotiated.csv (98.4%, 6 of 7 resolved).
INITIAL, NEGOTIATED = 57 / 64, 63 / 64


def test_readme_agreement_shows_the_demo_figures(offline_run):
    where, results = offline_run
    output = readme_command(results, "agreement", "--negotiated").output
    assert "units coded identically: 89.1% (57 of 64)" in output
    assert "Negotiated agreement: 98.4% (initial 89.1%; 6 of 7 disagreements resolved)" in output
    command = next(c for c in results if "--negotiated" in c.split())
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(where)
        result = CliRunner().invoke(main, [*shlex.split(command)[1:], "--format", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["unit"] == "turns"
    assert document["n_tasks"] == 2
    assert document["overall"]["n_units"] == 64
    assert document["overall"]["n_units_agreed"] == 57
    assert document["overall"]["unit_agreement"] == pytest.approx(INITIAL, abs=1e-12)
    negotiated = document["negotiated"]
    assert negotiated["initial_agreement"] == pytest.approx(INITIAL, abs=1e-12)
    assert negotiated["negotiated_agreement"] == pytest.approx(NEGOTIATED, abs=1e-12)
    assert (negotiated["n_disagreements"], negotiated["n_resolved"]) == (7, 6)


def test_readme_agreement_with_the_model_as_a_coder(offline_run):
    """The README's --with-model run (the real MiniLM): the model is one more coder of the six
    coded transcripts, said to be cross-fitted, with the equivalence check."""
    _, results = offline_run
    output = " ".join(readme_command(results, "agreement", "--with-model").output.split())
    assert "'model' is a cross-fitted model, not a person: each of the 6 coded transcripts" in output
    assert "(encoder minilm) fitted only on the other participants' transcripts (6 folds" in output
    assert "Equivalence check: mean kappa model-person" in output
    assert "(paired bootstrap over the 2 transcript(s) two or more people coded)" in output


def test_readme_agreement_json_states_its_unit_and_level(offline_run):
    _, results = offline_run
    result = readme_command(results, "agreement", "--format", "json")
    document = json.loads(result.stdout)
    assert document["unit"] == "sentences" and document["level"] == "theme"
    assert document["n_tasks"] == 2
    assert 0 < document["overall"]["unit_agreement"] <= 1
