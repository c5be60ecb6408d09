"""One column phrase → one Draft: split the name from its modifiers, find the meaning (domain
template, lexicon concept or a guess), then apply what the modifiers say."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.inference.build.apply import apply_hints, unit_said
from generator.inference.build.counted import made_count, things_done
from generator.inference.build.draft import Draft
from generator.inference.build.flags import flag
from generator.inference.build.heads import counted, counts_people, linked, thing_name
from generator.inference.build.language import in_english, language_of
from generator.inference.build.magnitudes import aged, sized
from generator.inference.build.senses import compound_sense, domain_sense, in_context, sense
from generator.inference.build.shapes import fallback_codes, guess, name_shaped, year_of
from generator.inference.knowledge.concepts import best_match, count_concept, is_generic, lookup, lookup_any
from generator.inference.knowledge.domains import match_template
from generator.inference.knowledge.loader import data_file, knowledge
from generator.inference.knowledge.model import Concept, Domain, T
from generator.inference.read.hints import read_hints
from generator.inference.read.naming import Phrase, read_phrase, with_suffix
from generator.inference.read.segments import depths
from generator.inference.read.units import Unit, find_scale, find_unit, trailing_unit, unit_by_label
from generator.inference.text import WORD_NUM, key_text, title_case_first, words

_TRIGGER = re.compile(
    r"[(\[{]|\s*:\s|\s+[-=]\s+|\s+(?:between|ranging|range|ranges|in the range|up to|at least|at most|no more than|no less than|less than|more than"
    r"|greater than|fewer than|out of|on a scale|scale of|since|before|after|until|till|during|within|in the (?:last|past|next)|over the (?:last|past)|last (?:year|month|week|quarter|\d+ \w+)|this (?:year|month|week)"
    r"|about|around|approximately|approx\.?|roughly|mostly|mainly|usually|typically|often|rarely|one of|either|such as|like|e\.g\.?|i\.e\.?|for example"
    rf"|(?:over|across|spanning|covering|for) (?:the |a |an |one )?(?:(?:\d+|{WORD_NUM}) )?(?:(?:school|academic) year|(?:day|week|month|quarter|year)s?\b(?! (?:old|of age)))"
    r"|every (?:\d+ |other )?(?:second|minute|hour|day|week|fortnight|month|quarter|year)s?|where|which|that is|that are|with (?:about|around|~|some|a few|many|no|occasional|up to|\d)|missing|nulls?|blank|optional|nullable"
    r"|normally|skewed|uniform(?:ly)?|distributed|for (?:a|an|the|each|every)|as (?:an? )?(?:integer|int|float|decimal|number|string|text|date|datetime|timestamp|boolean|bool|percentage|category|categorical|percent)"
    r"|stored as|measured in|expressed in|given in|recorded in|in units of|yes/no|yes or no|true/false|y/n|0/1|1/0|0 or 1|per cent|mean|average of|std|sd|rounded)\b"
    r"|\s+~|\s+(?:from|over|under|above|below|max|min|maximum|minimum)\s+[-$€£]?\d|(?<!day)(?<!week)(?<!month)(?<!year)(?<!visit)(?<!cycle)(?<!wave)(?<!phase)\s[-+$€£~<>]?\d[\d.,]*(?![\d.,]|st\b|nd\b|rd\b|th\b)(?=\s*(?:-|to\b|–|%|[a-z]|\$))|%",
    re.I,
)
# A number after a time point's word names the point ('week 12 weight'), not the column's range.
_EVERY = re.compile(r"\bevery (?:\d+ |other )?(?:second|minute|hour|day|week|fortnight|month|quarter|year)s?\b", re.I)  # how often, not a unit


@dataclass
class Context:
    today: dt.date
    domain: Domain | None = None
    entity: str = ""
    subject: str = ""
    entity_words: set[str] = field(default_factory=set)
    text: str = ""  # the whole description, as key text: where a measure's owner may be named
    series: bool = False  # the description asks for a series (its columns are readings over time)


_NAMES_NOTHING = re.compile(
    r"^\s*(?:about|around|approx\w*|roughly|~|nearly|almost|only|mostly|between|up to|at least|at most|\d+(?:\.\d+)?\s*%"
    r"|(?:all|each|both|every one)\s+(?:in|are|is|as|with|measured)\b)",
    re.I,
)
_SQL_TYPE = re.compile(
    r"\s+(?:INT|INTEGER|BIGINT|SMALLINT|TINYINT|VARCHAR|CHAR|TEXT|STRING|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC|BOOL|BOOLEAN|DATE|DATETIME|TIMESTAMP|TIME|UUID|SERIAL|"
    r"(?i:int|integer|bigint|varchar|float|double|bool|boolean|uuid|string|str))\b"
)


def split_item(item: str) -> tuple[str, str]:
    """'age between 18 and 70 (years)' → ('age', 'between 18 and 70 (years)'); ('', item) when
    the phrase names nothing ('about 26% churn')."""
    if _NAMES_NOTHING.match(item):
        return "", item
    if re.match(r"^\s*whether\b", item, re.I):  # a yes/no question keeps its words: 'whether earns more than 50k'
        bracket = re.search(r"\s*[(\[{:]", item)
        return (item[: bracket.start()], item[bracket.start():]) if bracket else (item, "")
    cut = _cut(item)
    listed = _or_list(item[:cut])
    if listed is not None:
        return item[: listed[0]].strip(" :-=,"), f"({', '.join(listed[1])}) {item[cut:]}".strip()
    slashed = re.search(r"(?<=\w)\s+(\S+/\S+(?:/\S+)*)\s*$", item[:cut])
    if slashed and not re.search(r"\b(?:of|and|or|per)\s+\S+/", item[: slashed.end()]):
        cut = slashed.start()
    return _DANGLING.sub("", item[:cut]).strip(" :-=,"), item[cut:].strip()


# function words a cut can leave at a name's end: 'temperature for (5 kiosks)'
_DANGLING = re.compile(r"(?:\s+(?:(?<!ed )for|of|per|with|by|and|or|the|a|an|each|every))+\s*$", re.I)  # 'scheduled for' keeps it: a moment


def _cut(item: str) -> int:
    """Where the modifiers start: the first trigger word, SQL type or 'in <unit>' after the name."""
    level, cut = depths(item), len(item)
    for match in _TRIGGER.finditer(item):
        opening = item[match.start()] in "([{" and level[match.start()] == 1
        if match.start() > 0 and (level[match.start()] == 0 or opening) and item[: match.start()].strip() and not _numbered_point(item, match.start()) and not _taking(item, match.start()) and (item[match.end():].strip() or not re.fullmatch(r"\s*(?:since|before|after|until|till)", match.group(0))):  # 'valid until' keeps it
            cut = match.start()
            break
    typed = _SQL_TYPE.search(item[:cut])
    if typed and typed.start() > 0:
        cut = typed.start()  # 'id INT', 'email VARCHAR(100)', 'age integer'
    for match in re.finditer(r"\s+in\s+(\S+(?:\s+\S+)?)", item[:cut]):
        following = "in " + match.group(1)
        if find_unit(following) or find_scale(following)[0] != 1.0 or re.match(r"in (?:\d|the (?:last|past))", following):
            return match.start()
    return cut


def _numbered_point(item: str, at: int) -> bool:
    """'game 1 score', 'lap 3 time', 'round 2 points': a number between a noun and a noun that is no
    unit names which one is measured, not the column's value."""
    found = re.match(r"\s(\d{1,2})\s+([a-z]{3,})\b", item[at:], re.I)
    before = re.search(r"([a-z]{3,})\s*$", item[:at], re.I)
    if found is None or before is None or re.fullmatch(r"to|and|or|per|out|from|times|over|under|x", found.group(2), re.I):
        return False
    return find_unit(found.group(2)) is None and find_scale(found.group(2))[0] == 1.0


def _taking(item: str, at: int) -> bool:
    """'pitch before tuning', 'weight after (kg)': which taking of a measure, not a window; 'months
    since last visit': the time since an event, not a window."""
    since = re.search(r"(?:second|minute|hour|day|week|month|year|time)s?\s*$", item[:at], re.I)
    found = re.match(rf"\s+(?:before|after{'|since' if since else ''})(?:\s+(?:the\s+|last\s+|first\s+)?([a-z]{{4,}})\b|\s*(?:$|[(\[,]))", item[at:], re.I)
    return found is not None and not re.fullmatch(data_file("shapes")["not_takings"], found.group(1) or "", re.I)


_VALUE_TOKEN = re.compile(r"^(?:\d+\w{0,3}|[A-Z][\w+&.-]*|[A-Z])$")


def _or_list(text: str) -> tuple[int, list[str]] | None:
    """A bare value list after the name: 'loan status approved or rejected', 'type Movie or TV
    Show', 'ticket class 1st 2nd or 3rd'. Returns where it starts and its values."""
    if re.match(r"^\s*(?:whether|if|is|are|was|has|have|did|does|do)\b", text, re.I) or re.search(r"\bor not\b", text, re.I):
        return None
    match = re.search(r"^(.*\S)\s+or\s+(\S+(?: \S+){0,2})\s*$", text)
    if not match or depths(text)[match.start(2)] != 0 or re.fullmatch(r"(?:19|20)\d\d", match.group(2)):
        return None
    before = match.group(1).split()
    values, head = [before.pop()], before
    while len(head) > 1 and _VALUE_TOKEN.match(head[-1]) and not _VALUE_TOKEN.match(head[0]):
        values.insert(0, head.pop())
    if not head or len(head) > 4 or re.fullmatch(r"(?:19|20)\d\d|in|from|between", values[0]):
        return None
    start = len(" ".join(head))
    return start, [*values, match.group(2)]


def build_column(item: str, ctx: Context) -> Draft:
    """The column a phrase names, with what its modifiers say applied."""
    core, modifiers = split_item(item)
    if not core:
        core, modifiers = item, ""
    phrase = read_phrase(core, ctx.entity_words)
    language = language_of(ctx.text)
    if language:
        phrase.text = in_english(phrase.text, language)  # the user's own words stay the name
    unit_word = _name_unit(core, phrase)
    draft = meaning(phrase, ctx)
    core_unit = find_unit(re.sub(r"\s+per\s+\S+$", "", " ".join(words(core))), prefer_dim=draft.dim)  # 'time spent per day' is not in days
    if core_unit is not None and draft.dim and core_unit.dim == draft.dim:
        unit_word = core_unit
    hints = read_hints(_EVERY.sub(" ", modifiers), ctx.today, prefer_dim=draft.dim)
    if hints.percent and not draft.numeric() and not hints.values and draft.type not in ("date", "datetime", "boolean", "time"):
        draft.type, draft.params, draft.unit, draft.dim = "percentage", {"min": 0, "max": 100, "decimals": 1}, "", ""  # 'raise %'
    if hints.unit is None and unit_word is not None and (not draft.dim or draft.dim == unit_word.dim or draft.generic):
        hints.unit = unit_word
    if unit_said(draft, hints, phrase.text, modifiers):
        sized(draft, phrase.text, (f"{ctx.subject} {ctx.entity}", ctx.text))  # of a flat: 18-220 m²
    apply_hints(draft, hints)
    draft.name = re.sub(r"(?<=\d)\.(?=\d)", "_", draft.name)  # 'PM2.5' is pm2_5
    if hints.unit is not None and hints.unit_in_name and draft.type not in ("category", "boolean"):
        draft.name = with_suffix(draft.name, hints.unit.suffix)
    elif hints.scale_word and hints.unit_in_name is False and re.search(r"\bin\s+(?:thousands|millions)", modifiers, re.I):
        draft.name = with_suffix(draft.name, hints.scale_word + "s")
    return draft


def _name_unit(core: str, phrase: Phrase) -> Unit | None:
    """A unit written as the name's last word ('tenure_months'), dropped from the words to
    look up when the rest still names a number ('tenure'); 'square meters' stays whole."""
    unit = trailing_unit(words(core))
    if unit is None or len(phrase.text.split()) < 2:
        return unit
    whole = find_unit(" ".join(words(core)))
    if whole is not None and whole.label != unit.label:
        return None
    rest = phrase.text.rsplit(None, 1)[0]
    concept = lookup(rest)
    if concept is not None and (concept.type in ("integer", "decimal", "price", "percentage", "age", "year") or concept.dim):
        phrase.text = rest
    return unit


def meaning(phrase: Phrase, ctx: Context) -> Draft:
    """What the phrase means before its modifiers: template, then lexicon, then a guess."""
    person = key_text(phrase.text) == "name" and re.search(rf"\b(?:{data_file('shapes')['person_signals']})\b", ctx.text)  # 'Name, Age, Email'
    named = None if person else thing_name(phrase.text, ctx.entity, ctx.subject)  # 'products: name' is the product's name
    own = compound_sense(lookup(phrase.text), phrase.text, ctx.entity) or flag(phrase.text) or counted(phrase.text) if phrase.text and not named and not ctx.series and not person else None
    template = match_template(ctx.domain, phrase.text) if ctx.domain and phrase.text and not named and own is None and not person else None
    if template is not None:
        draft = template_draft(template, phrase.name, phrase.text, lambda c: domain_sense(c, phrase.text, ctx.text))
        if template.type is None:
            sized(draft, phrase.text, (f"{ctx.subject} {ctx.entity}", ctx.text), lookup(phrase.text))
    else:
        concept = count_concept(phrase.count_of) if phrase.count else year_of(phrase.text) or _per_form(phrase.text) or linked(phrase.text) or named or _at_point(phrase.text) or lookup(phrase.text)
        concept = own or (concept if person else sense(concept, phrase.text, f"{ctx.subject} {ctx.entity}", ctx.text))
        concept = _total_count(concept, phrase.text)
        if concept is not None and concept.type in ("date", "datetime") and _plural_event(phrase.text):
            concept = count_concept(phrase.text)  # 'signups': how many, not when
        elif concept is not None and concept.type in ("boolean", "full_name", "first_name", "last_name") and counts_people(phrase.text):
            concept = count_concept(phrase.text)
        draft = _from_concept(concept, phrase) if concept else guess(phrase)
        if concept is not None and concept.type in ("age", "date_of_birth"):
            aged(draft, (phrase.text, ctx.subject))
        sized(draft, phrase.text, (f"{ctx.subject} {ctx.entity}", ctx.text), concept, loose=concept is not None and not in_context(concept, ctx.text))
    if phrase.boolean and draft.type != "boolean":
        draft.type, draft.params, draft.unit, draft.dim = "boolean", {"true_rate": 0.5}, "", ""
    if phrase.average and draft.type in ("integer", "rating"):
        keep = {k: v for k, v in draft.params.items() if k in ("min", "max", "mean", "std")}
        draft.type, draft.params = "decimal", {"distribution": "normal", **keep, "decimals": 2}
    return draft


def _total_count(concept: Concept | None, text: str) -> Concept | None:
    """'total vaccinations', 'cumulative doses': a running count of things no concept knows, not
    an amount of money that only the word 'total' named."""
    found = re.fullmatch(r"(?:total|cumulative|overall)\s+([a-z][a-z ]*[a-z][^su\s]s)", text.strip().lower())
    if concept is None or concept.dim != "money" or found is None or lookup(found.group(1)) is not None:
        return concept
    return knowledge().vocabulary.large_count


def _plural_event(text: str) -> bool:
    """A moment's noun in the plural with no word of time: 'signups' counts them."""
    last = text.split()[-1] if text.split() else ""
    return bool(re.fullmatch(r"[a-z-]+[^sui']s", last, re.I)) and not re.search(r"\b(?:dates?|times?|days?|on|at|when|timestamps?|dt|datetimes?|moments?)\b", text, re.I)


def _per_form(text: str) -> Concept | None:
    """'songs played per day' is a count; 'revenue per user' and 'kwh used' keep their noun's meaning.

    None when the phrase has neither form, so the plain lexicon lookup decides.
    """
    if re.match(r"when\b", text, re.I):
        return None  # 'when it was harvested' is a moment (see `guess`)
    per = re.match(r"^(.+?)\s+(?:per|a|each|every)\s+(?:day|night|week|month|year|hour|session|visit|game|match|user|customer|order|person|player|episode|guest|passenger|seat|ticket|head|unit|item|kg|km|litre|liter)$", text, re.I)
    verbs = "|".join(data_file("shapes")["counted_verbs"])
    verb = re.match(rf"^(.+?)\s+(?:{verbs})$", per.group(1) if per else text, re.I)
    if verb is None and per is None:
        return things_done(text)
    said = verb or per
    if said is None:
        return None
    whole = best_match(key_text(text))
    if whole is not None and per is not None and whole[1].start >= len(key_text(per.group(1))):
        whole = None  # 'km per week' is no week of the year
    if whole is not None and whole[0].count and len(whole[1].text) == len(key_text(text)):
        return whole[0]  # one count names the whole phrase: 'minutes played'
    head_text = said.group(1)
    head = lookup(head_text)
    unit = find_unit(f"in {head_text}") if head is None and per else None
    if unit is not None and unit.dim in data_file("shapes")["unit_measures"]:
        return lookup(data_file("shapes")["unit_measures"][unit.dim])  # 'km per week' is a distance
    if head is not None and head.type in ("date", "datetime", "time"):
        return head  # 'date written' is when, not how many
    if head is not None and head.type in ("integer", "decimal", "price", "percentage") and not head.count:
        return head
    plural = bool(re.search(r"[a-z]s$", head_text.split()[-1], re.I)) and not re.search(r"(?:ss|us|is)$", head_text, re.I)
    if whole is not None and not plural and whole[0].prio >= 0 and len(whole[1].text) >= len(key_text(head_text)):
        return whole[0]  # 'page visited' is which page; 'pages visited' is how many
    return made_count(count_concept(head_text), text)


def _at_point(text: str) -> Concept | None:
    """'dogs in harness at start', 'air at end', 'weight at release': the measure named before 'at'
    taken at that point of the row's story, not a concept the point's word names ('starts')."""
    found = re.match(rf"^(.+?)\s+at\s+(?:the\s+)?(?:{data_file('shapes')['at_points']})$", text, re.I)
    if found is None or lookup(text) is not None and lookup(text) == lookup(found.group(1)):
        return None
    head = lookup(found.group(1))
    return head if head is not None and not is_generic(head) else count_concept(found.group(1))


def _from_concept(concept: Concept, phrase: Phrase) -> Draft:
    name = phrase.name or concept.name
    description = phrase.text if is_generic(concept) else ""
    draft = Draft.of(concept, name, description or phrase.text)
    if is_generic(concept) and concept.desc == "":
        draft.description = title_case_first(_plain(phrase.text)) or concept.name.replace("_", " ")
    draft.generic = is_generic(concept)
    if draft.type == "category" and draft.generic and concept.name in ("type", "level") and phrase.text:
        shaped = name_shaped(name, draft.description)
        if shaped is not None:
            return shaped
        draft.params = fallback_codes(phrase.text)
    return draft


def template_draft(template: T, name: str, phrase: str, sensed: Callable[[Concept], Concept | None] | None = None) -> Draft:
    """A draft from a domain template column, named as the user named it (`sensed`: the sense the
    description's domain gives the concept found)."""
    name = name or re.sub(r"[^a-z0-9]+", "_", template.names[0].lower()).strip("_")
    if template.type is None:
        own, first = lookup(phrase) if phrase else None, lookup(template.names[0])
        concept = own if own is not None and not own.context and not is_generic(own) and any(lookup(n) == own for n in template.names) else None
        if first is not None and not is_generic(first) and (concept is None or lookup_any((phrase, template.names[0])) == first):
            concept = first  # the template's own sense, when it is the more specific ('model year' for 'year')
        concept = concept or lookup_any(template.names)
        concept = (sensed(concept) or concept) if concept and sensed else concept
        draft = Draft.of(concept, name, phrase) if concept else guess(Phrase(template.names[0], name))
        draft.null_rate = template.null or draft.null_rate
        return draft
    unit = unit_by_label(template.unit)
    params = {k: list(v) if isinstance(v, list) else v for k, v in template.params.items()}
    description = template.desc or title_case_first(_plain(template.names[0]))
    return Draft(name, template.type, params, description, template.unit, template.null, unit.dim if unit else "")


def _plain(text: str) -> str:
    return " ".join(words(text))
