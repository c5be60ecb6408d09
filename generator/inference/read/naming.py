"""Column names from what the user said: 'whether they churned' → churned, 'tenure in months' →
tenure_months, 'number of siblings/spouses aboard' → num_siblings_spouses_aboard, 'PassengerId' →
passenger_id. `read_phrase` also says what form the phrase had (a yes/no question, a count)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from generator.inference.knowledge.loader import data_file, knowledge
from generator.inference.text import snake, split_camel

_DROP = {"the", "a", "an", "their", "his", "her", "its", "they", "them", "this", "that", "these", "those", "our", "your", "my", "whose", "each", "every"}
_AUX_IS = {"is", "are", "was", "were", "be", "been"}
_AUX_HAS = {"has", "have", "had"}
_AUX_OTHER = {"did", "does", "do", "can", "will", "would", "should", "could", "may", "might"}
_LEAD = re.compile(
    r"^(?:(?:(?:a |an |the )?(?:columns?|fields?|variables?|flag|indicator) (?:for|with|called|named|showing|saying|indicating|that says|that shows)|"
    r"a|an|the|their|his|her|its|our|your|my|each|every|some|any|also|plus|and|or|then|optionally|maybe|"
    r"called|named|info on|information on|details of|data on|(?:the )?value of|indication of|indicator of|record of|whichever|what|which)\s+)+",
    re.I,
)
_GENERIC_HEADS = r"name|type|price|date|id|number|size|colou?r|cost|status|category|title|length|value|age|address|rating|location|amount|time|duration|brand|model|level|weight|height|score|year|kind|code"


def _person_words() -> frozenset[str]:
    """Words for the row's own thing ('whether they churned'): data/vocabulary.toml."""
    return knowledge().vocabulary.person_words


@dataclass
class Phrase:
    text: str  # the words to match against the lexicon
    name: str
    boolean: bool = False
    count: bool = False
    count_of: str = ""
    average: bool = False


@lru_cache(maxsize=1)
def _questions() -> dict[str, Any]:
    return data_file("reading")["questions"]


def _clause(words: list[str]) -> list[str]:
    """A question's clause without its pronouns, articles and auxiliaries."""
    known = _questions()
    return [w for w in words if w.lower() not in known["subjects"] and w.lower() not in known["auxiliaries"]]


def _question(text: str) -> tuple[str, str] | None:
    """(matching text, name) of a column asked as a question: 'how long the repair took' →
    ('repair duration', 'repair duration'), 'who served the customer' → ('person name',
    'served by'), 'where the parcel went' → ('parcel destination', …), 'when the class starts' →
    ('class start time', …)."""
    known = _questions()
    match = re.fullmatch(r"(how long|who|where|when)\s+(.+)", text.strip(), re.I)
    dated = re.fullmatch(r"(date|day|time)\s+(?:that\s+|when\s+|on which\s+)?(.+?\s[a-z]+ed)(?:\s+(?:it|them|this|that))?", text.strip(), re.I)
    if dated and not match:  # 'date the client approved it' → client approved date
        phrase = f"{' '.join(_clause(dated.group(2).split()))} {dated.group(1).lower()}"
        return phrase, phrase
    if not match:
        return None
    kind, words = match.group(1).lower(), match.group(2).split()
    if kind == "how long":
        rest = [w for w in _clause(words) if w.lower() not in known["took"]]
        if rest and rest[-1].lower().endswith("ed"):
            return f"{' '.join(rest[:-1])} {known['how_long_text']}".strip(), f"time {' '.join(rest)}"
        return f"{' '.join(rest)} {known['how_long_text']}".strip(), f"{' '.join(rest)} {known['how_long_text']}".strip()
    if kind == "who" and words[0].lower() not in known["auxiliaries"]:
        return known["who_text"], f"{words[0]} by"
    rest = _clause(words)
    if kind == "where" and rest:
        moved = next((i for i, w in enumerate(rest) if w.lower() in known["moved"]), None)
        if moved is not None:
            return f"{' '.join(rest[:moved])} {known['moved_as']}".strip(), f"{' '.join(rest[:moved])} {known['moved_as']}".strip()
        return known["where_as"], f"{' '.join(rest)} {known['where_as']}"
    if kind == "when" and rest and rest[-1].lower() in known["when_verbs"]:
        phrase = f"{' '.join(rest[:-1])} {known['when_verbs'][rest[-1].lower()]}".strip()
        return phrase, phrase
    return None


def _strip(text: str) -> str:
    text = re.sub(r"[`\"“”]|^'|'$", "", text).strip()
    text = _LEAD.sub("", text).strip()
    text = re.sub(r"\s+(?:they|he|she|it|the \w+)\s+(?:are|is|was|were|belong|belongs|live|lives|work|works|come|comes|go|goes|study|studies|play|plays)(?:\s+(?:in|to|from|at|for|on))?$", "", text, flags=re.I)
    text = re.sub(r"\s+(?:column|field|variable|attribute|flag|indicator)$", "", text, flags=re.I).strip() or text
    return _DANGLING.sub("", text) if len(text.split()) > 2 else text


# a preposition a name cannot end with: 'water level in' (its unit came after it); 'checked in',
# 'paid for' and 'created at', 'enrolled on', 'assigned to' keep theirs
_DANGLING = re.compile(r"(?<!ed)(?<!\bcheck)(?<!\blog)(?<!\bsign)(?<!\bopt)(?<!\bplug)(?<!\bwalk)\s+(?:in|for|of|per)$", re.I)


def _yes_no(text: str) -> tuple[str, str] | None:
    """'whether they churned' → ('churned', ''); 'whether it was cancelled' → ('cancelled', 'is')."""
    match = re.match(r"^(?:whether|if|flag whether|indicates whether|is it true that)\s+(?:or not\s+)?(.+?)(?:\s+or not)?$", text, re.I)
    question = re.match(r"^(did|does|do|is|are|was|were|has|have|had|can|will)\s+(.+?)\??$", text, re.I)
    if match:
        words = match.group(1).split()
    elif question:
        words = question.group(2).split()
    else:
        return None
    if question and not match:
        words = words[1:] if words and (words[0].lower() in _person_words() or words[0].lower() in _DROP) else words
        if words and words[0].lower() in _person_words():
            words = words[1:]
        prefix = {"is": "is", "are": "is", "was": "is", "were": "is", "has": "has", "have": "has", "had": "has"}.get(question.group(1).lower(), "")
        return " ".join(words), prefix
    for index, word in enumerate(words[:4]):
        low = word.lower()
        if low in _AUX_IS | _AUX_HAS | _AUX_OTHER:
            rest = [w for w in words[index + 1 :] if w.lower() not in _DROP]
            prefix = "is" if low in _AUX_IS else "has" if low in _AUX_HAS else ""
            if rest and rest[0].lower() == "not":
                rest = rest[1:]
            return " ".join(rest), prefix
    while words and (words[0].lower() in _DROP or words[0].lower() in _person_words()):
        words = words[1:]
    return " ".join(words), ""


def _count_form(text: str) -> str | None:
    match = re.match(r"^(?:(?:the\s+)?(?:total\s+)?(?:number|num|no\.?|nr|count|quantity|#)\s+of|how\s+many|n(?:o|um)?\s*\.?\s*of)\s+(.+)$", text, re.I)
    if match:
        rest = re.sub(r"\s+(?:they|he|she|it)\s+(?:have|has|had|own|made|did|got|received|placed|bought)\b.*$", "", match.group(1), flags=re.I)
        return rest.strip()
    return None


def _swap_of(text: str) -> str:
    """'name of the hotel' → 'hotel name'."""
    match = re.match(rf"^((?:\w+\s+)?(?:{_GENERIC_HEADS}))\s+of\s+(?:the|their|a|an|each|this)\s+(.+)$", text, re.I)
    return f"{match.group(2)} {match.group(1)}" if match else text


def _possessive(text: str, entity_words: set[str]) -> str:
    match = re.match(r"^(?:the\s+)?(\w+)'s?\s+(.+)$", text)
    if match and re.fullmatch(r"id|identifier|number|no|code|name|full name", match.group(2), re.I):
        return f"{match.group(1)} {match.group(2)}"  # 'the patient's id', 'the owner's name' name the patient, the owner
    if match and (match.group(1).lower() in _person_words() or match.group(1).lower() in entity_words):
        return match.group(2)
    return text.replace("'s ", " ")


def read_phrase(core: str, entity_words: set[str] | None = None) -> Phrase:
    """The matching text and column name of a column phrase (without its modifiers)."""
    entity_words = entity_words or set()
    for word, english in knowledge().vocabulary.cjk.items():
        core = core.replace(word, f" {english} ")
    raw = split_camel(core).replace("_", " ")
    flagged = bool(re.search(r"\s(?:flag|indicator|yes/no|y/n)$", raw.strip(), re.I))
    text = _possessive(_strip(raw), entity_words)
    asked = _question(text)
    if asked:
        return Phrase(asked[0], _limit(snake(asked[1])))
    past = "|".join(_questions()["irregular_past"])
    moment = re.fullmatch(rf"when\s+(?:it|they|he|she|we|you|i|the\s+(\w+(?:\s+(?!(?:was|were|is|are|got|has|have|had)\b)\w+)?))\s+(?:was|were|is|are|got|has been|have been|had been)?\s*((?:[a-z]+(?:ed|en|t)|{past})(?:\s+(?:back|in|out|off|up|over|down))?)(\s+(?:for|to)\s+(?:the\s+|a\s+|an\s+|their\s+|his\s+|her\s+)?[a-z]+)?", text, re.I)
    if moment:  # 'when it was issued', 'when the alert was received', 'when they came down for breakfast': the moment it happened, and to what
        text = f"{moment.group(1) or ''} {moment.group(2)}{moment.group(3) or ''} at".strip()
    yes_no = _yes_no(text) or ((text, "") if flagged and not re.match(r"^(?:is|has)\b", text, re.I) else None)
    if yes_no is not None and yes_no[0]:
        inner, prefix = yes_no
        inner = _strip(inner)
        name = snake(f"{prefix} {inner}" if prefix and not inner.lower().startswith(prefix) else inner)
        return Phrase(inner, _limit(name), boolean=True)
    how_much = re.match(r"^how much\s+(?:(?:they|he|she|it|the \w+|was|were|is|did|do|does)\s+)*(.+)$", text, re.I)
    if how_much:
        text = f"amount {how_much.group(1)}"  # 'how much they paid for the ticket'
    count_of = _count_form(text)
    if count_of:
        target = _strip(count_of)
        return Phrase(target, _limit(snake("num " + _drop_words(target))), count=True, count_of=target)
    average = bool(re.match(r"^(?:average|avg|mean|median|typical)\b", text, re.I))
    text = _swap_of(re.sub(r"\b(at|with|in|on|for|from|to|since|by|into|per) (?:the|this|their|its) (?=\w)", r"\1 ", text, flags=re.I))  # 'years at the company'

    return Phrase(text, _limit(snake(_drop_words(text))), average=average)


def _drop_words(text: str) -> str:
    parts = re.split(r"\s+", text)
    kept = [w for i, w in enumerate(parts) if w.lower() not in _DROP or (i == len(parts) - 1 and len(w) == 1 and w.isupper())]
    return " ".join(kept) or text  # 'team A' keeps its A


def _limit(name: str, words: int = 6) -> str:
    parts = name.split("_")
    return "_".join(parts[:words]) if len(parts) > words else name


def with_suffix(name: str, suffix: str) -> str:
    """tenure + months → tenure_months, unless the name already ends with the unit."""
    if not suffix or name.endswith("_" + suffix) or name == suffix or name.split("_")[-1] in (suffix, suffix.rstrip("s")):
        return name
    return snake(f"{name} {suffix}")
