"""python manage.py class SCHEMA_ID CLASS_LIST --rows N --seed S [--messy KNOBS] [--base-url URL] [-o FILE]

A CSV of per-student permalinks (and, since the command line is the instructor's, each student's
signed answer-key link), the same table POST /api/class answers with.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from generator import classroom, services
from generator.forms import ClassForm


class Command(BaseCommand):
    help = "Turn a class list (one student id a line, optionally a comma and the name) into per-student permalinks."

    def add_arguments(self, parser):
        parser.add_argument("schema_id", help="the id of a stored schema (the preview page and every download name it)")
        parser.add_argument("class_list", help="a file with one student id a line, optionally followed by a comma and the name; - reads stdin")
        parser.add_argument("--rows", default="100", help="rows in each student's file (default 100)")
        parser.add_argument("--seed", required=True, help="the instructor's seed: each student's file is made from it")
        parser.add_argument("--messy", default="", help="messy data for every student, e.g. all or missing,typos:0.1")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="the site's address the links start with")
        parser.add_argument("--output", "-o", default="-", help="CSV file to write; - or omitted writes to stdout")

    def handle(self, *args, **options):
        form = ClassForm({"schema_id": options["schema_id"], "rows": options["rows"], "seed": options["seed"], "messy": options["messy"]})
        if not form.is_valid():
            raise CommandError("; ".join(f"--{field.replace('_', '-')}: {' '.join(errors)}" for field, errors in form.errors.items()), returncode=2)
        data = form.cleaned_data
        try:
            text = sys.stdin.read() if options["class_list"] == "-" else Path(options["class_list"]).read_text(encoding="utf-8-sig")
            students = classroom.class_list_parse(text)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"class list: cannot read {options['class_list']}: {exc}", returncode=2) from None
        except classroom.ClassListError as exc:
            raise CommandError(f"class list: {exc}", returncode=2) from None
        try:
            services.schema_get(schema_id=data["schema_id"])
        except services.SchemaNotFound:
            raise CommandError(f"schema_id: no schema has the id {data['schema_id']!r}", returncode=2) from None
        base = options["base_url"].rstrip("/")
        links = classroom.class_links(schema_id=data["schema_id"], rows=data["rows"], seed=data["seed"], messy=data["messy"],
                                      students=students, answers=True, absolute=lambda path: base + path)
        table = classroom.class_csv(links)
        if options["output"] == "-":
            self.stdout.write(table, ending="")
        else:
            Path(options["output"]).write_text(table, encoding="utf-8")
        self.stderr.write(f"{len(links)} students; answer-key links are signed with this server's secret: keep them to yourself")
