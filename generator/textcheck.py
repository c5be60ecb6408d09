"""Characters no text a user sends may hold: NUL and other control characters, lone surrogates.

They break CSV readers, SQLite and PostgreSQL imports (NUL), spreadsheet cells and UTF-8
encoding (a lone surrogate cannot be written at all), so forms and schema validation refuse them
with a message naming the field instead of failing later.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

LINE_BREAKS = frozenset("\t\n\r")  # allowed in free text (a description typed in a text box)


def _what(ch: str) -> str:
    code = ord(ch)
    if code == 0:
        return "a NUL character"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X}), which is not valid Unicode"
    return f"a control character (U+{code:04X})"


def _bad(ch: str, line_breaks: bool) -> bool:
    code = ord(ch)
    if ch in LINE_BREAKS:
        return not line_breaks
    return code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF


def text_problem(text: str, *, line_breaks: bool = False) -> str:
    """What is wrong with `text` ("" when nothing): the first unsafe character and where it is."""
    for position, ch in enumerate(text, start=1):
        if _bad(ch, line_breaks):
            return f"holds {_what(ch)} at character {position}; remove it"
    return ""


def strings_in(value: Any, depth: int = 0) -> Iterator[str]:
    """Every string in a JSON value (keys included), to a bounded depth."""
    if depth > 20:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str):
                yield key
            yield from strings_in(item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings_in(item, depth + 1)


def json_problem(value: Any, *, line_breaks: bool = False) -> str:
    """The first unsafe character in any string of a JSON value, or ""."""
    return next((found for text in strings_in(value) if (found := text_problem(text, line_breaks=line_breaks))), "")
