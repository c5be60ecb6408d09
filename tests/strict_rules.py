"""The documented rules of strict structured outputs (`"strict": true` json_schema), as a checker.

Two rule sets: OpenAI's current limits, and the strictest ones still documented or applied
(OpenAI's limits until 2025, which Azure OpenAI and the official Java SDK's validator keep).
The tests apply both to the response format the client actually sent; the fake server applies
the strictest ones in its "azure" mode and answers 400 as Azure does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Keywords a strict schema may never use, in any rule set (composition other than anyOf, open objects).
NEVER = {"oneOf", "allOf", "not", "if", "then", "else", "patternProperties", "unevaluatedProperties", "propertyNames", "dependentSchemas"}
# Keywords OpenAI's current documentation supports that the older rules (and Azure's page) list as unsupported.
NEWLY_SUPPORTED = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "pattern", "format", "minItems", "maxItems",
                   "minLength", "maxLength", "minProperties", "maxProperties", "uniqueItems", "contains", "minContains", "maxContains"}


@dataclass(frozen=True)
class Limits:
    name: str
    properties: int  # object properties in total
    depth: int  # levels of object nesting (the root object is level 1)
    enum_values: int  # enum values in total
    text: int  # total length of property names, definition names, enum and const values
    big_enum: int  # total length of one enum's values when it has more than 250
    unsupported: frozenset[str]


CURRENT = Limits("OpenAI (current)", 5000, 10, 1000, 120_000, 15_000, frozenset(NEVER))
STRICTEST = Limits("Azure OpenAI / OpenAI until 2025", 100, 5, 500, 15_000, 7_500, frozenset(NEVER | NEWLY_SUPPORTED))


def _children(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [*node.get("properties", {}).values(), *node.get("anyOf", []), *node.get("$defs", {}).values(), *node.get("definitions", {}).values()]
    if isinstance(node.get("items"), dict):
        found.append(node["items"])
    return found


def _is_object(node: dict[str, Any]) -> bool:
    kinds = node.get("type")
    return kinds == "object" or (isinstance(kinds, list) and "object" in kinds)


def violations(schema: Any, limits: Limits = STRICTEST) -> list[str]:
    """Every way `schema` (the json_schema's "schema") breaks the rules; [] when it is accepted."""
    problems: list[str] = []
    if not isinstance(schema, dict) or not _is_object(schema) or "anyOf" in schema:
        return ["the root must be an object, not anyOf"]
    totals = {"properties": 0, "enum_values": 0, "text": sum(len(name) for name in schema.get("$defs", {}))}
    deepest = 0

    def visit(node: dict[str, Any], path: str, depth: int) -> None:
        nonlocal deepest
        for keyword in sorted(limits.unsupported & set(node)):
            problems.append(f"{path}: '{keyword}' is not supported")
        if _is_object(node):
            depth += 1
            deepest = max(deepest, depth)
            properties = node.get("properties", {})
            if node.get("additionalProperties") is not False:
                problems.append(f"{path}: additionalProperties must be false")
            if sorted(node.get("required", [])) != sorted(properties) or len(node.get("required", [])) != len(properties):
                problems.append(f"{path}: every property must be required")
            totals["properties"] += len(properties)
            totals["text"] += sum(len(name) for name in properties)
        if "enum" in node:
            values = node["enum"]
            totals["enum_values"] += len(values)
            length = sum(len(str(value)) for value in values)
            totals["text"] += length
            if len(values) > 250 and length > limits.big_enum:
                problems.append(f"{path}: an enum of {len(values)} values may total {limits.big_enum} characters, not {length}")
        if "const" in node:
            totals["text"] += len(str(node["const"]))
        if "type" not in node and "anyOf" not in node and "$ref" not in node:
            problems.append(f"{path}: every schema needs a type")
        for key, child in node.get("properties", {}).items():
            visit(child, f"{path}.{key}", depth)
        for index, option in enumerate(node.get("anyOf", [])):
            visit(option, f"{path}|{index}", depth)
        if isinstance(node.get("items"), dict):
            visit(node["items"], f"{path}[]", depth)

    visit(schema, "$", 0)
    for name, total in totals.items():
        if total > getattr(limits, name):
            problems.append(f"{total} {name.replace('_', ' ')} in total; {limits.name} allows {getattr(limits, name)}")
    if deepest > limits.depth:
        problems.append(f"{deepest} levels of objects; {limits.name} allows {limits.depth}")
    return problems


def size(schema: dict[str, Any]) -> dict[str, int]:
    """Object properties, objects and anyOf nodes in `schema` (for reports and floors)."""
    counts = {"properties": 0, "objects": 0, "any_of": 0}
    stack = [schema]
    while stack:
        node = stack.pop()
        if _is_object(node):
            counts["objects"] += 1
            counts["properties"] += len(node.get("properties", {}))
        counts["any_of"] += "anyOf" in node
        stack.extend(_children(node))
    return counts
