"""Where schemas come from. `current_source` is the one place the source is chosen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

OFFLINE_INFERRER_VERSION = 1


@dataclass(frozen=True)
class SchemaSource:
    """A way to turn a description into schema JSON.

    `fingerprint` names the generator (and its version) in cache keys, so a cached schema is
    only served to the generator that made it.
    """

    name: str
    fingerprint: str
    infer: Callable[[str], dict]


def offline_source() -> SchemaSource:
    from generator.inference.offline import infer_schema

    return SchemaSource(
        name="offline",
        fingerprint=f"offline:v{OFFLINE_INFERRER_VERSION}",
        infer=lambda description: infer_schema(description, today=dt.date.today()),
    )


def current_source() -> SchemaSource:
    return offline_source()
