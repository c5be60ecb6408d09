"""The offline inferrer's knowledge: every data file entry is valid, the package has no import
circles, its stages import only downwards, and importing it reads no data."""

from __future__ import annotations

import ast
import datetime as dt
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from generator.inference.build.draft import resolve
from generator.inference.knowledge import loader
from generator.inference.knowledge.loader import DATA, data_files, knowledge, read
from generator.registry import registry
from generator.schema import DatasetSchema, SchemaError

PACKAGE = Path(__file__).resolve().parent.parent / "generator" / "inference"
TODAY = dt.date(2025, 6, 15)
STAGES = ["knowledge", "read", "build", "sources"]  # each imports only the ones before it


def _typed_entries() -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(where, entry) for every entry that names a column type: concepts, domain columns, counts."""
    for path in data_files():
        data, name = read(path), path.relative_to(DATA).as_posix()
        for index, entry in enumerate(data.get("concept", []), 1):
            yield f"{name} concept #{index} ({entry.get('words', '')[:50]!r})", entry
            for unit, params in entry.get("in_units", {}).items():  # the range in another unit is a decimal column's
                yield f"{name} concept #{index} in_units {unit!r}", {"type": "decimal", "unit": unit, "params": params}
        for domain in data.get("domain", []):
            for index, column in enumerate(domain.get("columns", []), 1):
                if "type" in column or "params" in column:
                    yield f"{name} domain {domain.get('key')!r} column #{index} ({column.get('names')!r})", column
        for size, entry in data.get("counts", {}).items():
            if isinstance(entry, dict):
                yield f"{name} [counts] {size}", entry


def _problems(entry: Mapping[str, Any]) -> list[str]:
    column_type = registry().get(entry.get("type"))
    if column_type is None:
        return [f"unknown type {entry.get('type')!r}"]
    params = dict(entry.get("params", {}))
    unknown = sorted(set(params) - {p.name for p in column_type.params})
    if unknown:
        return [f"unknown params {unknown} for type {column_type.name}"]
    column = {"name": "column", "type": column_type.name, "null_rate": entry.get("null", 0.0), "unit": entry.get("unit", "")}
    column.update({key: resolve(key, value, column_type.name, TODAY) for key, value in params.items()})
    try:
        DatasetSchema.from_dict({"title": "check", "columns": [column]})
    except SchemaError as error:
        return [str(error)]
    return []


def test_every_typed_entry_has_a_registered_type_and_valid_params():
    mistakes = [f"{where}: {problem}" for where, entry in _typed_entries() for problem in _problems(entry)]
    assert not mistakes, "\n".join(mistakes)


def test_every_pattern_in_the_data_compiles_and_every_reference_resolves():
    built = knowledge()
    assert len(built.concepts) >= 600 and len(built.domains) >= 90
    goal_keys = {goal.key for goal in built.goals}
    domain_keys = [domain.key for domain in built.domains]
    assert len(domain_keys) == len(set(domain_keys)), "a domain key is used twice"
    assert set(built.famous_goals) <= set(domain_keys) and set(built.famous_goals.values()) <= goal_keys
    for key, entity in built.entities.items():
        assert set(entity.parents) <= set(built.entities), f"tables.toml entity {key!r}: unknown parent"
    dims = {unit.dim for _, _, unit in built.units.units}
    assert {concept.dim for concept in built.concepts if concept.dim} <= dims
    for pattern in [p for p, _, _ in built.units.units] + [p for _, _, p in ((0, 0, e) for e, *_ in built.date_pairs)]:
        re.compile(pattern)


def test_every_famous_relation_names_its_domain_s_template_columns():
    """A domain's `relations` (build/famous.py) refer to its templates by their first names."""
    mistakes = []
    for domain in knowledge().domains:
        firsts = {template.names[0] for template in domain.columns}
        for entry in domain.relations:
            named = [entry["column"], entry.get("depends_on"), (entry.get("present_when") or {}).get("column")]
            mistakes += [f"domain {domain.key!r} relation on {entry['column']!r}: no template {name!r}" for name in named if name and name not in firsts]
    assert not mistakes, "\n".join(mistakes)


def test_every_data_file_reads_the_same_with_the_standard_library():
    """The loader parses with rtoml, which also takes TOML 1.1; tomllib reading each file to the
    same data keeps the files plain TOML 1.0 that any reader takes alike."""
    for path in data_files():
        with path.open("rb") as handle:
            assert tomllib.load(handle) == read(path), path.relative_to(DATA)


def test_a_syntax_error_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "DATA", tmp_path)
    (tmp_path / "units.toml").write_text("[[unit]]\nwords = 'mm\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^units\.toml: "):
        read(tmp_path / "units.toml")


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The generator.inference modules a file imports, at any depth of the file ('from package
    import module' imports the module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator.inference"):
            for alias in node.names:
                found.add(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("generator.inference")}
    return found


def _graph() -> dict[str, set[str]]:
    paths = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent.parent).with_suffix("").parts
        paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return {name: _imports(path, set(paths)) - {name} for name, path in paths.items()}


def test_the_inference_package_has_no_import_circle():
    graph, state = _graph(), {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for other in sorted(graph[module]):
            assert state.get(other) != "open", " → ".join([*trail, module, other])
            if other not in state:
                visit(other, [*trail, module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_imports_only_the_stages_below_it(stage):
    later = [f"generator.inference.{s}" for s in STAGES[STAGES.index(stage) + 1 :]]
    for module, imported in _graph().items():
        if module.startswith(f"generator.inference.{stage}"):
            upward = [m for m in imported if any(m == s or m.startswith(s + ".") for s in later)]
            assert not upward, f"{module} imports {upward}"


def test_no_python_file_in_the_package_holds_a_lexicon():
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text()
        assert not re.search(r"^\s*(?:C|t|domain)\(", source, re.M), path
        assert len(source) < 20_000, f"{path} is {len(source)} characters"


def test_importing_the_package_reads_no_data_file():
    code = (
        "import builtins, io, sys\n"
        "opened = []\n"
        "real = io.open\n"
        "import pathlib\n"
        "original = pathlib.Path.open\n"
        "pathlib.Path.open = lambda self, *a, **k: (opened.append(str(self)), original(self, *a, **k))[1]\n"
        "import generator.inference.sources.offline, generator.inference.sources\n"
        "from generator.inference.knowledge import loader\n"
        "assert loader.knowledge.cache_info().currsize == 0, 'loaded at import'\n"
        "assert not [p for p in opened if p.endswith('.toml')], opened\n"
    )
    root = PACKAGE.parent.parent
    env_code = "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'synthsite.settings')\n" + code
    result = subprocess.run([sys.executable, "-c", env_code], cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
