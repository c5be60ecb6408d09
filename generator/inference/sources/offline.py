"""The built-in offline schema inferrer: plain-English description → schema JSON, no network.

    infer_schema("customers with customer id, gender, tenure in months, contract type "
                 "(month-to-month, one year, two year), monthly charges and whether they churned")

finds the columns the description names, in order, reads what the words say about each
(values, ranges, units, rates, dates, missing values) and fills the rest from the column's
meaning and the domain it recognises. A description that names no columns gets a table from
the domain library. The result is deterministic for a given description and `today`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from generator.inference import InferenceError
from generator.inference.build.columns import Context, build_column, meaning, split_item, template_draft
from generator.inference.build.draft import Draft
from generator.inference.build.famous import famous_relations
from generator.inference.build.locale import localize
from generator.inference.build.multi import build_tables
from generator.inference.build.relate import relate
from generator.inference.build.relations import derive, order_dates
from generator.inference.build.scope import scope
from generator.inference.build.series import says_when, scope_split, series_said, seriesify
from generator.inference.build.shapes import guess
from generator.inference.build.structure import split_tables
from generator.inference.build.tables import apply_notes, relate_ids, unique_names
from generator.inference.build.targets import plant_target, split_goal
from generator.inference.knowledge.concepts import best_match, is_generic, lookup
from generator.inference.knowledge.domains import detect, score_domains
from generator.inference.knowledge.loader import data_file
from generator.inference.knowledge.model import Domain
from generator.inference.read.implied import implied_readings
from generator.inference.read.naming import Phrase, read_phrase
from generator.inference.read.segments import Parsed, parse_description
from generator.inference.text import has_content, key_text, normalize, singular, title_case_first, words
from generator.registry import registry
from generator.schema import MAX_COLUMNS, MAX_TITLE, DatasetSchema, SchemaError

logger = logging.getLogger(__name__)
MAX_INPUT = 20_000
_FLUFF = re.compile(
    r"^(?:(?:please|pls|plz|kindly|hi|hello|hey|can u|could u|can you make|u|i need|i want|i'd like|i would like|we need|give me|generate|create|make|build|produce|simulate|"
    r"synthesi[sz]e|can you|could you|help me|let's|lets|a|an|the|some|me|of|for|about|on|with|realistic|random|synthetic|sample|dummy|"
    r"mock|test|fake|simple|small|large|big|toy|typical|basic|csv|json|table|tables|dataset|data set|datasets|data(?=\s+(?:about|on|of|for|from|regarding|with|describing)\b)|database|list|spreadsheet|"
    r"file|records?|rows?|entries|information|info|details|collection|\d[\d,.]*k?|hundreds|thousands|dozens|few|several|classic|famous|"
    r"well[- ]known|kaggle|uci|standard|my|our|new|imaginary|fictional|fictitious|generated)\s+)+",
    re.I,
)
_SUBJECT_WORDS = re.compile(r"\b(?:dataset|data set|data|table|database|list|records|rows|spreadsheet|csv|log|logs|entries|information)\b", re.I)


def infer_schema(description: str, *, today: dt.date | None = None) -> dict[str, Any]:
    """Schema JSON (accepted by DatasetSchema.from_dict) for a plain-English description.

    Raises InferenceError only when the description holds nothing to work with (empty text,
    punctuation only). Anything else, in any language, gives a usable schema.
    """
    today = today or dt.date.today()
    if not isinstance(description, str) or not has_content(normalize(description)):
        raise InferenceError("Please describe the dataset in a few words, for example: customers with name, age and email.")
    text, wanted = split_goal(implied_readings(normalize(re.sub(r"\s+[—–]\s+", ". ", _bullets(description))))[:MAX_INPUT])  # a dash starts a new remark
    parts = split_tables(text)
    tables = build_tables(parts, lambda part: _one_table(part, today, None), "", said=text) if parts else None
    return _type_units(localize(tables or _one_table(text, today, wanted), text))


def _type_units(schema: dict[str, Any]) -> dict[str, Any]:
    """A column of a type whose values are all in one unit (a percentage's %) says it."""
    for table in schema.get("tables") or [schema]:
        for column in table.get("columns", []):
            unit = getattr(registry().get(column.get("type", "")), "value_unit", "")
            if unit and not column.get("unit"):
                column["unit"] = unit
    return schema


_THING_DASH = re.compile(r"^([A-Za-z][\w ]{0,40}?)\s+[-\u2013\u2014]\s+(?=\S[^,]*,)")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+(.+?)\s*$")


def _bullets(description: str) -> str:
    """A heading and a bulleted list ('Employee register, one row per employee:' then '- employee
    id' …) as one line: the heading names the rows, the bullets the columns; bullets that each
    name a thing and its columns ('- telescopes: observatory, aperture') are a sentence each."""
    lines = description.splitlines()
    items = [m.group(1) for m in map(_BULLET.match, lines) if m]
    if len(items) < 2:
        return description
    heading = " ".join(line.strip() for line in lines if line.strip() and not _BULLET.match(line))
    items = [_THING_DASH.sub(r"\1: ", item) for item in items]  # '1. machines - laundromat, capacity in kg' names a thing as a colon does
    if all(re.match(r"[A-Za-z][\w ]{0,40}:\s+\S", item) for item in items):  # '- telescopes: observatory, aperture': a table a bullet
        return ". ".join([*([heading.rstrip(":")] if heading else []), *(item.rstrip(".;") for item in items)])
    return f"{heading.rstrip(':').replace(',', ' ')}: {', '.join(items)}"


def _one_table(text: str, today: dt.date, wanted: str | None) -> dict[str, Any]:
    """The single-table schema for a description (already normalised)."""
    parsed = parse_description(text)
    subject = _subject(parsed, text)
    found = detect(subject, text)
    ctx = _context(parsed, subject, found, today)
    ctx.text, ctx.series = key_text(text), series_said(text)
    parsed.items = [part for item in parsed.items for part in _unpacked(item)] or _listed_readings(subject)
    parsed.notes[:0] = [item for item in parsed.items if not split_item(item)[0] or says_when(item)]  # 'about 26% churn', 'every day for a year'
    parsed.items = [item for item in parsed.items if not says_when(item)]
    scoped = [scope_split(item) for item in parsed.items] if series_said(text) else []
    if scoped:  # 'mean temperature at 35 stations': the column is the temperature
        parsed.items, parsed.notes = [item for item, _ in scoped], [*parsed.notes, *(tail for _, tail in scoped if tail)]
    items = [item for item in parsed.items if split_item(item)[0]]
    drafts = [d for d in (_safe_build(item, ctx) for item in items) if d is not None][:MAX_COLUMNS]
    named = len(drafts)
    if not drafts:
        drafts = _unnamed(subject or text, ctx)
    elif subject and ctx.entity:
        drafts = _with_entity(drafts, ctx)
    apply_notes(drafts, parsed.notes, today)
    relate_ids(drafts, ctx.entity)
    unique_names(drafts)
    columns = [draft.to_column(today) for draft in drafts[:MAX_COLUMNS]]
    order_dates(columns, text)
    derive(columns)
    scope(columns, text, today)
    relate(columns, text, wanted)
    famous_relations(columns, found)
    plant_target(columns, wanted, found.key if found else "")
    series = seriesify(columns, text, today, lambda phrase: _typed(phrase, ctx, today), named)
    schema = {"version": 1, "title": _title(subject, found, drafts), "columns": columns, **({"series": series} if series else {})}
    return _validated(schema)


def _subject(parsed: Parsed, text: str = "") -> str:
    """The subject, taking it from a leading list item such as 'Titanic dataset' if needed; in a
    series said without a colon the first item is a reading ('quarterly GDP growth (%) and
    inflation (%) for the 27 EU member states': what the readings are of comes after them)."""
    reading = series_said(text) and ":" not in text and len(parsed.items) > 1
    if not parsed.subject and parsed.items and 0 in parsed.bare_starts and not reading and _subject_like(parsed.items[0]):
        parsed.subject = parsed.items.pop(0)
    if parsed.subject and len(parsed.items) == 1 and _entity_plural(parsed.items[0]):
        parsed.subject = f"{parsed.subject} with {parsed.items.pop()}"
    return parsed.subject


def _entity_plural(item: str) -> bool:
    """'a music library with songs': 'songs' names the rows, not a column."""
    tokens = words(item)
    if not tokens or len(tokens) > 3 or not tokens[-1].endswith("s") or singular(tokens[-1]) == tokens[-1]:
        return False
    scored = score_domains(item)
    concept = lookup(item)
    names_rows = concept is None or is_generic(concept) or concept.type in ("catch_phrase", "full_name")
    return bool(scored) and scored[0][0] >= 3 and names_rows


def _subject_like(item: str) -> bool:
    """A first list item that names the rows ('Titanic dataset', 'clinical trial participants')."""
    if _SUBJECT_WORDS.search(item):
        return True
    concept, tokens = lookup(item), words(item)
    plural = bool(tokens) and singular(tokens[-1]) != tokens[-1]
    if concept is None and plural and len(tokens) <= 4:
        return True
    scored = score_domains(item)
    return bool(scored) and scored[0][0] >= 3 and (plural or concept is None or is_generic(concept) or concept.name == "name")


def _context(parsed: Parsed, subject: str, found: Domain | None, today: dt.date) -> Context:
    entity = parsed.entity_hint or _entity(subject) or (found.entity if found else "")
    entity_words = {singular(w) for w in words(entity)} | ({found.entity} if found else set())
    return Context(today, found, entity, key_text(subject), entity_words)


def _entity(subject: str) -> str:
    """The thing one row is: 'a dataset about employees of a company' → employee."""
    cleaned = _FLUFF.sub("", subject.strip())
    for part in re.split(r"\s+(?:of|for|from|in|at|with|about|on|by|across|between|over|who|that|which|where|to)\s+", cleaned, flags=re.I):
        tokens = [w for w in words(part) if not _SUBJECT_WORDS.fullmatch(w) and not w.isdigit() and w not in ("a", "an", "the", "some")]
        if tokens:
            return singular(tokens[-1])
    return ""


_READINGS = re.compile(r"\b(?:readings?|measurements?|levels?|metrics?|concentrations?|indicators?|variables?|stats|statistics|figures)\s*\(([^()]+,[^()]+)\)", re.I)


def _listed_readings(subject: str) -> list[str]:
    """'hourly air quality readings (PM2.5, PM10, NO2, ozone) from 10 stations': the bracketed
    readings are the columns, so a domain's template does not replace them."""
    found = _READINGS.search(subject)
    return parse_description(found.group(1)).items if found else []


def _unpacked(item: str) -> list[str]:
    """'4 measurements (sepal length, sepal width, ...)': the bracketed names are the columns."""
    match = re.fullmatch(
        r"\s*(?:\d+|two|three|four|five|six|several|some|a few|the)?\s*(?:\w+\s+)?(?:measurements?|features?|columns?|fields?|variables?|attributes?|metrics?|stats|statistics|readings?|dimensions?)\s*\((.+)\)\s*",
        item, re.I)
    if not match:
        return [item]
    inner = parse_description(match.group(1))
    return inner.items or [item]


def _typed(phrase: str, ctx: Context, today: dt.date) -> dict[str, Any] | None:
    """A phrase typed as the column builder would type it, as a column."""
    draft = _safe_build(phrase, ctx)
    return draft.to_column(today) if draft is not None else None


def _safe_build(item: str, ctx: Context) -> Draft | None:
    try:
        return build_column(item, ctx)
    except Exception:  # a bad phrase must not cost the user the whole schema
        logger.exception("offline inferrer could not read the column phrase %r", item[:200])
        phrase = read_phrase(re.sub(r"[^\w\s]", " ", item)[:80])
        return guess(phrase) if phrase.name else None


def _unnamed(subject: str, ctx: Context) -> list[Draft]:
    """Columns for a description that names none: the domain's, the subject's, or a generic table."""
    if ctx.domain is not None and ctx.domain.columns:
        return [template_draft(column, _name_of(column.names[0]), column.names[0]) for column in ctx.domain.columns]
    cleaned = _FLUFF.sub("", subject).strip(" .!?")
    key = key_text(cleaned)
    found = best_match(key) if key else None
    if found is not None and not is_generic(found[0]) and len(found[1].text) >= 0.6 * len(key) and found[0].name != "name":
        return [meaning(Phrase(cleaned, found[0].name), ctx)]  # 'a list of email addresses' 
    return _generic_table(ctx.entity or "record", ctx)


def _name_of(text: str) -> str:
    return "_".join(words(text)) or "column"


def _generic_table(entity: str, ctx: Context) -> list[Draft]:
    label = re.sub(r"[^a-z0-9]+", "_", entity.lower()).strip("_") or "record"
    label = label if re.match(r"^[a-z]", label) else "record"
    phrases = [f"{label} id", "name", "category", "status", "quantity", "value", "created date", "is active"]
    drafts = [meaning(read_phrase(p), ctx) for p in phrases]
    drafts[6].description = f"Date the {entity} was created"
    drafts[1] = Draft("name", "catch_phrase", {}, f"Name of the {entity}")
    drafts[2] = Draft("category", "category", {"values": ["Type A", "Type B", "Type C", "Type D"], "weights": [40, 30, 20, 10]}, "Category")
    return drafts


_ENTITY_TYPES = {"city", "country", "state", "company", "product_name", "catch_phrase", "language", "bank"}


def _with_entity(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """'US cities with population and state' gets a city column first; 'customers with their
    email' gets a customer_id first (only when it names one or two columns)."""
    if not re.fullmatch(r"[a-z]{3,20}", ctx.entity):
        return drafts
    concept = lookup(ctx.entity)
    if concept is not None and not is_generic(concept) and concept.type in _ENTITY_TYPES and concept.count is False:
        facts_of_row = any(d.type in data_file("relate")["roles"]["of_the_row"] for d in drafts)  # 'countries with capital': name the country
        if any(d.type == concept.type for d in drafts) or (ctx.domain and ctx.domain.famous and not facts_of_row):
            return drafts
        if concept.type == "catch_phrase" and any(re.search(data_file("vocabulary")["contest_heads"], d.name) for d in drafts):
            return drafts  # 'NBA games with home team, away team': a game between teams has no title
        return [meaning(Phrase(ctx.entity, concept.name), ctx), *drafts]
    if len(drafts) > 2 or any(d.type in ("id", "uuid", "code") for d in drafts):
        return drafts
    if concept is not None and concept.name != "name":
        return drafts
    own = Draft(f"{ctx.entity}_id", "id", {}, f"{title_case_first(ctx.entity)} number", generic=True)
    return [own, *drafts]


_CHATTER = re.compile(
    r"\b(?:for|in)\s+(?:my|our|a|an|the)\s+(?:\w+\s+){0,2}?(?:homework|project|assignment|class|course|thesis|tutorial|lesson|practice|exercise|demo|talk|workshop)\b"
    r"|\b(?:i|we)\s+(?:really\s+)?(?:need|want|would like|'d like)\b|\b(?:can|could)\s+(?:you|u)\s+(?:please\s+)?(?:make|create|generate|give)(?:\s+me)?\b|[-\s](?:style|like)\b",
    re.I,
)


def _title(subject: str, found: Domain | None, drafts: list[Draft]) -> str:
    cleaned = _FLUFF.sub("", _CHATTER.sub(" ", subject).strip()).strip(" .,:;!?-")
    cleaned = re.sub(r"\s+(?:data|dataset|table|records|information)$", "", cleaned, flags=re.I)
    if cleaned and (len(cleaned) >= 3 or not found):
        title = title_case_first(cleaned)
    elif found is not None:
        title = found.title
    else:
        names = [d.name.replace("_", " ") for d in drafts[:3]]
        title = title_case_first(", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]) if names else "Dataset"
    if len(title) > 80:
        title = title[:80].rsplit(" ", 1)[0] + "…"
    return title[:MAX_TITLE] or "Dataset"


RELATED = ("after", "min_days", "max_days", "at_least", "at_most", "gap", "differs_from", "role", "depends_on", "cases", "present_when", "distinct", "correlate_with", "correlation")


def _validated(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema as the registry will accept it. A column it refuses loses its relations first,
    then becomes a plain word column; a refused series key is dropped."""
    schema = {**schema, "columns": [dict(c) for c in schema["columns"]]}
    for _ in range(2 * len(schema["columns"]) + 2):
        try:
            DatasetSchema.from_dict(schema)
            return schema
        except SchemaError as error:
            logger.warning("offline inferrer made an invalid schema: %s", error)
            _repair(schema, str(error.errors[0]))
    DatasetSchema.from_dict(schema)
    return schema


def _repair(schema: dict[str, Any], problem: str) -> None:
    """Take away what the first problem is about: the series key, a column's relations, or the column's type."""
    named = re.match(r"column \d+ '(\w+)'", problem)
    column = next((c for c in schema["columns"] if named and c["name"] == named.group(1)), None)
    if problem.startswith("series") or (column is None and "series" in schema):
        schema.pop("series", None)
    elif column is None:
        for each in schema["columns"]:
            for key in RELATED:
                each.pop(key, None)
    elif any(key in column for key in RELATED):
        for key in RELATED:
            column.pop(key, None)
    else:
        plain = {"name": column["name"], "type": "word", "description": column.get("description", "")[:300]}
        column.clear()
        column.update(plain)
