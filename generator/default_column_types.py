"""The built-in column types, in the order the /types page lists them. A new type is one class
in a module under generator/types/ and one entry here."""

from generator.types.codes import CODE_TYPES
from generator.types.commerce import COMMERCE_TYPES
from generator.types.derived import DerivedType, TargetType
from generator.types.numeric import NUMERIC_TYPES
from generator.types.person import PERSON_TYPES
from generator.types.places import PLACE_TYPES
from generator.types.pooled import POOLED_TYPES
from generator.types.reference import ReferenceType
from generator.types.series_value import SERIES_TYPES
from generator.types.temporal import TEMPORAL_TYPES

BUILTIN_TYPES = [*CODE_TYPES, *PERSON_TYPES, *NUMERIC_TYPES, *TEMPORAL_TYPES, *COMMERCE_TYPES, *PLACE_TYPES, *POOLED_TYPES, *SERIES_TYPES, DerivedType, TargetType, ReferenceType]
