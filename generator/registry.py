"""The registry of built-in column types, assembled above them: the list here is the one place
a built-in type is named outside its own module, in the order the /types page lists them. A new
type is one class in a module under generator/types/ and one entry in BUILTIN_TYPES."""

from __future__ import annotations

from generator.column_types import Registry
from generator.types.codes import CODE_TYPES
from generator.types.commerce import COMMERCE_TYPES
from generator.types.derived import DerivedType, TargetType
from generator.types.follow import FOLLOW_TYPES
from generator.types.identifiers import IDENTIFIER_TYPES
from generator.types.listed import LIST_TYPES, RECORD_TYPES
from generator.types.medical import MEDICAL_TYPES
from generator.types.names import NAME_TYPES
from generator.types.notes import NOTE_TYPES
from generator.types.numeric import NUMERIC_TYPES
from generator.types.person import PERSON_TYPES
from generator.types.places import PLACE_TYPES
from generator.types.pooled import POOLED_TYPES
from generator.types.reference import ReferenceType
from generator.types.series_value import SERIES_TYPES
from generator.types.temporal import TEMPORAL_TYPES
from generator.types.text import TEXT_TYPES
from generator.types.world import WORLD_TYPES

BUILTIN_TYPES = [*CODE_TYPES, *PERSON_TYPES, *NUMERIC_TYPES, *TEMPORAL_TYPES, *COMMERCE_TYPES, *PLACE_TYPES, *POOLED_TYPES, *NAME_TYPES, *FOLLOW_TYPES, *MEDICAL_TYPES, *TEXT_TYPES, *NOTE_TYPES, *LIST_TYPES, *RECORD_TYPES, *WORLD_TYPES, *IDENTIFIER_TYPES, *SERIES_TYPES, DerivedType, TargetType, ReferenceType]

_registry: Registry | None = None


def registry() -> Registry:
    """The registry of built-in column types, built on first use."""
    global _registry
    if _registry is None:
        _registry = Registry(BUILTIN_TYPES)
    return _registry
