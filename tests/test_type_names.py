"""A column type is known in one place: its class under generator/types/ (and the registry's list).

No other module of generator/ names a built-in type in a string literal: writers, messy mode,
the documents, SQL, the schema and tables ask the type (generator.column_types.ColumnType).
"""

from __future__ import annotations

import ast
from pathlib import Path

from generator.column_types import VALUE_KINDS
from generator.registry import registry

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
# The types themselves and the registry's list are where type names belong. generator/inference/
# is being moved into data files on another branch (its vocabularies name the types they
# suggest); it is left out here until that lands.
OWNERS = ("types", "registry.py", "inference", "migrations")
# Words that spell a type's name but mean something else in one module.
OTHER_MEANINGS = {"expressions.py": {"year", "month", "weekday"}}  # date-part functions of expressions


def type_names_in(path: Path) -> set[str]:
    """Built-in type names in the string literals of `path`.

    Value kinds (integer, date, …) are a vocabulary of their own, shared by the types and the
    writers, and the keys of dict displays name fields of a document (OpenAPI's "url", a
    Frictionless foreign key's "reference"), so neither is counted.
    """
    names = set(registry().names()) - set(VALUE_KINDS)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    keys = {id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict) for key in node.keys}
    literals = (node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and id(node) not in keys)
    found = {value for value in literals if isinstance(value, str) and value in names}
    return found - OTHER_MEANINGS.get(path.name, set())


def checked_files() -> list[Path]:
    return [p for p in sorted(GENERATOR.rglob("*.py")) if p.relative_to(GENERATOR).parts[0] not in OWNERS]


def test_no_module_outside_the_types_names_a_built_in_type():
    """Adding a type is one class and one registry entry: nothing else lists type names."""
    found = {str(path.relative_to(GENERATOR.parent)): sorted(names) for path in checked_files() if (names := type_names_in(path))}
    assert not found, "modules naming built-in types (ask the ColumnType instead): " + "; ".join(f"{f}: {', '.join(n)}" for f, n in found.items())


def test_the_check_finds_a_type_name(tmp_path):
    """The check itself reads literals: a module comparing with a type name is found."""
    source = tmp_path / "writer.py"
    source.write_text('def is_key(column):\n    return column.type == "id"\n', encoding="utf-8")
    assert type_names_in(source) == {"id"}
    assert len(checked_files()) > 20
