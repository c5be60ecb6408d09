"""Table-level rules applied after each column is built: which id is the table's own and which
point at other tables, end dates that start no earlier than their start dates, sentences that
qualify a column ("About 26% churned."), and unique, valid names."""

from __future__ import annotations

import datetime as dt
import re

from generator.inference.build.apply import apply_hints
from generator.inference.build.draft import Draft
from generator.inference.knowledge.loader import knowledge
from generator.inference.read.hints import read_hints
from generator.inference.text import key_text, stem
from generator.schema import NAME_RE


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
        sizes = knowledge().foreign_sizes
        size = sizes.get(stem(target.split("_")[-1]), sizes.get(target.split("_")[-1], 1000))
        draft.type, draft.params = "integer", {"min": 1, "max": size, "distribution": "uniform"}
        draft.description = f"Refers to a {target.replace('_', ' ')} (its id)"


def _refers_to(name: str, entity: str) -> bool:
    base = re.sub(r"_?(?:id|identifier|key|number|no)$", "", name)
    return bool(entity) and bool(base) and stem(base.split("_")[-1]) == stem(entity.split()[-1])


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
