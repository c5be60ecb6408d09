"""Multi-table datasets as one download: a zip of CSVs (with datapackage.json foreign keys and
a data dictionary per table) or one SQL script creating and filling every table.

The engine makes each table's chunks (generator.engine.generate_tables); these writers only
consume them, parents first.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator

from generator.engine import Chunks
from generator.tables import MultiTableSchema, Table
from generator.writers.archive import Sink, data_entry, zip_entry
from generator.writers.datapackage import package_build, resource_build
from generator.writers.dictionary import dictionary_build, dictionary_markdown
from generator.writers.sql import create_table, insert_statements, script_head
from generator.writers.text import csv_stream

TableChunks = list[tuple[Table, Chunks]]


def foreign_keys(schema: MultiTableSchema, table: Table) -> list[tuple[str, str, str]]:
    """(column, parent table, parent's key column): validation made sure each parent has a key."""
    found = []
    for column, parent in table.references():
        parent_table = schema.table(parent)
        key = parent_table.key() if parent_table else None
        assert key is not None, parent
        found.append((column, parent, key))
    return found


def multi_zip_stream(schema: MultiTableSchema, tables: TableChunks, *, rows: int, seed: int, answers: bool = False) -> Iterator[bytes]:
    """The tables' CSVs, then the documents; `seed` is the one the documents name (the
    instructor's, for a student's file). Planted effects only with `answers`."""
    sink = Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table, chunks in tables:
            with archive.open(data_entry(f"{table.name}.csv"), "w", force_zip64=True) as entry:
                for piece in csv_stream(table.schema, chunks):
                    entry.write(piece)
                    yield sink.take()
        _write_documents(archive, schema, rows=rows, seed=seed, answers=answers)
    yield sink.take()


def _write_documents(archive: zipfile.ZipFile, schema: MultiTableSchema, *, rows: int, seed: int, answers: bool) -> None:
    resources = [resource_build(schema=t.schema, name=t.name, path=f"{t.name}.csv", foreign_keys=foreign_keys(schema, t), answers=answers) for t in schema.tables]
    package = package_build(schema=schema, resources=resources, rows=rows, seed=seed, answers=answers)
    archive.writestr(zip_entry("datapackage.json"), json.dumps(package, indent=2, ensure_ascii=False))
    archive.writestr(zip_entry("dictionary.md"), multi_dictionary_markdown(schema, rows=rows, seed=seed, answers=answers))


def multi_dictionary_markdown(schema: MultiTableSchema, *, rows: int, seed: int, answers: bool = False) -> str:
    """The tables and their row counts, the relationships, then each table's data dictionary
    (student-safe unless `answers`)."""
    counts = schema.row_counts(rows)
    parts = [f"# {schema.title}\n\nTables: " + ", ".join(f"{t.name} ({counts[t.name]:,} rows)" for t in schema.tables) + "\n"]
    parts += [_relations(schema)]
    parts += [dictionary_markdown(dictionary_build(schema=t.schema, rows=counts[t.name], seed=seed, answers=answers)) for t in schema.tables]
    return "\n\n".join(parts)


def _relations(schema: MultiTableSchema) -> str:
    lines = [f"- {t.name}.{column} → {parent}.{key}" for t in schema.tables for column, parent, key in foreign_keys(schema, t)]
    return "## Relationships\n\n" + ("\n".join(lines) if lines else "none") + "\n"


def multi_sql_stream(schema: MultiTableSchema, tables: TableChunks, *, dialect: str) -> Iterator[bytes]:
    """Tables are dropped children first, then created and filled parents first, so every foreign
    key resolves as it is inserted."""
    creates = [(table.name, create_table(table.schema, dialect, table.name, foreign_keys(schema, table))) for table, _ in tables]
    yield script_head(schema.title, dialect, creates).encode()
    for table, chunks in tables:
        yield from insert_statements(table.schema, table.name, chunks)
    yield b"COMMIT;\n"
