"""Instructor capabilities and class lists.

There are no accounts: what a student gets by default never holds an answer, and the instructor's
answer keys are reached through links signed with the server's secret (DJANGO_SECRET_KEY). The
signature is an HMAC over the schema id, the seed and the options that change what an answer key
says (student, messy); anyone holding the link can use it, nobody can make one without the secret,
and changing any of those values in the link breaks it.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "synthsite.instructor"
STUDENT_ID = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
MAX_STUDENTS = 500


def instructor_key(*, schema_id: str, seed: int, student: str = "", messy: str = "") -> str:
    """The signature an instructor link carries as `key=`."""
    message = "|".join((schema_id, str(seed), student, messy))
    return salted_hmac(SALT, message, algorithm="sha256").hexdigest()[:32]


def schema_key(*, schema_id: str) -> str:
    """The signature the schema editor carries, so that an edit that fails may show the schema again."""
    return salted_hmac(SALT + ".editor", schema_id, algorithm="sha256").hexdigest()[:32]


def schema_key_valid(*, schema_id: str, key: str) -> bool:
    return bool(key) and constant_time_compare(key, schema_key(schema_id=schema_id))


def instructor_problem(*, key: str, schema_id: str, seed: int | None, student: str = "", messy: str = "") -> str:
    """Why `key` does not open the answers for these options ("" when it does)."""
    if seed is None:
        return "An instructor link names its seed; this one has none."
    if not constant_time_compare(key, instructor_key(schema_id=schema_id, seed=seed, student=student, messy=messy)):
        return ("This instructor link's key does not match its schema, seed, student and messy options "
                "(it was changed, or made on another server): answer keys need the link exactly as the preview page gave it.")
    return ""


@functools.cache
def _headers() -> frozenset[str]:
    """The words a class list's first line may start with when it is a header, not a student."""
    with (Path(__file__).parent / "data" / "classroom.toml").open("rb") as handle:
        return frozenset(tomllib.load(handle)["header_words"])


class ClassListError(ValueError):
    """A class list that cannot be used; the message names the line."""


@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""


def class_list_parse(text: str) -> list[Student]:
    """Students from a pasted or uploaded list: one a line, `id` or `id,name` (a header line
    starting with "id" is skipped; blank lines too). Ids must be unique and safe in a link."""
    students: list[Student] = []
    seen: set[str] = set()
    for number, row in enumerate(csv.reader(io.StringIO(text.replace("\t", ","))), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (number == 1 and cells[0].lower() in _headers()):
            continue
        student_id, name = cells[0], ", ".join(c for c in cells[1:] if c)
        if not STUDENT_ID.match(student_id):
            raise ClassListError(f"Line {number}: {student_id[:70]!r} is not a student id: use 1 to 64 letters, digits, dots, dashes, underscores or @.")
        if student_id in seen:
            raise ClassListError(f"Line {number}: the student id {student_id!r} is listed twice.")
        seen.add(student_id)
        students.append(Student(student_id, name[:200]))
    if not students:
        raise ClassListError("The class list is empty: put one student id a line, optionally followed by a comma and the name.")
    if len(students) > MAX_STUDENTS:
        raise ClassListError(f"The class list has {len(students):,} students; at most {MAX_STUDENTS} at a time.")
    return students


def class_links(*, schema_id: str, rows: int, seed: int, messy: str, students: list[Student], answers: bool, absolute) -> list[dict[str, str]]:
    """Each student's permalinks (CSV and zip, with their student and messy options) and, for the
    instructor (`answers`), the signed answer-key zip of that student's file. `absolute` turns a
    path into a full address."""
    found = []
    for student in students:
        query = {"rows": rows, "seed": seed, "student": student.id, **({"messy": messy} if messy else {})}
        link = {
            "student": student.id,
            "name": student.name,
            "csv": absolute(reverse("dataset", kwargs={"schema_id": schema_id, "fmt": "csv"}) + "?" + urlencode(query)),
            "zip": absolute(reverse("dataset", kwargs={"schema_id": schema_id, "fmt": "zip"}) + "?" + urlencode(query)),
        }
        if answers:
            signed = {**query, "key": instructor_key(schema_id=schema_id, seed=seed, student=student.id, messy=messy)}
            link["answer_key"] = absolute(reverse("dataset", kwargs={"schema_id": schema_id, "fmt": "zip"}) + "?" + urlencode(signed))
        found.append(link)
    return found


def class_csv(links: list[dict[str, str]]) -> str:
    """The links as a CSV table, one student a row."""
    out = io.StringIO()
    columns = ["student", "name", "csv", "zip", *(["answer_key"] if links and "answer_key" in links[0] else [])]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(links)
    return out.getvalue()
