"""Where schemas come from. `current_source` is the one place the source is chosen."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from generator.inference import Inferred

# Part of the cache key: a new version's schemas are made afresh rather than served from the cache
# of an older one (2: relations, series, locale, vocabulary types; 3: funnels, nesting, bands set by
# a category, unit-price totals, notes, windows, several-table phrasings, magnitudes; 2026-11;
# 6: events' usual gaps, presence by status, bands by group, event nouns, IT tickets; 7: the shape
# of the table, several tables and series, read from more phrasings; 8: bounds by the words of a
# range and of a whole, sums of a subtotal and its charges; 9: tables of countries and their facts;
# 10: unseen nouns by their shape: doers, counts and durations, a row's sizes together, details of
# a yes/no, bands by the listed kind; 11: the kind of table from more phrasings: a sentence per
# thing, roles of tables, things named with capitals as a series' entities, a frequency said by
# the first reading; 12: weather readings from a place's climate, seasons by hemisphere and by
# what is measured; 13: yes/no features named by their shape; 14: order and bounds of unseen
# nouns by the shape of their names: limits and ends of a thing, counts as stages, previous
# takings, totals, outcomes, depths, ages at events, school grades, durations said in a unit; 15:
# several tables from more phrasings (requests, events in prose, 'for each X we record …', bridge
# tables, column groups, numbered lists, star schemas with their dimensions' columns), counted
# parents, child dates after their parent row's date); 16: units honoured: a percentage says %,
# a stated unit makes a column a number in it, ratio units, scales after a currency, a unit in a
# bracket of its own); 17: series readings with memory: memory by frequency, counts whose noise
# shows through, quantities of a row that move together, parts of a capacity, ratios of two
# readings; 18: columns named or implied: paired qualifiers sharing a noun ('lowest and highest
# bid', 'min/max depth', 'check-in/out dates'), columns asked as questions ('how long the repair
# took', 'who served the customer'), opening times in the morning, series pairs kept a gap apart.
# 19: several tables said as code (CREATE TABLE, JSON, file names), by what an app's users do, by
# a table's role (master/detail, one file of …, a dimension), after sentences that set the scene,
# in passive clauses and chains of phrases. 20: sizes and orders for unseen quantities: counts of
# young born and of what a row's work makes, gaps between events by their verbs, units written
# bare after a name, pressures and electrical units, ages by the column's own words.
# 21: job titles by the years of an age or experience column, pay by the title; homes priced
# as in the city named (data/home_prices.toml); "home" and "house" alone no longer mean house sales. A year
# a thing was made is never after a later date of it (release year ≤ date added). A diagnosis is
# one its ward sees. A rate per period is no calendar field of the period (km per week, weeks waited).
# 22: readings a series implies (a question, a verb, a unit or an instrument named instead), clock
# times an activity implies (breakfast, dawn, last orders, night shows), countries by region, place
# columns for rows spread over places, price bands converted with their currency. 23: several
# tables from more structures: a table added after the first ('and also a separate list of …'), a
# plural tied back after 'together with', 'plus' or 'with', two things of one kind linked
# ('connections between stations'), table names saying what they belong to, columns naming
# another table, registries with their readings; a bracketed column list after a longer subject.
# 24: a length or weight by the size of its thing (data/sizes.toml), temperatures by what is heated
# or cooled and with '°C' written after the name, z-scores, bone T-scores and coefficients, a
# harvest by how long its thing grows. 25: parts within their wholes: counts of one plural noun
# typed alike, a part within the nearest whole of its kind, what leaves a flow within its first
# stage, caps stated as numbers, 'X from how many Y'.
# Bump it whenever a description's offline schema changes.
OFFLINE_INFERRER_VERSION = 25


@dataclass(frozen=True)
class SchemaSource:
    """A way to turn a description into schema JSON.

    `fingerprint` names the generator (and its version) in cache keys, so a cached schema is
    only served to the generator that made it.
    """

    name: str
    fingerprint: str
    infer: Callable[[str], Inferred]


def offline_source() -> SchemaSource:
    from generator.inference.sources.offline import infer_schema

    return SchemaSource(
        name="offline",
        fingerprint=f"offline:v{OFFLINE_INFERRER_VERSION}",
        infer=lambda description: Inferred(infer_schema(description, today=dt.date.today())),
    )


def llm_source() -> SchemaSource:
    """The model named by SYNTH_LLM_MODEL, through the openai SDK (see inference.llm)."""
    from generator.inference.sources.llm import infer_schema
    from generator.inference.sources.prompt import PROMPT_VERSION

    model = settings.SYNTH_LLM_MODEL
    return SchemaSource(
        name="openai",
        fingerprint=f"openai:{model}:prompt-v{PROMPT_VERSION}",
        infer=lambda description: infer_schema(description, model=model),
    )


def current_source() -> SchemaSource:
    """The model when OPENAI_API_KEY is set (read now, not at start-up), else the offline inferrer."""
    if os.environ.get("OPENAI_API_KEY", "").strip():
        return llm_source()
    return offline_source()


def warm() -> float:
    """Load the offline inferrer's knowledge and compile its patterns now; the seconds it took.

    A gunicorn worker calls it once at start (gunicorn.conf.py), so no request pays for it.
    """
    from generator.inference.knowledge.loader import knowledge
    from generator.inference.sources.offline import infer_schema

    start = time.perf_counter()
    knowledge()
    infer_schema("customers and their orders", today=dt.date(2000, 1, 1))  # the patterns compiled on first use
    infer_schema("customers with name, age in years (18-90), plan (free, pro) and signup date", today=dt.date(2000, 1, 1))
    return time.perf_counter() - start
