"""The README's "Recipes" section stays true: every block is run and its printed output compared.

The section lies between ``<!-- recipes:start -->`` and ``<!-- recipes:end -->``. A ```` ```python ````
block is followed by a ```` ```text ```` block holding what it prints; the blocks run in order in one
namespace, as in a notebook. A ```` ```console ```` block holds ``$ cchc …`` lines, each followed by its
output. Everything runs in a scratch folder holding a fresh ``cchc ingest`` of ``data/raw`` under
``data/processed`` (and an empty ``reports/``), as a user's checkout would after ``make report``.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.cli import main
from tests.conftest import RAW, ROOT

README = ROOT / "README.md"
START, END = "<!-- recipes:start -->", "<!-- recipes:end -->"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\s*$", re.M | re.S)

#: What the section must show a recipe for: text that must appear in its python blocks.
VERBS = [
    "cchc.aggregate(",
    "cchc.rank(",
    "cchc.compare(",
    "cchc.profile(",
    "cchc.strengths_weaknesses(",
    "cchc.drilldown(",
    "cchc.gap_to_rank(",
    "cchc.progress(",
    "cchc.add_bands(",
    "cchc.papi_quartiles(",
    "cchc.group_means(",
    "cchc.trend(",
    "cchc.diff(",
    "fmt.",
    "cchc.narrative(",
    "cchc.export_xlsx(",
    ".cchc.compare(2023, 2022)",
]


@dataclass
class Recipe:
    """One code block and the output the README shows for it."""

    kind: str  # "python" or "console"
    code: str
    expected: str


def section(text: str) -> str:
    """The recipes section of the README text."""
    assert text.count(START) == 1 and text.count(END) == 1, "the recipe markers must appear once each"
    start, end = text.index(START), text.index(END)
    assert start < end
    return text[start + len(START) : end]


def recipes(text: str) -> list[Recipe]:
    """The recipes of a section, in order (a python block must be followed by a text block)."""
    fences = [(m.group(1), m.group(2)) for m in FENCE.finditer(text)]
    found = []
    for i, (lang, body) in enumerate(fences):
        if lang == "python":
            assert i + 1 < len(fences) and fences[i + 1][0] == "text", (
                f"python block {body[:60]!r} has no ```text block after it"
            )
            found.append(Recipe("python", body, fences[i + 1][1]))
        elif lang == "console":
            for command, output in re.findall(r"^\$ (.+)\n((?:(?!\$ ).*\n?)*)", body, re.M):
                found.append(Recipe("console", command, output))
        else:
            assert lang == "text", f"unexpected block language {lang!r} in the recipes section"
    return found


def normal(text: str) -> str:
    """Output compared line by line, trailing spaces and blank lines at the end ignored."""
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def run(recipe: Recipe, namespace: dict) -> str:
    """Run one recipe in ``namespace`` and return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        if recipe.kind == "python":
            exec(compile(recipe.code, "README.md recipe", "exec"), namespace)
        else:
            argv = shlex.split(recipe.code)
            assert argv[0] == "cchc", recipe.code
            assert main(argv[1:]) == 0, recipe.code
    return out.getvalue()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A scratch project folder: data/raw (linked), data/processed (ingested now), reports/."""
    root = tmp_path_factory.mktemp("recipes")
    (root / "data").mkdir()
    (root / "data" / "raw").symlink_to(RAW, target_is_directory=True)
    (root / "reports").mkdir()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["ingest", str(RAW), "--out", str(root / "data" / "processed"), "-q"]) == 0
    here = Path.cwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(here)


@pytest.fixture(scope="module")
def readme_recipes() -> list[Recipe]:
    return recipes(section(README.read_text(encoding="utf-8")))


def test_section_sits_before_development_and_says_what_is_simulated():
    text = README.read_text(encoding="utf-8")
    part = section(text)
    assert text.index(END) < text.index("## Development")
    assert part.lstrip().startswith("## Recipes")
    assert "Dữ liệu mô phỏng" in part and "Hòa Sơn" in part


def test_every_verb_has_a_recipe(readme_recipes):
    code = "\n".join(r.code for r in readme_recipes if r.kind == "python")
    assert [v for v in VERBS if v not in code] == []
    commands = [r.code for r in readme_recipes if r.kind == "console"]
    assert any(c.startswith("cchc compare ") for c in commands)
    assert all(r.expected.strip() for r in readme_recipes), "every recipe shows its output"


def test_recipes_print_what_the_readme_shows(workdir, readme_recipes):
    namespace: dict = {"__name__": "__readme__"}
    with pd.option_context(
        "display.precision", 6, "display.max_columns", 20, "display.width", 80, "display.max_colwidth", 50
    ):
        for recipe in readme_recipes:
            got, want = normal(run(recipe, namespace)), normal(recipe.expected)
            if got != want:
                diff = "\n".join(
                    difflib.unified_diff(want.splitlines(), got.splitlines(), "README", "ran", lineterm="")
                )
                pytest.fail(f"the README's output for\n{recipe.code}\nis out of date:\n{diff}")
    assert (workdir / "reports").is_dir()


def test_parser_pairs_blocks_and_reports_a_missing_output():
    text = (
        "\n```python\nprint(1)\n```\n\n```text\n1\n```\n"
        '\n```console\n$ cchc compare --index PAPI --year 2020\nA\nB\n$ cchc read "x y.csv"\nC\n```\n'
    )
    found = recipes(text)
    assert [(r.kind, r.code, r.expected) for r in found] == [
        ("python", "print(1)\n", "1\n"),
        ("console", "cchc compare --index PAPI --year 2020", "A\nB\n"),
        ("console", 'cchc read "x y.csv"', "C\n"),
    ]
    with pytest.raises(AssertionError, match="has no ```text block"):
        recipes("```python\nprint(1)\n```\n")
    assert normal("a  \nb\n\n") == "a\nb"
