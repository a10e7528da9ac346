"""pyproject.toml is the source of truth; environment.yml must list the same packages and bounds."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT

_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _parse(spec: str) -> tuple[str, str]:
    m = _REQ.match(spec)
    assert m, spec
    return _norm(m.group(1)), m.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return dict(_parse(s) for s in specs)


def environment_requirements() -> dict[str, str]:
    found: dict[str, str] = {}
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("\ndependencies:", 1)[1].splitlines():
        m = re.match(r"^\s+-\s+(?!pip:)(.+?)\s*$", line)
        if not m or m.group(1).startswith(("-e", "#")):
            continue
        name, bound = _parse(m.group(1))
        if name not in {"python", "pip"}:
            found[name] = bound
    return found


def test_environment_yml_mirrors_pyproject():
    assert environment_requirements() == pyproject_requirements()


def test_parser_sees_every_section():
    env = environment_requirements()
    assert env["vietnamadminunits"] == ">=1.0"  # from the pip: section
    assert env["matplotlib"] == ">=3.9,<3.13"
    assert "pytest" in env
