"""Split a description into its subject ("Titanic passengers"), the column phrases it names, in
order, and the other sentences ("About 26% of customers churned.") that may qualify a column.

Lists are split at the top level only: commas, semicolons, "and", newlines and bullets inside
brackets belong to the column they follow, so "(month-to-month, one year)" stays whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from generator.inference.knowledge.loader import data_file, knowledge
from generator.inference.read.framing import COMMA, join_places, row_frame, split_framing
from generator.inference.read.pairs import expand_pairs
from generator.inference.read.wholes import expand_wholes

_HOLD = "\x01"  # stands for an "and" that must not split a list ("between 18 and 70")
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|etc|vs|mr|mrs|ms|dr|no|approx|incl|min|max|avg|est|dept|sq|ft|jr|sr|st|co|inc|ltd|u\.s|a\.m|p\.m)\.", re.I)
_STRONG_INTRO = r"(?:the\s+)?(?:following\s+)?(?:columns?|fields?|attributes?|variables?|features?|headers?|properties|measurements?)\b\s*(?:are|is|include|includes|including|should\s+be|will\s+be|like|such\s+as|for)?\s*:?|\bincluding\b|\bcontaining\b|\bconsisting\s+of\b|\bcomprising\b|:"
_EACH_INTRO = r"(?P<each>\b(?:where|in which|for|about)?\s*(?:each|every)\s+(?P<entity>[a-z]+(?:\s+[a-z]+){{0,2}}?)\s*,?\s+(?:{verbs})\b\s*:?)"
_OTHER_INTRO = (
    r"|(?P<strong>" + _STRONG_INTRO + r")"
    r"|\s-\s|\s--\s"
    r"|\b(?:with|w/|mit|avec|includes|include|contains|contain|having|composed\s+of|made\s+up\s+of|listing|recording|tracking|capturing|storing|showing|covering|detailing|describing|featuring|holding|giving)\b\s*:?"
    r"|\b(?:should|must|will|to|needs?\s+to|would|could)\s+(?:have|include|contain|record|track|show|list|hold|capture)\b\s*:?"
    r"|\b(?:it|they|which|that|this|table|dataset|data|file|csv|sheet|record|row|entry|rows|records|entries|one)\s+(?:has|have|includes?|contains?|records?|tracks?|lists?|should\s+have|needs)\b\s*:?"
    r"|\s(?:->|=>)\s|^\s*(?:please\s+)?(?:add|also\s+add|also\s+include|and\s+also|also|include|plus|then|i\s+need|we\s+need|need|i\s+want|want|give\s+me|show\s+me|with)\b\s*(?:(?:a|an|the)\s+)?(?:columns?|fields?)?\s*(?:for|with|called|named)?\s*:?"
)


@lru_cache(maxsize=1)
def _intro() -> re.Pattern:
    """Words that lead into the column list; the verbs after 'each <thing>' are data (data/reading.toml)."""
    verbs = "|".join(data_file("reading")["introducer"]["each_verbs"])
    return re.compile(_EACH_INTRO.format(verbs=verbs) + _OTHER_INTRO, re.I)


@dataclass
class Parsed:
    subject: str = ""
    items: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    entity_hint: str = ""
    bare_starts: list[int] = field(default_factory=list)  # items that began a list with no introducer
    subject_from_list: bool = False  # the subject led into a list ('customers with ...')


def depths(text: str) -> list[int]:
    """Bracket depth at each character (quotes count as a bracket)."""
    out, depth, quote = [], 0, ""
    for ch in text:
        if quote and ch == quote:
            quote = ""
            out.append(depth + 1)
            continue
        if not quote and ch == '"':
            quote = ch
        if ch in "([{":
            depth += 1
        out.append(depth + (1 if quote else 0))
        if ch in ")]}" and depth:
            depth -= 1
    return out


def split_top(text: str, pattern: str) -> list[str]:
    """Split `text` at matches of `pattern` that are outside brackets and quotes."""
    level = depths(text)
    parts, last = [], 0
    for match in re.finditer(pattern, text, re.I):
        if level[match.start()] == 0:
            parts.append(text[last : match.start()])
            last = match.end()
    parts.append(text[last:])
    return [p.strip() for p in parts]


def _protect(text: str) -> str:
    text = re.sub(r"\bbetween\s+(\S+(?:\s+\S+)?)\s+and\s+", lambda m: f"between {m.group(1)} {_HOLD} ", text, flags=re.I)
    vocabulary = knowledge().vocabulary
    for compound in vocabulary.compounds:
        first, rest = compound.split(" and ")
        text = re.sub(rf"\b({first})\s+(?:and|&)\s+({rest})\b", rf"\1 {_HOLD} \2", text, flags=re.I)
    text = expand_wholes(expand_pairs(text))
    text = re.sub(r"\b(\w+)\s+(length|width|height|depth)\s*(?:and|&|/)\s*(length|width|height|depth)\b", r"\1 \2, \1 \3", text, flags=re.I)
    return _wrap_cued_lists(text)


# A list item starts with a non-space, so ", " splits one way only (no exponential backtracking).
_WORD = r"(?!(?:or|and|etc)\b)[^,;()\n\s.?!]+"
_ITEM = rf"{_WORD}(?: {_WORD}){{0,3}}"
_LAST = r"[^,;()\n\s?!]+(?: [^,;()\n\s?!]+){0,3}"
_CUED = re.compile(
    r"(?P<cue>(?<![\w-])(?:one of|either|such as|e\.g\.,?|eg\.?|(?<!'d )(?<!\bwould )(?<!\bi )(?<!\bwe )like|for example|for instance|i\.e\.,?|values?|options?|can be|could be)\s*:?\s+)"
    rf"(?P<list>(?:{_ITEM},\s)*{_ITEM}\s(?:or|and)\s{_LAST}|(?:{_ITEM},\s)+{_ITEM},?\setc\.?)"
    r"(?=\s*(?:[,;.)\n]|$|\s+and\s|\s+with\s))",
    re.I,
)
_COLON_CUED = re.compile(rf"(?P<cue>(?<=[a-z]):\s)(?P<list>(?:{_ITEM},\s)*{_ITEM}\s(?:or|and)\s{_LAST})(?=\s*(?:[,;.)\n]|$))", re.I)


def _wrap_cued_lists(text: str) -> str:
    text = _wrap(text, _CUED)
    if re.search(r",[^:]*:", text):  # 'id, status: open, pending or closed' (not 'Columns: a, b')
        head, _, rest = text.partition(",")
        text = head + "," + _wrap(rest, _COLON_CUED)
    return text


def _wrap(text: str, pattern: re.Pattern) -> str:
    level = depths(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        if level[match.start()] or len(match.group("list")) > 300:
            continue
        out.append(text[last : match.start("list")] + "(" + match.group("list") + ")")
        last = match.end("list")
    return "".join(out) + text[last:]


def sentences(text: str) -> list[str]:
    masked = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\x02"), text)
    parts = split_top(masked, r"(?<=[.!?])\s+(?=[A-Za-z0-9\"'(-])|(?<=[a-z)])[.!]$")
    return [p.replace("\x02", ".").strip() for p in parts if p.strip(" .!?")]


def _list_items(text: str) -> list[str]:
    parts = split_top(text, r"\s*[,;]\s*|\s+(?:and|&|plus|as well as|along with|together with|und|et)\s+|\n+|\s+\|\s+")
    items = []
    for part in parts:
        # ', with the day's high': an item's leading 'with' adds a column
        part = re.sub(r"^(?:(?:and|or|plus|also|then|as well as|along with|together with|with|including)\s+)+", "", part.strip(), flags=re.I)
        part = re.sub(r"^(?:each|every one|every)\s+(?:with|having|has)\s+(?:(?:its|their|his|her|an?)\s+)?", "", part, flags=re.I)  # 'tea blends, each with its origin
        if part.strip(" .!?:-"):
            question = re.fullmatch(r"([^(?]{2,60}?)\s*\?+", part.strip())
            items.append(f"whether {question.group(1)}" if question else part.strip().rstrip(".!?"))
    return _shared_heads(items)


def _shared_heads(items: list[str]) -> list[str]:
    """'the odometer reading when it went out and when it came back': the second clause is a
    second column of the same head ('odometer reading when it came back')."""
    out: list[str] = []
    for item in items:
        clause = re.match(r"(when|where|while)\s+\S", item, re.I)
        head = re.match(rf"(.+?\S)\s+{clause.group(1)}\s", out[-1], re.I) if clause and out else None
        out.append(f"{head.group(1)} {item}" if head and depths(out[-1])[head.end()] == 0 else item)
    return out


def _columns(text: str, parsed: Parsed) -> list[str]:
    """The column items of a list; items about the whole table ('for the last 5 years') become notes."""
    items, framing = split_framing(_list_items(text))
    parsed.notes.extend(framing)
    return items


def _introducer(sentence: str) -> re.Match | None:
    """The first introducer before the sentence's first top-level comma, or a colon after it
    that ends the table's framing ('registrations in Ontario, Canada by club: first name, …')."""
    if re.match(r"\s*(whether|if|is|has|does|did)\b", sentence, re.I):
        return None
    level = depths(sentence)
    first_comma = next((i for i, (ch, d) in enumerate(zip(sentence, level)) if ch in ",;" and d == 0), len(sentence))
    for match in _intro().finditer(sentence):
        if match.start() >= first_comma:
            break
        if level[match.start()] == 0:
            return match
    colon = next((m for m in re.finditer(r"\s*:\s+", sentence) if level[m.start()] == 0), None)
    if colon is None or colon.start() < first_comma or not _framing_before(sentence[: colon.start()], sentence[colon.end():]):
        return None
    return colon


def _framing_before(before: str, after: str) -> bool:
    """Whether the text before a colon that follows a comma frames the table rather than listing
    columns ('id, status: open, closed' names a column and its values)."""
    parts = _list_items(before)
    if after.startswith("(") or len(parts) > 2 or len(_list_items(after)) < 2:
        return False
    return len(parts[0].split()) >= 3 and len(parts[-1].split()) >= 2


def _merge_strong(subject: str, items: list[str]) -> tuple[str, list[str]]:
    """'patients with diabetes, including age, bmi': the subject runs to the strong introducer."""
    if items:
        inner = re.search(rf"\s*(?:{_STRONG_INTRO})\s*", items[0], re.I)
        said = inner.group(0) if inner else ""
        if inner and inner.end() < len(items[0]) and (":" in said or re.search(r"\b(?:are|include|includes|including)\b", said)):
            lead = items[0][: inner.start()].strip()
            subject = f"{subject} with {lead}".strip() if lead and not re.fullmatch(r"(?:the\s+)?(?:following\s+)?", lead, re.I) else subject
            items = [items[0][inner.end():]] + items[1:]
    for index, item in enumerate(items[:3]):
        match = re.match(rf"\s*(?:{_STRONG_INTRO})\s*", item, re.I)
        if match and index > 0 and match.end() < len(item):
            return f"{subject} with {', '.join(items[:index])}".strip(), [item[match.end():]] + items[index + 1 :]
    return subject, items


def parse_sentence(sentence: str, parsed: Parsed) -> None:
    """Add one sentence's subject, column phrases or note to `parsed`."""
    if re.match(r"\s*(?:can|could|would|will|do|does|is|are|may|might|should|how|what|which|why|please)\b", sentence, re.I):
        sentence = sentence.rstrip(" ?")  # the question mark ends the request, not a yes/no column
    table = re.fullmatch(r"\s*(?:create\s+table\s+)?([\w.-]+(?:\s+[\w.'’-]+){0,9}?)\s*\((.+,.+)\)\s*;?\s*", sentence, re.I | re.S)
    if table and depths(sentence)[table.start(2)] == 1 and not _intro().search(table.group(1)):
        parsed.subject = parsed.subject or table.group(1)
        parsed.items.extend(_columns(table.group(2), parsed))  # 'transactions(id, user_id, amount)'
        return
    intro = _introducer(sentence)
    if intro:
        before, after = sentence[: intro.start()].strip(), sentence[intro.end():].strip()
        if intro.groupdict().get("entity") and not before:
            parsed.entity_hint = _row_thing(intro.group("entity"))
        subject, items = _merge_strong(before, _columns(after, parsed))
        lead = re.match(r"^(.{1,60}?)\s+(?:with|including|containing|having)\s+(\S.*)$", items[0], re.I) if items else None
        if lead and depths(items[0])[lead.start(2)] == 0:
            subject, items = f"{subject} {lead.group(1)}".strip(), [lead.group(2)] + items[1:]  # 'CRM: contacts with first name, ...'

        if subject and (not parsed.subject or not parsed.subject_from_list):
            parsed.subject, parsed.subject_from_list = subject, True
        parsed.items.extend(items)
        return
    items, framing = split_framing(_list_items(sentence))
    if len(items) >= 2:
        parsed.bare_starts.append(len(parsed.items))
        parsed.items.extend(items)
        parsed.notes.extend(framing)
    elif not parsed.subject and not parsed.items:
        parsed.subject = sentence.strip().rstrip(".!?")
    else:
        parsed.notes.append(sentence)


def _row_thing(words: str) -> str:
    """'rental agreement' → agreement; 'customer record' → customer (a row word names nothing)."""
    named = [w for w in words.split() if w not in ("record", "row", "entry", "line", "item")]
    return named[-1] if named else words.split()[-1]


_BULLET = re.compile(r"^\s*(?:[-*+>]|\d{1,3}[.)]|[a-z][.)])\s+", re.I)


def parse_description(text: str) -> Parsed:
    """Subject, column phrases in order, and other sentences of a normalised description."""
    parsed = Parsed()
    text, parsed.entity_hint = row_frame(text)
    lines = [line for line in _protect(join_places(text)).split("\n") if line.strip()]
    prose: list[str] = []
    listing = False
    plain_list = len(lines) >= 3 and not any(_BULLET.match(line) for line in lines) and _all_short(lines)
    for line in lines:
        bullet = _BULLET.match(line)
        short = len(line.split()) <= 8 and not re.search(r"[.!?]\s+\S", line)
        if bullet or (listing and short) or (plain_list and not line.rstrip().endswith(":")):
            _flush(prose, parsed)
            prose = []
            if plain_list and not parsed.items:
                parsed.bare_starts.append(0)
            parsed.items.extend(_columns(line[bullet.end():] if bullet else line, parsed) or [line])
            listing = True
            continue
        prose.append(line)
        listing = line.rstrip().endswith(":")
    _flush(prose, parsed)
    parsed.items = [_restored(item) for item in expand_enumerations(parsed.items)]
    parsed.subject = _restored(parsed.subject)
    parsed.notes = [_restored(note) for note in parsed.notes]
    return parsed


def _restored(text: str) -> str:
    return text.replace(_HOLD, "and").replace(COMMA, ",")


def _all_short(lines: list[str]) -> bool:
    return sum(len(line.split()) <= 6 for line in lines) >= len(lines) - 1


def _flush(prose: list[str], parsed: Parsed) -> None:
    short = all(len(line.split()) <= 8 and not re.search(r"[.!?]$", line) for line in prose[1:])
    for sentence in sentences(("\n" if short else " ").join(prose)):
        parse_sentence(sentence, parsed)


def expand_enumerations(items: list[str], limit: int = 200) -> list[str]:
    """'V1-V28' or 'V1, V2, ..., V28' → V1, V2, ..., V28 (at most `limit` names)."""
    out: list[str] = []
    for index, item in enumerate(items):
        span = re.fullmatch(r"([A-Za-z][A-Za-z_]{0,11}?)_?(\d+)\s*(?:-|to|through|thru|\.\.\.?|…)\s*(?:\1_?)?(\d+)", item.strip())
        if span and int(span.group(3)) > int(span.group(2)) and int(span.group(3)) - int(span.group(2)) < limit:
            prefix = span.group(1)
            out.extend(f"{prefix}{n}" for n in range(int(span.group(2)), int(span.group(3)) + 1))
            continue
        if re.fullmatch(r"\.\.\.?|…|etc\.?", item.strip()) and out and index + 1 < len(items):
            out.extend(_fill_gap(out[-1], items[index + 1], limit))
            continue
        out.append(item)
    return out[: limit * 2]


def _fill_gap(before: str, after: str, limit: int) -> list[str]:
    first = re.fullmatch(r"([A-Za-z_ ]+?)(\d+)", before.strip())
    last = re.fullmatch(r"([A-Za-z_ ]+?)(\d+)", after.strip())
    if not first or not last or first.group(1) != last.group(1):
        return []
    start, end = int(first.group(2)) + 1, int(last.group(2))
    return [f"{first.group(1)}{n}" for n in range(start, min(end, start + limit))]
