"""Table-level rules applied after each column is built: which id is the table's own and which
point at other tables, end dates that start no earlier than their start dates, sentences that
qualify a column ("About 26% churned."), and unique, valid names."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.inference.apply import apply_hints
from generator.inference.draft import Draft
from generator.inference.hints import read_hints
from generator.inference.text import key_text, stem
from generator.schema import NAME_RE

_FOREIGN_SIZES = {
    "customer": 5000, "user": 10000, "client": 3000, "product": 500, "item": 500, "store": 50, "shop": 50, "branch": 40,
    "employee": 1000, "manager": 100, "movie": 10000, "book": 5000, "author": 2000, "student": 3000, "course": 200,
    "teacher": 150, "patient": 5000, "doctor": 200, "hospital": 30, "account": 5000, "order": 20000, "supplier": 200,
    "vendor": 200, "category": 20, "department": 15, "warehouse": 10, "driver": 500, "vehicle": 500, "team": 30,
    "player": 2000, "artist": 3000, "album": 5000, "song": 20000, "track": 20000, "session": 50000, "device": 2000,
    "sensor": 200, "merchant": 2000, "region": 10, "city": 300, "country": 195, "campaign": 100, "host": 5000, "listing": 20000,
}
# end-date words → (words of the start date they follow, largest gap in days)
_DATE_PAIRS = [
    (r"discharge", r"admission|admit|admitted", 30), (r"check ?out|checkout|departure", r"check ?in|checkin|arrival", 21),
    (r"deliver", r"ship|dispatch|order|purchase", 14), (r"ship|dispatch", r"order|purchase|sale", 7),
    (r"end|finish|complet|close|resolv|resolution", r"start|begin|open|creat|submit|report", 60),
    (r"return", r"checkout|check ?out|borrow|loan|rental|purchase|order", 30), (r"terminat|exit|leave|left|resign", r"hire|join|start", 3650),
    (r"due", r"issue|invoice|checkout|borrow", 60), (r"last", r"signup|sign up|registration|regist|join|creat|first", 0),
    (r"dropoff|drop off", r"pickup|pick up", 1), (r"arriv", r"depart", 2), (r"expir", r"issue|start|purchase", 3650),
    (r"graduat", r"enrol", 1825), (r"settle|paid|payment|payout", r"claim|invoice|incident|bill", 90), (r"claim", r"incident|accident", 60),
]


def relate_ids(drafts: list[Draft], entity: str) -> None:
    """One id column is the table's own; other generic ids become references to other tables."""
    ids = [d for d in drafts if d.type == "id" and d.generic]
    if not ids:
        return
    own = next((d for d in ids if _refers_to(d.name, entity) or d.name in ("id", "row_id", "record_id")), None)
    if own is None and drafts[0] is ids[0] and not any(d.type == "id" and not d.generic for d in drafts):
        own = ids[0]
    for draft in ids:
        if draft is own:
            continue
        target = re.sub(r"_?(?:id|identifier|key|number|no)$", "", draft.name) or "record"
        size = _FOREIGN_SIZES.get(stem(target.split("_")[-1]), _FOREIGN_SIZES.get(target.split("_")[-1], 1000))
        draft.type, draft.params = "integer", {"min": 1, "max": size, "distribution": "uniform"}
        draft.description = f"Refers to a {target.replace('_', ' ')} (its id)"


def _refers_to(name: str, entity: str) -> bool:
    base = re.sub(r"_?(?:id|identifier|key|number|no)$", "", name)
    return bool(entity) and bool(base) and stem(base.split("_")[-1]) == stem(entity.split()[-1])


def order_dates(columns: list[dict[str, Any]]) -> None:
    """Make an end date's range start no earlier than its start date's (discharge after admission)."""
    dated = [c for c in columns if c["type"] in ("date", "datetime") and "start" in c and "end" in c]
    for index, column in enumerate(dated):
        words = column["name"].replace("_", " ")
        for end_pattern, start_pattern, gap in _DATE_PAIRS:
            if not re.search(end_pattern, words):
                continue
            start = next((c for c in reversed(dated[:index]) if re.search(start_pattern, c["name"].replace("_", " "))), None)
            if start is not None:
                _follow(column, start, gap)
                break


def _follow(end: dict[str, Any], start: dict[str, Any], gap: int) -> None:
    end["start"] = max(end["start"], start["start"])
    if gap:
        end["end"] = max(end["end"], _add_days(start["end"], gap))
    end["end"] = max(end["end"], end["start"])


def _add_days(value: str, days: int) -> str:
    if "T" in value:
        return (dt.datetime.fromisoformat(value) + dt.timedelta(days=days)).isoformat(timespec="seconds")
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()


def apply_notes(drafts: list[Draft], notes: list[str], today: dt.date) -> None:
    """Sentences such as 'About 37% of bookings are cancelled.' qualify the column they mention."""
    for note in notes:
        hints = read_hints(note, today)
        hints.values, hints.note, hints.type_hint, hints.key, hints.unit = [], "", "", False, None
        target = _mentioned(drafts, note, hints)
        if target is not None:
            apply_hints(target, hints)
        elif hints.null_rate is not None:
            for draft in drafts[1:]:
                if draft.type not in ("id", "uuid"):
                    draft.null_rate = hints.null_rate


def _mentioned(drafts: list[Draft], note: str, hints) -> Draft | None:
    """The column a sentence is about: most name words in common, then a type the sentence fits."""
    said = {stem(w) for w in key_text(note).split() if len(w) > 2}
    best, best_score = None, (0, 0)
    for draft in drafts:
        named = {stem(w) for w in draft.name.split("_") if len(w) > 2 and w not in ("num", "has", "the", "date")}
        fits = (hints.rate is not None and draft.type == "boolean") or (hints.lo is not None and draft.numeric()) or (
            hints.dates is not None and draft.type in ("date", "datetime"))
        score = (len(said & named), int(fits and draft.type not in ("id", "uuid")))
        if score[0] and score > best_score:
            best, best_score = draft, score
    return best


def unique_names(drafts: list[Draft]) -> None:
    """Valid snake_case names, each used once (a repeat gets _2, _3, ...)."""
    seen: set[str] = set()
    for index, draft in enumerate(drafts, start=1):
        name = draft.name if NAME_RE.match(draft.name or "") else f"column_{index}"
        base, counter = name[:60], 2
        while name in seen:
            name = f"{base}_{counter}"
            counter += 1
        seen.add(name)
        draft.name = name
