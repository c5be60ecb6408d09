"""python manage.py generate "DESCRIPTION" --rows N --seed S --output FILE [--format csv|json]"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from generator import services
from generator.forms import GenerateForm
from generator.inference import InferenceError
from generator.schema import SchemaError
from generator.writers import FORMATS


class Command(BaseCommand):
    help = "Describe a dataset in plain English and write synthetic rows as CSV (or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("description", help='what the rows are and which columns, e.g. "customers with name, email and age"')
        parser.add_argument("--rows", default="100", help="number of rows (default 100)")
        parser.add_argument("--seed", default=None, help="whole number; the same seed gives the same file (default: random, printed)")
        parser.add_argument("--format", default="csv", help=f"one of {', '.join(FORMATS)} (default csv)")
        parser.add_argument("--output", "-o", default="-", help="file to write; - or omitted writes to stdout")

    def handle(self, *args, **options):
        form = GenerateForm(
            {"description": options["description"], "rows": options["rows"], "seed": options["seed"], "format": options["format"]}
        )
        if not form.is_valid():
            raise CommandError(_messages(form.errors), returncode=2)
        try:
            result = services.schema_get_or_create(description=form.cleaned_data["description"])
        except (InferenceError, SchemaError) as exc:
            raise CommandError(f"description: {exc}", returncode=2) from None
        dataset = services.dataset_build(
            schema=result.schema, rows=form.cleaned_data["rows"], seed=form.cleaned_data["seed"], fmt=form.cleaned_data["format"]
        )
        _write(dataset.chunks, options["output"])
        if result.notice:
            self.stderr.write(f"notice: {result.notice}")
        self.stderr.write(
            f"{form.cleaned_data['rows']} rows, seed {dataset.seed}, schema {dataset.schema_id} ({result.source}); "
            f"permalink: /datasets/{dataset.schema_id}.{form.cleaned_data['format']}?rows={form.cleaned_data['rows']}&seed={dataset.seed}"
        )


def _messages(errors) -> str:
    return "\n".join(f"{'--' + field if field != 'description' else field}: {message}" for field, messages in errors.items() for message in messages)


def _write(chunks, output: str) -> None:
    if output == "-":
        for piece in chunks:
            sys.stdout.buffer.write(piece)
        sys.stdout.buffer.flush()
        return
    target = Path(output)
    if not target.parent.is_dir():
        raise CommandError(f"--output: the folder {target.parent} does not exist", returncode=2)
    # Write beside the target and rename, so a failure never leaves a half-written file behind.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in chunks:
                handle.write(piece)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
