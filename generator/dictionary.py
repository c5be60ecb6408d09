"""The data dictionary of a schema: what each column means, what values it holds and how it is
made, plus what reproduces the file (schema id, rows, seed, generator version). Built as a dict
for the page and rendered as Markdown for download."""

from __future__ import annotations

from typing import Any

from generator import series
from generator.relations import describe as describe_relations
from generator.column_types import ColumnType, registry
from generator.forms import LOCALE_NAMES
from generator.schema import Column, DatasetSchema
from synthsite import __version__


def dictionary_build(*, schema: DatasetSchema, rows: int, seed: int, permalink: str = "") -> dict[str, Any]:
    layout = series.plan(schema)
    keys = series.key_columns(layout, rows) if layout else {}
    return {
        "title": schema.title,
        "schema_id": schema.schema_id,
        "rows": rows,
        "seed": seed,
        "locale": schema.locale,
        "locale_name": LOCALE_NAMES.get(schema.locale, schema.locale),
        "version": __version__,
        "permalink": permalink,
        "columns": [_column(column, registry().get(column.type), schema.locale, keys.get(column.name)) for column in schema.columns],
        "series": series.describe(layout, rows) if layout else "",
        "events": series.planted_events(schema.columns, layout, rows) if layout else [],
    }


def _column(column: Column, column_type: ColumnType, locale: str, key: tuple[str, str] | None = None) -> dict[str, Any]:
    values, generated = key or column_type.explain(column.params) or (values_text(column), generation_text(column, column_type, locale))
    return {
        "name": column.name,
        "type": column.type,
        "group": column_type.group,
        "meaning": column.description or column_type.description,
        "unit": column.unit,
        "values": values,
        "null_rate": column.null_rate,
        "null_percent": _percent(column.null_rate),
        "generated": generated,
    }


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else str(value)


def _percent(rate: float) -> str:
    text = f"{rate * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def values_text(column: Column) -> str:
    """The range, values, weights or true rate of a column, in words ("" when the type decides)."""
    p = column.params
    unit = f" {column.unit}" if column.unit else ""
    if p.get("drivers"):
        return _target_values(p)
    if p.get("expression"):
        return f"{p.get('kind') or 'number'} values" + (f", {p['decimals']} decimals" if p.get("kind") == "number" else "")
    if p.get("after"):
        return f"{_num(p['min_days'])} to {_num(p['max_days'])} days after {p['after']}"
    if "values" in p:
        return _weighted(p["values"], p.get("weights"))
    if "true_rate" in p:
        return f"true in {_percent(p['true_rate'])} of rows, else false"
    if "min" in p and "max" in p:
        text = f"{_num(p['min'])} to {_num(p['max'])}{unit}"
        return text + (f", {p['decimals']} decimals" if "decimals" in p else "")
    if "step" in p:
        return f"{_num(p['start'])}, {_num(p['start'] + p['step'])}, {_num(p['start'] + 2 * p['step'])}, … (unique)"
    if "start" in p and "end" in p:
        return f"{p['start']} to {p['end']}"
    if "pattern" in p:
        return f"pattern {p['pattern']} (# a digit, ? a letter, * either)"
    return ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in p.items() if value is not None)


def _weighted(values: list[str], weights: list[float] | None) -> str:
    if not weights:
        return ", ".join(values) + " (equally likely)"
    total = sum(weights)
    return ", ".join(f"{value} ({_percent(weight / total)})" for value, weight in zip(values, weights))


def _target_values(p: dict[str, Any]) -> str:
    if p["task"] == "binary":
        return f"true in about {_percent(p['rate'])} of rows"
    if p["task"] == "multiclass":
        return _weighted(p["classes"], p.get("weights"))
    return f"numbers around {_num(p['mean'])}, {p['decimals']} decimals"


def _driver_text(driver: dict[str, Any]) -> str:
    effect = f"{driver['effect']:+g}"
    what = f"{driver['column']} = {driver['value']}" if "value" in driver else f"{driver['column']} (per standard deviation)"
    return what + (f" towards {driver['class']}" if "class" in driver else "") + f": {effect}"


def generation_text(column: Column, column_type: ColumnType, locale: str) -> str:
    """How the values are made, in one sentence."""
    p = column.params
    text = _generation(p, column, column_type, locale)
    if column.correlate_with:
        text += f" Ordered to follow {column.correlate_with} (rank correlation about {column.correlation:g})."
    return " ".join([text, *describe_relations(column.relations, column.kind)])


def _generation(p: dict[str, Any], column: Column, column_type: ColumnType, locale: str) -> str:
    if p.get("drivers"):
        scale = "log-odds" if p["task"] != "numeric" else "units of the target"
        drivers = "; ".join(_driver_text(d) for d in p["drivers"])
        return f"Planted answer key: a known function of {drivers} ({scale}), plus noise."
    if p.get("expression"):
        return f"Computed from the row: {p['expression']}."
    if p.get("after"):
        return f"A random number of days after {p['after']} in the same row."
    if "distribution" in p:
        shape = [f"mean {_num(p['mean'])}"] if p.get("mean") is not None else []
        shape += [f"standard deviation {_num(p['std'])}"] if p.get("std") is not None else []
        extra = f" ({', '.join(shape)})" if shape else ""
        return f"Random draws from a {p['distribution']} distribution{extra}, kept between min and max."
    if "values" in p:
        return "Random pick from the values" + (", with the weights shown." if p.get("weights") else ", each equally likely.")
    if "true_rate" in p:
        return "Random true/false with the given chance of true."
    if "step" in p:
        return "A sequence numbering the rows."
    if ("min" in p and "max" in p) or ("start" in p and "end" in p):
        return "Random values within the range."
    if column_type.kind == "string":
        return f"Drawn by the {column.type} type from realistic {locale} values."
    return f"Made by the {column.type} type."


def _cell(text: Any) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def dictionary_markdown(dictionary: dict[str, Any]) -> str:
    d = dictionary
    lines = [
        f"# Data dictionary: {_cell(d['title'])}",
        "",
        f"- Rows: {d['rows']:,}",
        f"- Seed: {d['seed']}",
        f"- Schema id: `{d['schema_id']}`",
        f"- Locale: {d['locale_name']} ({d['locale']})",
        f"- Generated by synthsite {d['version']}: synthetic data; no row describes a real person.",
    ]
    if d["permalink"]:
        lines.append(f"- Download: <{d['permalink']}> (the same link always gives the same file)")
    lines += [
        "",
        "| column | type | meaning | unit | values | nulls | how it is generated |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for c in d["columns"]:
        cells = [f"`{c['name']}`", c["type"], c["meaning"], c["unit"], c["values"], c["null_percent"], c["generated"]]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines + _series_lines(d)) + "\n"


def _series_lines(d: dict[str, Any]) -> list[str]:
    """The series' layout and the answer key of its planted events."""
    if not d.get("series"):
        return []
    lines = ["", "## Series", "", _cell(d["series"])]
    if d["events"]:
        lines += ["", "### Planted events (answer key)", "",
                  f"{len(d['events']):,} events{' (the first listed)' if len(d['events']) >= 1000 else ''}; entity k is the k-th entity of the first period (file row k + 1); size is the change as a share (0.5: +50%).", "",
                  "| column | kind | time | entity | file row | size |", "| --- | --- | --- | --- | --- | --- |"]
        lines += [f"| `{e['column']}` | {e['kind']}{' for ' + str(e['length']) + ' periods' if e.get('length', 1) > 1 else ''} | {e['time']} | {e['entity']} | {e['row']:,} | {e['size']:+g} |" for e in d["events"]]
    return lines
