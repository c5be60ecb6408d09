"""A small, safe expression language for derived columns.

    total = quantity * unit_price
    discharge_date = admission_date + days(length_of_stay)
    email = lower(concat(first_name, ".", last_name, "@example.com"))
    band = "senior" if age >= 65 else "adult"

The text is parsed with Python's `ast` parser (parsing only; nothing is ever evaluated by
Python) and checked against an allow-list of node types and functions. `check` infers the
kind of the result from the kinds of the columns it names, so mistakes are reported when the
schema is validated; `evaluate` walks the same tree with numpy/Arrow arrays, a chunk at a time.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MAX_LENGTH = 500
MAX_NODES = 200
MAX_CONSTANT = 1e15
MAX_DAYS = 3_650_000  # about 10,000 years: date offsets beyond it cannot give a real date
NUMERIC = ("integer", "number")
_BINOPS: dict[type, Callable] = {
    ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.true_divide,
    ast.FloorDiv: np.floor_divide, ast.Mod: np.mod, ast.Pow: np.power,
}
_COMPARE: dict[type, Callable] = {
    ast.Eq: np.equal, ast.NotEq: np.not_equal, ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater, ast.GtE: np.greater_equal,
}
_ALLOWED = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Name, ast.Constant, ast.Call, ast.Load,
            ast.USub, ast.UAdd, ast.Not, ast.And, ast.Or, *_BINOPS, *_COMPARE)


class ExpressionError(ValueError):
    """An expression that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Function:
    kinds: Callable[[list[str]], str]  # argument kinds → result kind (raises ExpressionError)
    run: Callable  # (rng, size, *values) → values


def _numeric(name: str, result: str | None = None):
    def kinds(args: list[str]) -> str:
        if not args or any(kind not in NUMERIC for kind in args):
            raise ExpressionError(f"{name}() takes numbers")
        return result or ("integer" if all(k == "integer" for k in args) else "number")
    return kinds


def _dates(name: str, result: str):
    def kinds(args: list[str]) -> str:
        if len(args) != 1 or args[0] not in ("date", "datetime"):
            raise ExpressionError(f"{name}() takes one date or datetime")
        return result
    return kinds


def _date_part(unit: str) -> Callable:
    def run(rng, size, values):
        if unit == "weekday":
            return (values.astype("datetime64[D]").astype(np.int64) + 3) % 7 + 1
        year = values.astype("datetime64[Y]")
        if unit == "year":
            return year.astype(np.int64) + 1970
        if unit == "month":
            return (values.astype("datetime64[M]") - year).astype(np.int64) + 1
        return (values.astype("datetime64[D]") - values.astype("datetime64[M]")).astype(np.int64) + 1
    return run


def _offset(amount, seconds_per_unit: int) -> np.ndarray:
    """A duration in seconds (so hours added to a date keep their hours), bounded to real dates."""
    limit = MAX_DAYS * 86_400 / seconds_per_unit
    amount = np.nan_to_num(np.clip(np.asarray(amount, dtype=np.float64), -limit, limit))
    return np.rint(amount * seconds_per_unit).astype("timedelta64[s]")


def _strings(args: list[str]) -> str:
    return "string"


def _as_text(values) -> pa.Array:
    if isinstance(values, pa.Array):
        return values
    if np.issubdtype(values.dtype, np.datetime64):
        return pa.array(np.datetime_as_string(values))
    if values.dtype == np.bool_:
        return pa.array(np.where(values, "true", "false"))
    return pa.array(values).cast(pa.string())


FUNCTIONS: dict[str, Function] = {
    "abs": Function(_numeric("abs"), lambda rng, n, x: np.abs(x)),
    "round": Function(lambda a: _numeric("round", "number" if len(a) == 2 else "integer")(a),
                      lambda rng, n, x, d=0: np.round(x, int(np.clip(np.max(d), 0, 10)))),
    "floor": Function(_numeric("floor", "integer"), lambda rng, n, x: np.floor(x)),
    "ceil": Function(_numeric("ceil", "integer"), lambda rng, n, x: np.ceil(x)),
    "sqrt": Function(_numeric("sqrt", "number"), lambda rng, n, x: np.sqrt(np.maximum(x, 0))),
    "log": Function(_numeric("log", "number"), lambda rng, n, x: np.log(np.maximum(x, 1e-12))),
    "exp": Function(_numeric("exp", "number"), lambda rng, n, x: np.exp(np.minimum(x, 700))),
    "min": Function(_numeric("min"), lambda rng, n, *xs: np.minimum.reduce(np.broadcast_arrays(*xs))),
    "max": Function(_numeric("max"), lambda rng, n, *xs: np.maximum.reduce(np.broadcast_arrays(*xs))),
    "clip": Function(_numeric("clip"), lambda rng, n, x, lo, hi: np.clip(x, lo, hi)),
    "normal": Function(_numeric("normal", "number"), lambda rng, n, mean, sd: rng.normal(mean, np.abs(sd), n)),
    "uniform": Function(_numeric("uniform", "number"), lambda rng, n, lo, hi: rng.uniform(lo, hi, n)),
    "days": Function(_numeric("days", "timedelta"), lambda rng, n, x: _offset(x, 86_400)),
    "hours": Function(_numeric("hours", "timedelta"), lambda rng, n, x: _offset(x, 3_600)),
    "minutes": Function(_numeric("minutes", "timedelta"), lambda rng, n, x: _offset(x, 60)),
    "year": Function(_dates("year", "integer"), _date_part("year")),
    "month": Function(_dates("month", "integer"), _date_part("month")),
    "day": Function(_dates("day", "integer"), _date_part("day")),
    "weekday": Function(_dates("weekday", "integer"), _date_part("weekday")),
    "lower": Function(_strings, lambda rng, n, s: pc.utf8_lower(_as_text(s))),
    "upper": Function(_strings, lambda rng, n, s: pc.utf8_upper(_as_text(s))),
    "concat": Function(_strings, lambda rng, n, *parts: pc.binary_join_element_wise(*[p if isinstance(p, str) else _as_text(p) for p in parts], "")),
    "text": Function(_strings, lambda rng, n, x: _as_text(x)),
}


# How many arguments each function takes: (fewest, most), None for any number.
ARITY: dict[str, tuple[int, int | None]] = {
    "abs": (1, 1), "round": (1, 2), "floor": (1, 1), "ceil": (1, 1), "sqrt": (1, 1), "log": (1, 1), "exp": (1, 1),
    "min": (2, None), "max": (2, None), "clip": (3, 3), "normal": (2, 2), "uniform": (2, 2),
    "days": (1, 1), "hours": (1, 1), "minutes": (1, 1), "year": (1, 1), "month": (1, 1), "day": (1, 1), "weekday": (1, 1),
    "lower": (1, 1), "upper": (1, 1), "concat": (1, None), "text": (1, 1),
}
_SIGNATURES = {
    "round": "round(x) or round(x, digits)", "min": "min(a, b, …)", "max": "max(a, b, …)", "clip": "clip(x, low, high)",
    "normal": "normal(mean, sd)", "uniform": "uniform(low, high)", "concat": "concat(a, b, …)",
}


def _arguments_problem(name: str, args: list[str]) -> str:
    """What is wrong with the number or kinds of a call's arguments ("" when nothing)."""
    fewest, most = ARITY[name]
    if len(args) < fewest or (most is not None and len(args) > most):
        wanted = f"{fewest}" if fewest == most else f"at least {fewest}" if most is None else f"{fewest} or {most}"
        return f"expression calls {name}() with {len(args)}; it takes {wanted} argument{'s' if wanted != '1' else ''}: {_SIGNATURES.get(name, f'{name}(x)')}"
    if "timedelta" in args:
        return f"expression gives {name}() a duration, which it cannot take; add days(…) or hours(…) to a date instead"
    if name == "round" and len(args) == 2 and args[1] != "integer":
        return "expression rounds to digits that are not a whole number; write e.g. round(price, 2)"
    return ""


def parse(expression: str) -> ast.Expression:
    if not isinstance(expression, str) or not expression.strip():
        raise ExpressionError("expression must be a non-empty string")
    if len(expression) > MAX_LENGTH:
        raise ExpressionError(f"expression must be at most {MAX_LENGTH} characters")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"expression is not valid: {exc.msg} at character {exc.offset}") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise ExpressionError(f"expression is too long (at most {MAX_NODES} parts)")
    for node in nodes:
        if not isinstance(node, _ALLOWED):
            raise ExpressionError(f"expression may not use {type(node).__name__}; allowed: column names, numbers, text, + - * / // % **, comparisons, and/or/not, 'a if c else b' and the functions {', '.join(FUNCTIONS)}")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS and not node.keywords):
            raise ExpressionError(f"unknown function; allowed: {', '.join(FUNCTIONS)}")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float, str)):
            raise ExpressionError(f"unsupported constant {node.value!r}")
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool) and not abs(node.value) <= MAX_CONSTANT:
            raise ExpressionError(f"numbers in an expression must be between -{MAX_CONSTANT:g} and {MAX_CONSTANT:g}")
    return tree


def names(expression: str) -> list[str]:
    """Column names the expression uses, in order of first use."""
    tree = parse(expression)
    found = [node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and not _is_function_name(tree, node)]
    return list(dict.fromkeys(found))


def _is_function_name(tree: ast.AST, name: ast.Name) -> bool:
    return any(isinstance(node, ast.Call) and node.func is name for node in ast.walk(tree))


def check(expression: str, kinds: dict[str, str]) -> str:
    """The kind of the expression's value, given the kinds of the columns it may use."""
    result = _kind(parse(expression).body, kinds)
    if result == "timedelta":
        raise ExpressionError("the expression gives a duration; add it to a date, e.g. order_date + days(3)")
    return result


def _kind(node: ast.AST, kinds: dict[str, str]) -> str:  # noqa: C901 - one branch per node type
    if isinstance(node, ast.Constant):
        return "string" if isinstance(node.value, str) else "boolean" if isinstance(node.value, bool) else "integer" if isinstance(node.value, int) else "number"
    if isinstance(node, ast.Name):
        if node.id not in kinds:
            raise ExpressionError(f"unknown column '{node.id}'; the expression can use: {', '.join(kinds) or 'no other column'}")
        return kinds[node.id]
    if isinstance(node, ast.UnaryOp):
        inner = _kind(node.operand, kinds)
        if isinstance(node.op, ast.Not):
            return _require(inner, ("boolean",), "not")
        return _require(inner, NUMERIC, "a sign")
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _require(_kind(value, kinds), ("boolean",), "and/or")
        return "boolean"
    if isinstance(node, ast.Compare):
        operands = [_kind(node.left, kinds)] + [_kind(c, kinds) for c in node.comparators]
        if len({"number" if k in NUMERIC else k for k in operands}) != 1:
            raise ExpressionError(f"cannot compare {' with '.join(operands)}")
        return "boolean"
    if isinstance(node, ast.IfExp):
        _require(_kind(node.test, kinds), ("boolean",), "the condition of 'if'")
        return _unify(_kind(node.body, kinds), _kind(node.orelse, kinds))
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)  # parse() admits calls of named functions only
        args = [_kind(arg, kinds) for arg in node.args]
        if problem := _arguments_problem(node.func.id, args):
            raise ExpressionError(problem)
        return FUNCTIONS[node.func.id].kinds(args)
    assert isinstance(node, ast.BinOp)  # the one node type parse() admits that is left
    return _binop_kind(node.op, _kind(node.left, kinds), _kind(node.right, kinds))


def _require(kind: str, allowed: tuple[str, ...], what: str) -> str:
    if kind not in allowed:
        raise ExpressionError(f"{what} needs {' or '.join(allowed)}, not {kind}")
    return kind


def _unify(a: str, b: str) -> str:
    if a == b:
        return a
    if a in NUMERIC and b in NUMERIC:
        return "number"
    raise ExpressionError(f"both branches of 'if' must have the same kind, not {a} and {b}")


def _binop_kind(op: ast.operator, left: str, right: str) -> str:
    if left in ("date", "datetime", "time") and right == "timedelta" and isinstance(op, (ast.Add, ast.Sub)):
        return left  # a time of day moved past midnight wraps round ('23:45' + minutes(40) is '00:25')
    if left == right == "date" and isinstance(op, ast.Sub):
        return "integer"
    if left == right == "string" and isinstance(op, ast.Add):
        return "string"
    if left in NUMERIC and right in NUMERIC:
        if isinstance(op, (ast.Div, ast.Pow)):
            return "number"
        return "integer" if left == right == "integer" else "number"
    raise ExpressionError(f"cannot apply {type(op).__name__.lower()} to {left} and {right}")


NUMBER_TEXT = 24  # the longest number as text: -1.2345678901234567e+308
CASE_GROWTH = 1.5  # lower() and upper() can lengthen UTF-8 text (İ → i̇, ŉ → ʼN)


def parts(expression: str) -> int:
    """How many parts (syntax nodes) the expression has: its work per row grows with them."""
    return len(list(ast.walk(parse(expression))))


def text_bytes(expression: str, widths: dict[str, float]) -> float:
    """A bound on the UTF-8 bytes of the expression's value written as text, given the same bound
    for each column it uses (`widths`). Joined text adds up, so a chain of derived columns that
    each join the one before grows geometrically, and the bound says so before any row is made."""
    return _bytes(parse(expression).body, widths)


def _bytes(node: ast.AST, widths: dict[str, float]) -> float:  # noqa: C901 - one branch per node type
    if isinstance(node, ast.Constant):
        return float(len(node.value.encode("utf-8", "surrogatepass"))) if isinstance(node.value, str) else NUMBER_TEXT
    if isinstance(node, ast.Name):
        return widths.get(node.id, NUMBER_TEXT)
    if isinstance(node, ast.IfExp):
        return max(_bytes(node.body, widths), _bytes(node.orelse, widths))
    if isinstance(node, ast.BinOp):  # text + text joins; anything else is a number or a date
        return max(NUMBER_TEXT, _bytes(node.left, widths) + _bytes(node.right, widths))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [_bytes(arg, widths) for arg in node.args]
        if node.func.id == "concat":
            return sum(args)
        if node.func.id in ("lower", "upper"):
            return CASE_GROWTH * max(args, default=0.0)
        if node.func.id == "text":
            return max(args, default=0.0)
    return NUMBER_TEXT  # numbers, booleans, comparisons


def evaluate(expression: str, columns: dict[str, object], rng: np.random.Generator, size: int):
    """The expression's values for one chunk (numpy array, or Arrow array for text)."""
    return _eval(_parsed(expression).body, columns, rng, size)


@functools.lru_cache(maxsize=256)
def _parsed(expression: str) -> ast.Expression:
    """parse(expression), once per expression: evaluate runs on every chunk (the tree is only read)."""
    return parse(expression)


def _constant(value, size: int):
    """A constant as a full column, so every operation works on arrays of the chunk's size."""
    if isinstance(value, str):
        return pa.array([value] * size, type=pa.string())
    return np.full(size, value, dtype=np.float64 if isinstance(value, float) else np.int64)


def _eval(node: ast.AST, columns, rng, size):  # noqa: C901 - one branch per node type
    if isinstance(node, ast.Constant):
        return _constant(node.value, size)
    if isinstance(node, ast.Name):
        return columns[node.id]
    if isinstance(node, ast.UnaryOp):
        inner = _eval(node.operand, columns, rng, size)
        return np.logical_not(inner) if isinstance(node.op, ast.Not) else np.negative(inner) if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BoolOp):
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        return combine.reduce([np.broadcast_to(_eval(v, columns, rng, size), size) for v in node.values])
    if isinstance(node, ast.Compare):
        left, result = _eval(node.left, columns, rng, size), np.ones(size, dtype=bool)
        for op, comparator in zip(node.ops, node.comparators):
            right = _eval(comparator, columns, rng, size)
            result &= _compare(op, left, right)
            left = right
        return result
    if isinstance(node, ast.IfExp):
        test = np.broadcast_to(_eval(node.test, columns, rng, size), size)
        body, other = _eval(node.body, columns, rng, size), _eval(node.orelse, columns, rng, size)
        if isinstance(body, pa.Array):
            return pc.if_else(pa.array(test), body, other)
        return np.where(test, body, other)
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)  # parse() admits calls of named functions only
        args = [_eval(arg, columns, rng, size) for arg in node.args]
        return FUNCTIONS[node.func.id].run(rng, size, *args)
    assert isinstance(node, ast.BinOp)  # the one node type parse() admits that is left
    left, right = _eval(node.left, columns, rng, size), _eval(node.right, columns, rng, size)
    if isinstance(left, pa.Array):
        return pc.binary_join_element_wise(left, right, "")
    if right.dtype.kind == "m" and left.dtype.kind in "iu":  # a time of day (seconds) moved by a duration
        moved = _BINOPS[type(node.op)](left.astype(np.int64), right.astype("timedelta64[s]").astype(np.int64))
        return moved % 86_400
    if left.dtype.kind == "M":
        if right.dtype.kind == "M":
            return (left.astype("datetime64[D]") - right.astype("datetime64[D]")).astype(np.int64)
        return _BINOPS[type(node.op)](left, right)
    # Numbers are worked out in float64, so nothing wraps around or raises (2 ** -1, a / 0);
    # the derived column turns non-finite and out-of-range results into missing values.
    with np.errstate(all="ignore"):
        return _BINOPS[type(node.op)](left.astype(np.float64), right.astype(np.float64))


_TEXT_COMPARE: dict[type, Callable] = {
    ast.Eq: pc.equal, ast.NotEq: pc.not_equal, ast.Lt: pc.less, ast.LtE: pc.less_equal, ast.Gt: pc.greater, ast.GtE: pc.greater_equal,
}


def _compare(op: ast.cmpop, left, right) -> np.ndarray:
    if isinstance(left, pa.Array):
        return np.asarray(_TEXT_COMPARE[type(op)](left, right).to_numpy(zero_copy_only=False), dtype=bool)
    return _COMPARE[type(op)](left, right)
