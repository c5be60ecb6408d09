import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

from generator.column_types import ChunkContext, ColumnType, Registry
from generator.engine import CHUNK_ROWS
from generator.params import Param, ParamError
from generator.registry import registry
from generator.schema import DatasetSchema

KIND_DTYPES = {"integer": "i", "number": "f", "boolean": "b", "date": "M", "datetime": "M", "time": "i"}
REQUIRED_EXAMPLES = {"category": {"values": ["a", "b"]}}


def test_registry_has_the_types_learners_need():
    names = set(registry().names())
    assert len(names) >= 60
    wanted = {
        "id", "uuid", "full_name", "first_name", "last_name", "gender", "age", "date_of_birth", "job", "email", "phone",
        "username", "street_address", "city", "state", "postcode", "country", "country_code", "latitude", "longitude",
        "company", "product_name", "department", "price", "currency", "credit_card_number", "iban", "url", "domain",
        "ipv4", "ipv6", "user_agent", "http_method", "http_status", "date", "datetime", "time", "year", "month",
        "weekday", "integer", "decimal", "percentage", "boolean", "category", "word", "sentence", "paragraph", "code",
    }
    assert wanted <= names


def test_registry_refuses_a_duplicate_name():
    class A(ColumnType):
        name, description, group = "dup", "first", "basic"

    class B(A):
        description = "second"

    with pytest.raises(ValueError, match="registered twice"):
        Registry([A, B])


def test_registry_lookup_never_reaches_attributes():
    for name in ("__class__", "seed_instance", "_get_provider", "get", "names", None, 3):
        assert registry().get(name) is None


SELF_CONTAINED = [name for name in registry().names() if name not in ("derived", "target", "reference")]  # see test_derived.py, test_tables.py


@pytest.mark.parametrize("type_name", SELF_CONTAINED)
def test_every_type_generates_a_full_chunk_of_its_kind(type_name):
    column_type = registry().get(type_name)
    schema = DatasetSchema.from_dict({"title": "t", "columns": [{"name": "c", "type": type_name, **REQUIRED_EXAMPLES.get(type_name, {})}]})
    params = schema.columns[0].params
    ctx = ChunkContext(seed=3, chunk_index=0, start=0, size=CHUNK_ROWS, locale="en_US")
    values = column_type.generate(params, ctx, ctx.rng("c"))
    assert len(values) == CHUNK_ROWS
    expected = KIND_DTYPES.get(column_type.kind)
    if expected:
        assert values.dtype.kind == expected, f"{type_name} gave {values.dtype}"
    else:
        assert isinstance(values, pa.Array) and values.type == pa.string(), f"{type_name} gave {type(values)}"
        assert values.null_count == 0 and all(values[:200].to_pylist()), f"{type_name} gave {values[:3]}"
    assert column_type.description and column_type.group


def test_numbers_respect_their_range_for_every_distribution():
    ctx = ChunkContext(seed=1, chunk_index=0, start=0, size=CHUNK_ROWS, locale="en_US")
    for distribution in ("uniform", "normal", "lognormal", "exponential", "poisson"):
        params = DatasetSchema.from_dict(
            {"title": "t", "columns": [{"name": "x", "type": "decimal", "min": 10, "max": 20, "distribution": distribution}]}
        ).columns[0].params
        values = registry().get("decimal").generate(params, ctx, ctx.rng(distribution))
        assert values.min() >= 10 and values.max() <= 20, distribution
        if distribution == "poisson":
            assert np.all(values == np.round(values)) and len(np.unique(values)) >= 5
        else:
            assert len(np.unique(values)) > 100, distribution


def test_dates_stay_within_their_range():
    ctx = ChunkContext(seed=1, chunk_index=0, start=0, size=CHUNK_ROWS, locale="en_US")
    values = registry().get("date").generate({"start": "2024-02-01", "end": "2024-02-29"}, ctx, ctx.rng("d"))
    assert values.min() == np.datetime64("2024-02-01") and values.max() == np.datetime64("2024-02-29")


def test_code_pattern_fills_placeholders_and_keeps_literals():
    ctx = ChunkContext(seed=1, chunk_index=0, start=0, size=100, locale="en_US")
    values = registry().get("code").generate({"pattern": "INV-#####-?*"}, ctx, ctx.rng("c"))
    for value in values.to_pylist():
        assert value[:4] == "INV-" and value[4:9].isdigit() and value[10].isupper() and value[11].isalnum()


def test_code_pattern_draws_a_bracketed_place_from_its_letters():
    """'[ABCDE]##': a Titanic cabin's deck letter is one of the five listed, the rest as before."""
    ctx = ChunkContext(seed=1, chunk_index=0, start=0, size=500, locale="en_US")
    values = registry().get("code").generate({"pattern": "[ABCDE]##-x"}, ctx, ctx.rng("c")).to_pylist()
    assert {v[0] for v in values} == set("ABCDE")
    assert all(len(v) == 5 and v[1:3].isdigit() and v[3:] == "-x" for v in values)
    assert registry().get("code").check({"pattern": "[XY]"}) == []


def test_credit_card_numbers_pass_the_luhn_check():
    ctx = ChunkContext(seed=1, chunk_index=0, start=0, size=200, locale="en_US")
    for number in registry().get("credit_card_number").generate({}, ctx, ctx.rng("c")).to_pylist():
        digits = [int(d) for d in number][::-1]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
        assert total % 10 == 0, number


@pytest.mark.parametrize(
    "param, value, message",
    [
        (Param("n", "int", min=0, max=10), 11, "at most 10"),
        (Param("n", "int"), 1.5, "whole number"),
        (Param("n", "number"), float("nan"), "finite"),
        (Param("n", "number"), float("inf"), "finite"),
        (Param("n", "number"), True, "must be a number"),
        (Param("d", "date"), "31/01/2024", "ISO date"),
        (Param("c", "choice", choices=("a", "b")), "z", "one of a, b"),
        (Param("l", "string_list"), ["x"] * 1001, "at most 1000 items"),
        (Param("l", "string_list"), [], "must not be empty"),
        (Param("w", "number_list"), [1, -1], "negative"),
    ],
)
def test_param_clean_says_what_is_allowed(param, value, message):
    with pytest.raises(ParamError, match=message):
        param.clean(value)


def test_param_clean_normalises_dates():
    assert Param("d", "datetime").clean("2024-01-31T13:45") == "2024-01-31T13:45:00"
    assert Param("d", "date").clean("2024-01-31") == dt.date(2024, 1, 31).isoformat()
