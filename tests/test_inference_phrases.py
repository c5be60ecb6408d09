"""Plain concepts and domain keywords are looked up as phrases instead of compiled regexes: the
lookups find exactly what the regexes found, on every alternative of every concept and on the
phrases and column names of the realism description sets."""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

from generator.inference.knowledge import concepts, domains, model, phrases
from generator.inference.knowledge.concepts import lexicon
from generator.inference.knowledge.domains import all_domains
from generator.inference.sources.offline import infer_schema
from generator.inference.text import key_text
from tests.realism.dataset import TODAY

REALISM = Path(__file__).resolve().parent / "realism"
SETS = ("tuning", "tuning2", "tuning3", "frozen")


@functools.cache
def _concept_regexes() -> tuple[re.Pattern, ...]:
    """Every concept compiled as before the phrase lookup: one regex each."""
    return tuple(model.concept_regex(concept.pattern) for concept in lexicon())


def _regex_matches(key: str) -> set[tuple[int, int, int]]:
    return {(order, m.start(), m.end()) for order, regex in enumerate(_concept_regexes()) for m in regex.finditer(key)}


@functools.cache
def _domain_regexes() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(rf"(?<![a-z0-9])(?:{word})(?:s|es|ed|d|ing|er|ers)?(?![a-z0-9])") for d in all_domains() for word, _ in d.keywords)


def _regex_keyword_hits(key: str) -> set[int]:
    return {position for position, regex in enumerate(_domain_regexes()) if regex.search(key)}


@functools.cache
def _realism_keys() -> dict[str, str]:
    """key → the set it came from: each description whole, each of its clauses, and each column
    name of the schema inferred from it."""
    keys: dict[str, str] = {}
    for name in SETS:
        for case in tomllib.loads((REALISM / f"{name}.toml").read_text(encoding="utf-8"))["case"]:
            text = case["text"]
            schema = infer_schema(text, today=TODAY)
            columns = [c["name"] for table in schema.get("tables", [schema]) for c in table["columns"]]
            for phrase in [text, *re.split(r"[,;:()\[\].]|\band\b|\bwith\b", text), *columns, *(c.replace("_", " ") for c in columns)]:
                if key_text(phrase):
                    keys.setdefault(key_text(phrase), name)
    return keys


def _concept_keys() -> set[str]:
    """Every alternative of every concept as a key, side by side with the concept's other
    alternatives (so the longest-first, non-overlapping order is exercised), and as written where
    that differs."""
    keys = set()
    for concept in lexicon():
        alternatives = list(concept.phrases or model._alternatives(concept.pattern))
        keys.add(" ".join(key_text(a) for a in alternatives))
        keys.add(".".join(a for a in alternatives if a != key_text(a)))
    return keys - {""}


def _keyword_keys() -> set[str]:
    """Each domain's keywords side by side, bare and with each suffix, and with one that is none."""
    keys = set()
    for domain in all_domains():
        words = [word for word, _ in domain.keywords]
        keys |= {" ".join(f"{word}{suffix}" for word in words) for suffix in ("", "s", "es", "ed", "d", "ing", "er", "ers", "x")}
    return keys


def _differing(keys: dict[str, str] | set[str], found, expected) -> tuple[int, list[str]]:
    """How many keys give other matches, and the first few of them outside the frozen set (whose
    outputs are not to be read)."""
    bad = [key for key in keys if found(key) != expected(key)]
    named = [key for key in bad if not isinstance(keys, dict) or keys[key] != "frozen"]
    return len(bad), named[:10]


def test_most_concepts_are_phrases_and_only_the_rest_are_compiled():
    plain = [c for c in lexicon() if c.regex is None]
    assert len(plain) >= 600 and all(c.phrases for c in plain)
    assert all(c.regex is not None and not c.phrases for c in lexicon() if c not in plain)


def test_concept_phrases_find_what_the_regexes_found_on_every_alternative():
    count, examples = _differing(_concept_keys(), lambda key: set(concepts.matches(key)), _regex_matches)
    assert count == 0, examples


def test_concept_phrases_find_what_the_regexes_found_on_the_realism_sets():
    keys = _realism_keys()
    assert len(keys) > 1000
    count, examples = _differing(keys, lambda key: set(concepts.matches(key)), _regex_matches)
    assert count == 0, (count, examples)


def test_domain_keywords_find_what_the_regexes_found():
    keys = {*_realism_keys(), *_keyword_keys(), *_concept_keys()}
    count, examples = _differing(keys, domains.keyword_hits, _regex_keyword_hits)
    assert count == 0, examples


def test_finditer_takes_the_longest_alternative_at_each_start_and_never_overlaps():
    table = phrases.index([("ip", "ip address", "address"), ("address book",)])
    found = sorted(phrases.lookup(table, "ip address book ip.address"))
    assert found == [(0, 0, 2), (0, 0, 10), (0, 3, 10), (0, 16, 18), (0, 19, 26), (1, 3, 15)]
    first = [(start, end) for position, start, end in found if position == 0]
    assert phrases.leftmost_longest(first) == [(0, 10), (16, 18), (19, 26)]


def test_a_phrase_needs_a_boundary_on_both_sides():
    table = phrases.index([("age",)])
    assert list(phrases.lookup(table, "page ages age.x age2 x age")) == [(0, 10, 13), (0, 23, 26)]


def test_only_text_without_regex_syntax_is_taken_as_phrases():
    assert phrases.literal_alternatives("email address|e-mail|mail") == ["email address", "e-mail", "mail"]
    assert phrases.literal_alternatives("pm2.5|pm25") is None
    assert phrases.literal_alternatives("^high$|high price") is None
    assert phrases.literal_alternatives("a||b") is None
