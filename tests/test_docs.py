"""Keep the docs true: every README command is known to a test, and every command has --help."""

from __future__ import annotations

import re
import shlex
import subprocess

import click
import pytest
from click.testing import CliRunner

from ls_thematic.scripts.cli import main

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


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


OFFLINE_PREFIXES = ("ls-thematic validate", "ls-thematic render", "ls-thematic convert",
                    "ls-thematic qdc", "ls-thematic --help")


def runs_offline(command: str) -> bool:
    """A README command that needs no server: a codebook command, or one reading a snapshot file."""
    return command.startswith(OFFLINE_PREFIXES) or (
        command.startswith("ls-thematic ") and "--snapshot" in command
    )


def test_readme_offline_commands_run_in_order(tmp_path, monkeypatch):
    """README commands that need no server run as written, in order, from a copy of the repo."""
    import shutil

    commands = [c for c in readme_commands() if runs_offline(c)]
    assert len(commands) >= 5, "the README shows too few offline ls-thematic commands"
    runner = CliRunner()
    shutil.copytree(REPO / "label_config", tmp_path / "label_config")
    monkeypatch.chdir(tmp_path)
    for command in commands:
        result = runner.invoke(main, shlex.split(command)[1:])
        assert result.exit_code == 0, f"{command}\n{result.output}"
