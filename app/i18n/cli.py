"""`flask translate extract|update|compile|init`: the documented way to change the catalogs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parent.parent.parent
POT = ROOT / "translations" / "messages.pot"

translate_cli = AppGroup("translate", help="Extract, update and compile the translation catalogs.")


def _pybabel(*args: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    if subprocess.call(command, cwd=ROOT) != 0:
        raise click.ClickException("pybabel " + " ".join(args) + " failed")


def _extract() -> None:
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
             "-o", str(POT), ".")


@translate_cli.command("update")
def update_command() -> None:
    """Extract the strings and merge them into every catalog."""
    _extract()
    _pybabel("update", "-i", str(POT), "-d", "translations", "--no-fuzzy-matching", "--ignore-obsolete")


@translate_cli.command("compile")
def compile_command() -> None:
    """Compile the catalogs to .mo files (the app reads those)."""
    _pybabel("compile", "-d", "translations", "--statistics")


@translate_cli.command("init")
@click.argument("language")
def init_command(language: str) -> None:
    """Start a catalog for a new language."""
    _extract()
    _pybabel("init", "-i", str(POT), "-d", "translations", "-l", language)
