"""Tables said as code, rewritten to the sentence per table ('jumps: id, skater_id, score') that
build/structure.py reads: SQL ('CREATE TABLE jumps (id INT PRIMARY KEY, skater_id INT REFERENCES
skaters(id), …)'), JSON ('{"toys": ["toy_name", "age_range"], "loans": {"toy_id": …}}') and file
names ('members.csv has member id, name, …; climbs.csv has …'). The words of data/structure.toml
say which SQL words are types and constraints and which names are files."""

from __future__ import annotations

import re
from functools import cache

from generator.inference.build.things import phrase, phrases

_CREATE = re.compile(r"\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?[`\"\[]?([a-z_][\w.]*)[`\"\]]?\s*\(", re.I)
_JSON_LIST = re.compile(r"\"([a-z_][\w ]*)\"\s*:\s*\[([^\[\]{}]*)\]", re.I)
_JSON_OBJECT = re.compile(r"\"([a-z_][\w ]*)\"\s*:\s*\{([^{}]*)\}", re.I)
_QUOTED = re.compile(r"\"([^\"]+)\"")
_KEY = re.compile(r"\"([^\"]+)\"\s*:")


def code_said(text: str) -> str:
    """The text with tables said as code written as one sentence per table."""
    return _files(_json(_sql(text)))


def _sql(text: str) -> str:
    found = list(_CREATE.finditer(text))
    if not found:
        return text
    sentences, rest, at = [], [], 0
    for match in found:
        end = _closing(text, match.end())
        if end is None:
            return text
        columns = [_column(piece) for piece in _top_level(text[match.end() : end])]
        sentences.append(f"{_name(match.group(1))}: {', '.join(c for c in columns if c)}")
        rest.append(text[at : match.start()])
        at = end + 1
    rest.append(text[at:])
    before = " ".join(piece.strip(" ;,.") for piece in rest if piece.strip(" ;,."))
    return ". ".join([*([before] if before else []), *sentences])


def _closing(text: str, start: int) -> int | None:
    depth = 1
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return None


def _top_level(inside: str) -> list[str]:
    pieces, depth, current = [], 0, ""
    for char in inside:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += char
    return [*pieces, current]


def _column(definition: str) -> str:
    """A column definition's name ('skater_id INT REFERENCES skaters(id)' → skater_id); nothing for
    a table-level constraint."""
    definition = definition.strip()
    if not definition or re.match(phrases()["sql_constraint"], definition, re.I):
        return ""
    name = definition.split()[0].strip("`\"[]")
    rest = re.sub(rf"\b(?:{phrase('sql_words')})\b(?:\s*\([^()]*\))?", " ", definition[len(definition.split()[0]) :], flags=re.I)
    said = " ".join(rest.split())  # anything the types do not cover ('-- in euros') stays with the name
    return f"{name} {said}".strip() if said and not re.fullmatch(r"[\W\d]*", said) else name


def _json(text: str) -> str:
    """'{"toy_libraries": ["name", …], "toys": {"toy_name": "text", …}}': a table per key whose value
    is a list of column names or an object of columns, when two or more are said."""
    found = sorted([*((m, _QUOTED.findall(m.group(2))) for m in _JSON_LIST.finditer(text)),
                    *((m, _KEY.findall(m.group(2))) for m in _JSON_OBJECT.finditer(text))], key=lambda pair: pair[0].start())
    found = [(m, columns) for m, columns in found if columns]
    if len(found) < 2:
        return text
    first, last = found[0][0].start(), found[-1][0].end()
    start = text.rfind("{", 0, first) if text.rfind("{", 0, first) >= 0 else first
    end = text.find("}", last) + 1 if text.find("}", last) >= 0 else last
    sentences = ". ".join(f"{_name(m.group(1))}: {', '.join(columns)}" for m, columns in found)
    before, after = text[:start].strip(" :;,."), text[end:].strip(" :;,.")
    return ". ".join(piece for piece in (before, sentences, after) if piece)


@cache
def _file() -> re.Pattern[str]:
    return re.compile(rf"\b([a-z][\w-]*)\.{phrases()['file_ext']}\b(?:\s*(?:{phrases()['file_columns']})\b\s*:?|\s*:)?", re.I)


def _files(text: str) -> str:
    """'members.csv has member id, name; climbs.csv has …' → 'members: member id, name. climbs: …'
    (two or more files named); a file named alone is only its name."""
    if len(_file().findall(text)) < 2:
        return text
    said = _file().sub(lambda m: f"{_name(m.group(1))}: " if m.group().rstrip().endswith((":",)) or re.search(rf"(?:{phrases()['file_columns']})\s*:?$", m.group(), re.I) else _name(m.group(1)), text)
    return re.sub(r"\s*;\s*(?=[a-z][\w ]*:)", ". ", re.sub(r":\s+", ": ", said))


def _name(name: str) -> str:
    return name.split(".")[-1].replace("_", " ").replace("-", " ")
